/**
 * Draw designs: a matrix of uniforms, one row per trial and one column per input path, drives the
 * parameter draws; bad designs are rejected naming the problem and the fix.
 */
import { describe, expect, it } from 'vitest';
import { runModelFull } from '../../src/core/run.ts';
import { cagrField, cluster, compile, issueAt, issuesOf, lever, record, scenario } from './helpers.ts';

const s = scenario({
  clusters: [
    cluster('c', [cagrField('f', { dist: 'lognormal', low: 50, high: 200 }, { dist: 'uniform', min: 0.1, max: 0.3 }), cagrField('g', { dist: 'uniform', min: 1, max: 3 }, 0.05)]),
  ],
  levers: [lever('l', { dist: 'uniform', min: 0.5, max: 1.5 }, [{ scope: 'total', perUnitDelivery: 0.1 }])],
});

describe('model inputs', () => {
  it('lists every uncertain input with a stable path and a group; fixed numbers are not inputs', () => {
    expect(compile(s).inputs.map((i) => [i.path, i.group])).toEqual([
      ['clusters.c.fields.f.base', 'base'],
      ['clusters.c.fields.f.growth.periods[0].rate', 'growth'],
      ['clusters.c.fields.g.base', 'base'],
      ['levers.l.delivery', 'lever-delivery'],
    ]);
  });
});

describe('a design drives the draws', () => {
  const model = compile(s);
  it('a column of 0.5 puts the input at its median in every trial; other inputs keep their seeded draws', () => {
    const rows = 50;
    const values = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      values[2 * r] = 0.5; // f's base
      values[2 * r + 1] = (r + 0.5) / rows; // g's base
    }
    const { inputs } = runModelFull(model, { design: { columns: ['clusters.c.fields.f.base', 'clusters.c.fields.g.base'], values }, keepInputs: true });
    const width = model.inputs.length;
    const seeded = record(model, rows, 1, { keepInputs: true }).buffers.state.inputs as Float64Array;
    for (let r = 0; r < rows; r++) {
      expect((inputs as Float64Array)[r * width]).toBeCloseTo(100, 9); // √(50·200)
      expect((inputs as Float64Array)[r * width + 2]).toBeCloseTo(1 + (2 * (r + 0.5)) / rows, 12);
      expect((inputs as Float64Array)[r * width + 1]).toBe(seeded[r * width + 1]); // the rate: seeded, as without a design
    }
  });

  it('trials default to the design rows', () => {
    const { result } = runModelFull(model, { design: { columns: ['levers.l.delivery'], values: new Float64Array(30).fill(0.25) } });
    expect(result.meta.trials).toBe(30);
  });
});

describe('bad designs', () => {
  const model = compile(s);
  const run = (design: { columns: string[]; values: Float64Array }, trials?: number) => issuesOf(() => runModelFull(model, { design, trials }));

  it('names an unknown path and suggests the input with the same ending', () => {
    expect(issueAt(run({ columns: ['clusters.c.fields.h.base'], values: new Float64Array(10).fill(0.5) }), 'design.columns[0]').message).toMatch(
      /unknown input "clusters.c.fields.h.base".*did you mean clusters.c.fields.f.base/,
    );
  });

  it('rejects a repeated column, the wrong number of values, values outside (0, 1) and NaN', () => {
    expect(issueAt(run({ columns: ['levers.l.delivery', 'levers.l.delivery'], values: new Float64Array(20).fill(0.5) }), 'design.columns[1]').message).toMatch(/also column 0/);
    expect(issueAt(run({ columns: ['levers.l.delivery'], values: new Float64Array(10).fill(0.5) }, 20), 'design.values').message).toMatch(
      /20 × 1 = 20 numbers, got 10 \(10 rows: run with --trials 10\)/,
    );
    const bad = new Float64Array(10).fill(0.5);
    bad[3] = 0;
    bad[7] = Number.NaN;
    const issues = run({ columns: ['levers.l.delivery'], values: bad });
    expect(issueAt(issues, 'design.values[3][0]').message).toMatch(/strictly between 0 and 1.*got 0/);
    expect(issueAt(issues, 'design.values[7][0]').message).toMatch(/got NaN/);
  });
});
