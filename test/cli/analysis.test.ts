// future-sim sensitivity and discover: what a script reads (JSON with each index's path, group and
// interval), what a reader reads (tables, sentences), and bad input named by its flag.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
const baseline = join(root, 'scenarios/baseline.yaml');

interface Index {
  path?: string;
  group: string;
  first: { estimate: number; low: number; high: number };
  total?: { estimate: number; low: number; high: number };
}

describe('future-sim sensitivity', () => {
  it('prints given-data shares as JSON only, each with its path, group and interval, the shared base error first', async () => {
    const { code, out, err } = await cli('sensitivity', baseline, '--format', 'json', '--trials', '4000', '--output', 'total@2030');
    expect(code).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out) as { method: string; trials: number; outputs: { output: string; indices: Index[]; groups: { group: string }[] }[] };
    expect(json.method).toBe('given-data');
    const [total] = json.outputs;
    expect(total.output).toBe('total@2030');
    const top = [...total.indices].sort((a, b) => b.first.estimate - a.first.estimate)[0];
    expect(top).toMatchObject({ path: 'parameterCorrelations.base.total', group: 'base' });
    expect(top.first.estimate).toBeGreaterThan(0.4);
    for (const i of total.indices) {
      expect(Number.isFinite(i.first.estimate)).toBe(true);
      expect(i.first.low).toBeLessThanOrEqual(i.first.estimate);
      expect(i.first.high).toBeGreaterThanOrEqual(i.first.estimate);
    }
    expect(total.groups.map((g) => g.group)).toContain('growth:intelligence');
  });

  it('gives Sobol indices by group with their intervals and the evaluations used', async () => {
    const { code, out } = await cli('sensitivity', baseline, '--method', 'sobol', '--format', 'json', '--trials', '1000', '--output', 'target:plan-2030');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { n: number; evaluations: number; outputs: { indices: Index[] }[] };
    const groups = json.outputs[0].indices.map((i) => i.group);
    expect(groups).toEqual(expect.arrayContaining(['base', 'noise', 'event-occurrence', 'lever-delivery']));
    expect(json.evaluations).toBe(1000 * (groups.length + 2));
    for (const i of json.outputs[0].indices) expect(i.total!.low).toBeLessThanOrEqual(i.total!.high);
  });

  it('reads as a table with labels in Chinese, and warns when the trials are too few', async () => {
    const { code, out, err } = await cli('sensitivity', baseline, '--trials', '500', '--lang', 'zh', '--top', '3');
    expect(code).toBe(0);
    expect(out).toContain('基数的共同误差');
    expect(err).toMatch(/^warning: some shares are uncertain by more than ±0\.02 at 500 trials; run --trials \d[\d,]* or more/);
  });

  it('names the valid outputs for an unknown one, at its flag', async () => {
    const { code, err } = await cli('sensitivity', baseline, '--output', 'total@2031');
    expect(code).toBe(2);
    expect(err).toContain('--output: unknown output "total@2031"; outputs: target:plan-2030, target:milestone-2035, total@2030');
  });
});

describe('future-sim discover', () => {
  it('says where the 2030 target is met, as a sentence and as JSON with the box and its trajectory', async () => {
    const table = await cli('discover', baseline, '--trials', '4000');
    expect(table.code).toBe(0);
    expect(table.out).toMatch(
      /the 2030 target is met in \d+\.\d% of the simulated worlds in which .* is above [\d,.]+ bn; these worlds are \d+\.\d% of all and hold \d+\.\d% of the worlds that meet it\./,
    );
    const { out } = await cli('discover', baseline, '--trials', '4000', '--format', 'json');
    const json = JSON.parse(out) as { probability: number; boxes: { density: number; coverage: number; restrictions: { id: string }[]; trajectory: unknown[] }[] };
    expect(json.boxes.length).toBeGreaterThan(0);
    expect(json.boxes[0].density).toBeGreaterThan(json.probability);
    expect(json.boxes[0].restrictions.length).toBeGreaterThan(0);
    expect(json.boxes[0].trajectory.length).toBeGreaterThan(5);
  });

  it('names the valid targets for an unknown one', async () => {
    const { code, err } = await cli('discover', baseline, '--target', 'nope', '--trials', '200');
    expect(code).toBe(2);
    expect(err).toContain('--target: unknown target "nope"; targets: plan-2030, milestone-2035');
  });
});

describe('future-sim compare --paired', () => {
  it('gives a scenario against itself zero difference in every world and channel, exactly', async () => {
    const { code, out } = await cli('compare', baseline, baseline, '--paired', '--format', 'json', '--trials', '1000');
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      outputs: { difference?: { quantiles: number[] }; probability?: { change: { estimate: number; se: number } }; channels: Record<string, number> }[];
    };
    for (const o of json.outputs) {
      if (o.difference) expect(o.difference.quantiles).toEqual([0, 0, 0, 0, 0]);
      if (o.probability) expect(o.probability.change).toEqual({ estimate: 0, se: 0 });
      expect(Object.values(o.channels)).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('shows the headwinds gap with paired standard errors and split by channel', async () => {
    const headwinds = join(root, 'scenarios/headwinds.yaml');
    const { code, out } = await cli('compare', baseline, headwinds, '--paired', '--trials', '2000');
    expect(code).toBe(0);
    expect(out).toContain('± paired s.e.');
    expect(out).toMatch(/The gap split by channel/);
    expect(out).toMatch(/total output in 2030 .* −[\d.]+ bn/);
  });
});
