// future-sim compare --overrides-on: overrides on one side alone (plain and paired), the paired
// tables' heads, and sensitivity --by-year in its formats.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

const baseline = join(new URL('../../', import.meta.url).pathname, 'scenarios/baseline.yaml');

interface Paired {
  outputs: { output: string; a: number; b: number; probability?: { change: { estimate: number; se: number }; unpairedSe: number } }[];
}

describe('future-sim compare --overrides-on', () => {
  it('compares the baseline with its shifted self when the shift is on b alone, paired', async () => {
    const { code, out } = await cli('compare', baseline, baseline, '--paired', '--overrides-on', 'b', '--shift-pp', 'total=1', '--format', 'json', '--trials', '1000');
    expect(code).toBe(0);
    const target = (JSON.parse(out) as Paired).outputs.find((o) => o.output === 'target:plan-2030')!;
    expect(target.b).toBeGreaterThan(target.a);
    expect(target.probability!.change.se).toBeLessThan(target.probability!.unpairedSe / 2);
    // on a alone the change is the same, the other way round
    const onA = (
      JSON.parse((await cli('compare', baseline, baseline, '--paired', '--overrides-on', 'a', '--shift-pp', 'total=1', '--format', 'json', '--trials', '1000')).out) as Paired
    ).outputs.find((o) => o.output === 'target:plan-2030')!;
    expect(onA.probability!.change.estimate).toBe(-target.probability!.change.estimate);
    // on both sides (the default) it changes nothing
    const both = (JSON.parse((await cli('compare', baseline, baseline, '--paired', '--shift-pp', 'total=1', '--format', 'json', '--trials', '1000')).out) as Paired).outputs;
    for (const o of both) expect(o.b).toBe(o.a);
  });

  it('runs the plain comparison with the overrides on one side, and names them in that side’s title', async () => {
    const { code, out } = await cli('compare', baseline, baseline, '--overrides-on', 'b', '--shift-pp', 'total=1', '--format', 'json', '--trials', '500');
    expect(code).toBe(0);
    const c = JSON.parse(out) as { total: { p50: { diff: number[] } } };
    expect(c.total.p50.diff[0]).toBe(0);
    expect(c.total.p50.diff.at(-1)).toBeGreaterThan(0);
    const table = await cli('compare', baseline, baseline, '--overrides-on', 'b', '--shift-pp', 'total=1', '--trials', '500');
    expect(table.out.split('\n')[0]).toBe(
      'Baseline: plan delivered as announced (Changed from the scenario: growth +1 pp/yr in all fields) (baseline) minus Baseline: plan delivered as announced (baseline) · same 500 trials and seed 20221011 (common random numbers)',
    );
  });

  it('says the choices of --overrides-on', async () => {
    const { code, err } = await cli('compare', baseline, baseline, '--overrides-on', 'c');
    expect(code).toBe(2);
    expect(err).toContain("argument 'c' is invalid. Allowed choices are a, b, both.");
  });

  it('gives every column of the paired Markdown tables a head', async () => {
    const { out } = await cli('compare', baseline, baseline, '--paired', '--overrides-on', 'b', '--shift-pp', 'total=0.01', '--format', 'md', '--trials', '500');
    const heads = out.split('\n').filter((l, i, all) => all[i + 1]?.startsWith('| ---'));
    expect(heads.length).toBe(3);
    for (const head of heads) for (const cell of head.split('|').slice(1, -1)) expect(cell.trim()).not.toBe('');
    // a change within sampling noise says so in its cell
    expect(out).toMatch(/\| \+0\.0 pp; within sampling noise \|/);
  });
});

describe('future-sim sensitivity --by-year', () => {
  it("gives each target's probability and group shares for every year, in JSON, CSV and a table", async () => {
    const { code, out } = await cli('sensitivity', baseline, '--by-year', '--format', 'json', '--trials', '2000', '--output', 'target:plan-2030');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { byYear: boolean; targets: { target: string; years: { year: number; probability: { estimate: number }; groups: { group: string }[] }[] }[] };
    expect(doc.byYear).toBe(true);
    const years = doc.targets[0].years;
    expect(years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
    // the chance of being at or above 500 bn rises year by year
    for (let k = 1; k < years.length; k++) expect(years[k].probability.estimate).toBeGreaterThanOrEqual(years[k - 1].probability.estimate);
    expect(years[0].groups.map((g) => g.group)).toContain('base');
    const csv = await cli('sensitivity', baseline, '--by-year', '--format', 'csv', '--trials', '2000', '--output', 'target:plan-2030');
    const rows = csv.out.trim().split('\n');
    expect(rows[0]).toBe('target,year,probability,probability_se,group,share,se');
    expect(rows.length).toBe(1 + 11 * (years[0].groups.length + 1));
    const table = await cli('sensitivity', baseline, '--by-year', '--trials', '2000', '--output', 'target:plan-2030');
    expect(table.out).toMatch(/^2030 +38\.\d% ± 1\.\d +0\.\d{3} ± 0\.0\d{2}/m);
  });

  it('names the valid targets for an unknown one, and refuses --method sobol', async () => {
    const unknown = await cli('sensitivity', baseline, '--by-year', '--output', 'total@2030', '--trials', '200');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--output: unknown target "total@2030"; targets: plan-2030, milestone-2035');
    const sobol = await cli('sensitivity', baseline, '--by-year', '--method', 'sobol', '--trials', '200');
    expect(sobol.code).toBe(2);
    expect(sobol.err).toContain("--by-year: is given data from the run's own trials: leave out --method sobol");
  });
});
