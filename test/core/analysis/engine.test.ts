// Sensitivity, discovery and paired comparison on the engine: scenarios whose answers are known.
import { describe, expect, it } from 'vitest';
import { pairedComparison } from '../../../src/core/analysis/compare-paired.ts';
import { discoverScenarios } from '../../../src/core/analysis/discover.ts';
import { headlineOutputs, pickOutputs } from '../../../src/core/analysis/output-ids.ts';
import { evaluateOutputs } from '../../../src/core/analysis/outputs.ts';
import { parameterGroups } from '../../../src/core/analysis/parameters.ts';
import { inputQuantiles } from '../../../src/core/analysis/quantiles.ts';
import { givenDataSensitivity } from '../../../src/core/analysis/sensitivity.ts';
import { sobolSensitivity } from '../../../src/core/analysis/sobol-run.ts';
import { additive, cagrField, cluster, compile, scenario } from '../helpers.ts';

describe('sensitivity on the engine', () => {
  it('finds the exact shares of an additive scenario, given data and by Sobol', () => {
    const model = compile(additive());
    const outputs = pickOutputs(headlineOutputs(model), ['total@2030']);
    const { values } = evaluateOutputs(model, outputs, { trials: 20000, seed: 3 });
    const given = givenDataSensitivity(model, outputs, values, inputQuantiles(model, 3, 20000)).outputs[0];
    const [f1, f2] = given.inputs;
    expect(Math.abs(f1.share.estimate - 0.2)).toBeLessThan(3 * f1.share.se + 0.005);
    expect(Math.abs(f2.share.estimate - 0.8)).toBeLessThan(3 * f2.share.se + 0.005);
    expect(given.groups.find((g) => g.id === 'base')?.share.estimate).toBeGreaterThan(0.98);
    const sobol = sobolSensitivity(model, outputs, { n: 8192, by: 'input', seed: 5, resamples: 50 });
    const [s1, s2] = sobol.outputs[0].indices;
    expect(Math.abs(s1.first.estimate - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(s2.first.estimate - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(s1.total.estimate - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(s2.total.estimate - 0.8)).toBeLessThan(0.02);
    expect(sobol.evaluations).toBe(8192 * 4);
  });

  it('gives annual noise a share of exactly zero when it is switched off', () => {
    const s = additive();
    s.clusters[0].fields.forEach((f) => (f.volatility = 0.1));
    const model = compile(s, { volatilityScale: 0 });
    expect(parameterGroups(model).map((g) => g.id)).toContain('noise');
    const outputs = pickOutputs(headlineOutputs(model), ['total@2030']);
    const sobol = sobolSensitivity(model, outputs, { n: 1000, by: 'group', seed: 1, resamples: 20 });
    const noise = sobol.outputs[0].indices[sobol.factors.findIndex((f) => f.id === 'noise')];
    expect(noise.first).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(noise.total).toEqual({ estimate: 0, low: 0, high: 0 });
    // switched on, it has a share
    const on = sobolSensitivity(compile(s), outputs, { n: 1000, by: 'group', seed: 1, resamples: 20 });
    expect(on.outputs[0].indices[on.factors.findIndex((f) => f.id === 'noise')].total.estimate).toBeGreaterThan(0.1);
  });

  it("takes each trial's quantiles as the kernel drew them", () => {
    const model = compile(additive());
    const { inputs } = evaluateOutputs(model, [], { trials: 500, seed: 9, keepInputs: true });
    const u = inputQuantiles(model, 9, 500);
    // the draws of a normal input rise with its quantile
    const order = (x: ArrayLike<number>) => Array.from({ length: 500 }, (_, j) => j).sort((a, b) => x[a] - x[b]);
    const drawn = Float64Array.from({ length: 500 }, (_, j) => (inputs as Float64Array)[j * model.inputs.length]);
    expect(order(drawn)).toEqual(order(u[0]));
  });

  it('names the valid outputs for an unknown one', () => {
    const model = compile(additive());
    expect(() => pickOutputs(headlineOutputs(model), ['total@2031'])).toThrow(/unknown output "total@2031"; outputs: target:t, total@2030, c@2030, f1@2030, f2@2030/);
  });
});

describe('scenario discovery on the engine', () => {
  it('finds that a target without growth is met exactly when the base-year total is high enough', () => {
    const s = additive();
    s.targets = [{ id: 't', year: 2030, scope: 'total', value: 152 }]; // no growth, no noise: met when b1 + b2 ≥ 152
    const d = discoverScenarios(compile(s), 't', { trials: 5000, seed: 2 });
    const [box] = d.boxes;
    expect(box.limits.map((r) => d.features[r.input])).toEqual([{ kind: 'base', id: 'total', group: 'base' }]);
    expect(Math.abs(box.limits[0].low - 152)).toBeLessThan(0.1);
    // peeling moves in steps of 5% of the box, so the edge is found to within a few trials
    expect(box.coverage).toBeGreaterThan(0.99);
    expect(box.density).toBeGreaterThan(0.99);
    expect(() => discoverScenarios(compile(s), 'nope', { trials: 100, seed: 1 })).toThrow(/unknown target "nope"; targets: t/);
  });
});

describe('paired comparison on the engine', () => {
  it('gives identical scenarios a zero difference and zero channels, exactly', () => {
    const s = additive();
    const c = pairedComparison({ scenario: s }, { scenario: structuredClone(s) }, { trials: 2000, seed: 4 });
    for (const o of c.outputs) {
      if (o.difference) expect(o.difference.quantiles).toEqual([0, 0, 0, 0, 0]);
      if (o.probability) expect(o.probability.change).toEqual({ estimate: 0, se: 0 });
      expect(Object.values(o.channels ?? {})).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('pairs a small growth shift with a standard error at most a third of the unpaired one, and puts it all in growth', () => {
    const s = additive();
    s.clusters[0].fields.forEach((f) => (f.volatility = 0.05));
    const c = pairedComparison({ scenario: s }, { scenario: s, overrides: { growthShift: { total: 0.002 } } }, { trials: 10000, seed: 6 });
    const t = c.outputs.find((o) => o.output === 'target:t')?.probability;
    expect(t?.change.estimate).toBeGreaterThan(0);
    expect(t?.change.se).toBeLessThanOrEqual((t?.unpairedSe ?? 0) / 3);
    const total = c.outputs.find((o) => o.output === 'total@2030');
    expect(total?.channels?.growth).toBeCloseTo((total?.b ?? 0) - (total?.a ?? 0), 9);
    expect(total?.channels?.base).toBe(0);
  });

  it('says why it cannot split two scenarios with other fields into channels', () => {
    const a = additive();
    const b = scenario({ clusters: [cluster('c', [cagrField('f1', 100, 0)])], targets: a.targets });
    expect(pairedComparison({ scenario: a }, { scenario: b }, { trials: 200, seed: 1 }).noChannels).toMatch(/clusters and fields differ/);
  });
});
