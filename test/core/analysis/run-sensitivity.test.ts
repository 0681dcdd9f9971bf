// The sensitivity every run computes from its own trials (result.sensitivity): the same numbers as
// the on-request given-data analysis, the known shares of an additive scenario, its trial cap.
import { describe, expect, it } from 'vitest';
import { headlineOutputs, pickOutputs } from '../../../src/core/analysis/output-ids.ts';
import { evaluateOutputs } from '../../../src/core/analysis/outputs.ts';
import { inputQuantiles } from '../../../src/core/analysis/quantiles.ts';
import { givenDataSensitivity } from '../../../src/core/analysis/sensitivity.ts';
import { SENSITIVITY_TRIALS_MAX } from '../../../src/core/limits.ts';
import { runModel } from '../../../src/core/run.ts';
import { additive, cagrField, cluster, compile, scenario, tinyScenario } from '../helpers.ts';

describe("a run's free sensitivity", () => {
  it('explains each target and the total in the target years, and gives the on-request analysis its numbers exactly', () => {
    const model = compile(tinyScenario());
    const result = runModel(model, { trials: 3000, seed: 11 });
    const s = result.sensitivity;
    expect(s?.outputs.map((o) => o.output)).toEqual(['target:t2030', 'target:a2028', 'total@2028', 'alpha@2028', 'total@2030']);
    expect(s?.trials).toBe(3000);
    expect(s?.inputs.map((i) => i.path)).toEqual(model.inputs.map((i) => i.path));
    const outputs = pickOutputs(
      headlineOutputs(model),
      (s?.outputs ?? []).map((o) => o.output),
    );
    const { values } = evaluateOutputs(model, outputs, { trials: 3000, seed: 11 });
    const given = givenDataSensitivity(model, outputs, values, inputQuantiles(model, 11, 3000));
    given.outputs.forEach((g, k) => {
      const free = s?.outputs[k];
      expect(free?.mean).toBeCloseTo(g.mean, 12);
      g.inputs.forEach((e, i) => {
        expect(free?.first[i]).toBeCloseTo(e.share.estimate, 12);
        expect(free?.firstSe[i]).toBeCloseTo(e.share.se, 12);
        expect(free?.low[i]).toBeCloseTo(e.tornado.low, 9);
        expect(free?.high[i]).toBeCloseTo(e.tornado.high, 9);
        expect(free?.swingSe[i]).toBeCloseTo(e.tornado.swing.se, 9);
      });
      g.groups.forEach((x, j) => expect(free?.groupFirst[j]).toBeCloseTo(x.share.estimate, 12));
      expect(free?.rest).toBeCloseTo(g.rest.estimate, 12);
    });
    // the target's probability is the success's mean, with its standard error beside it
    expect(s?.outputs[0].mean).toBe(result.targets[0].probability);
    const p = result.targets[0].probability;
    expect(result.targets[0].probabilitySe).toBeCloseTo(Math.sqrt((p * (1 - p)) / 3000), 15);
  });

  it('finds the shares 1/5 and 4/5 of an additive scenario, and tornado bars at the bases’ tenths', () => {
    const result = runModel(compile(additive()), { trials: 20000, seed: 3 });
    const total = result.sensitivity?.outputs.find((o) => o.output === 'total@2030');
    if (!total) throw new Error('no total@2030');
    expect(Math.abs(total.first[0] - 0.2)).toBeLessThan(3 * total.firstSe[0] + 0.005);
    expect(Math.abs(total.first[1] - 0.8)).toBeLessThan(3 * total.firstSe[1] + 0.005);
    expect(total.rest).toBeLessThan(0.02);
    // E[total | f2 in its top tenth] − E[total | bottom tenth] = 2σ·φ(z.9)/0.1 · 2 = 2 · 2 · 1.7550
    expect(Math.abs(total.high[1] - total.low[1] - 4 * 1.755)).toBeLessThan(3 * total.swingSe[1] + 0.01);
  });

  it(`uses the first ${SENSITIVITY_TRIALS_MAX} trials of a bigger run: the same numbers as a run of that many`, () => {
    const model = compile(additive());
    const big = runModel(model, { trials: SENSITIVITY_TRIALS_MAX + 1500, seed: 4 });
    const capped = runModel(model, { trials: SENSITIVITY_TRIALS_MAX, seed: 4 });
    expect(big.sensitivity?.trials).toBe(SENSITIVITY_TRIALS_MAX);
    expect(big.sensitivity).toEqual(capped.sensitivity);
  });

  it('is absent when nothing is uncertain, and when the run is told to leave it out', () => {
    const fixed = scenario({ clusters: [cluster('c', [cagrField('f1', 100, 0.05)])] });
    expect(runModel(compile(fixed), { trials: 100 }).sensitivity).toBeUndefined();
    expect(runModel(compile(additive()), { trials: 100, sensitivity: false }).sensitivity).toBeUndefined();
  });

  it('never returns NaN: a target met in every trial has zero variance and zero shares', () => {
    const s = additive();
    s.targets = [{ id: 't', year: 2030, scope: 'total', value: 1 }];
    const out = runModel(compile(s), { trials: 500, seed: 1 }).sensitivity?.outputs[0];
    expect(out?.mean).toBe(1);
    expect(out?.first).toEqual([0, 0]);
    expect(JSON.stringify(out)).not.toMatch(/null|NaN/);
  });
});

describe('inputs that cannot move an output', () => {
  it('give a share of exactly 0 and no swing: an event switched off, and a growth period after the year', () => {
    const s = additive();
    s.endYear = 2035;
    for (const f of s.clusters[0].fields)
      f.growth = {
        model: 'cagr',
        periods: [
          { from: 2025, to: 2030, rate: 0 },
          { from: 2031, to: 2035, rate: { dist: 'uniform', min: 0, max: 0.2 } },
        ],
      };
    s.events = [{ id: 'e', scope: ['total'], years: { from: 2025, to: 2030 }, probabilityPerYear: 0.2, impact: { dist: 'uniform', min: -0.3, max: -0.1 } }];
    const model = compile(s, { events: { e: false } });
    const out = runModel(model, { trials: 2000, seed: 5 }).sensitivity;
    const total2030 = out?.outputs.find((o) => o.output === 'total@2030');
    for (const path of ['events.e.impact', 'clusters.c.fields.f1.growth.periods[1].rate']) {
      const i = model.inputs.findIndex((x) => x.path === path);
      expect(i, path).toBeGreaterThanOrEqual(0);
      expect([total2030?.first[i], total2030?.firstSe[i], total2030?.swingSe[i]]).toEqual([0, 0, 0]);
      expect(total2030?.low[i]).toBe(total2030?.mean);
      expect(total2030?.high[i]).toBe(total2030?.mean);
    }
  });
});
