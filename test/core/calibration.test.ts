// A run conditioned on observations: the posterior moves toward what was observed, is calibrated
// (observations drawn from the model itself), and bad observations are named with their fix.
import { describe, expect, it } from 'vitest';
import { calibrateRun } from '../../src/core/calibration/calibrate.ts';
import { importanceWeights, weightedQuantiles } from '../../src/core/calibration/weights.ts';
import { runModel, runModelFull } from '../../src/core/run.ts';
import { uniformAt } from '../../src/core/rng.ts';
import { probit } from '../../src/core/special.ts';
import type { Observation } from '../../src/schema/observation.ts';
import { cagrField, cluster, compile, issuesOf, scenario } from './helpers.ts';

/** Two fields with uncertain bases and growth, no noise: the 2030 total depends on both. */
const uncertain = () =>
  scenario({
    clusters: [
      cluster('c', [
        cagrField('f1', { dist: 'lognormal', low: 50, high: 150 }, { dist: 'uniform', min: 0.05, max: 0.25 }),
        cagrField('f2', { dist: 'lognormal', low: 20, high: 80 }, { dist: 'uniform', min: 0.0, max: 0.3 }),
      ]),
    ],
    targets: [{ id: 't', year: 2030, scope: 'total', value: 300 }],
  });

const observed = (o: Partial<Observation>): Observation => ({ id: 'obs', scope: 'total', year: 2026, value: 150, definitionUncertainty: 0.1, source: 'test', ...o });

describe('weights', () => {
  it('are equal for equal likelihoods (ESS = trials) and give the unweighted percentiles at the midpoints', () => {
    const w = importanceWeights(new Float64Array(4));
    expect(w?.ess).toBeCloseTo(4, 12);
    expect(weightedQuantiles(Float64Array.from([4, 1, 3, 2]), w?.weights as Float64Array, [0.125, 0.5, 0.875])).toEqual([1, 2.5, 4]);
    expect(importanceWeights(Float64Array.from([-Infinity, -Infinity]))).toBeUndefined();
  });
});

describe('calibrateRun', () => {
  it('moves the observed scope toward the observation and narrows it, and reports the effective sample size', () => {
    const model = compile(uncertain());
    const c = calibrateRun(model, [observed({ value: 120 })], { trials: 4000, seed: 3 });
    const [o] = c.observations;
    expect(o.priorMedian).toBeGreaterThan(160);
    expect(Math.abs(o.posteriorMedian - 120)).toBeLessThan(10);
    const t = c.scopes.total;
    const i = c.years.indexOf(2026);
    expect(t.posterior.p95[i] - t.posterior.p5[i]).toBeLessThan((t.prior.p95[i] - t.prior.p5[i]) / 2);
    expect(c.ess).toBeGreaterThan(200);
    expect(c.ess).toBeLessThan(4000);
    expect(c.trialsNeeded).toBeUndefined();
    // the prior's side is the run's own numbers
    const run = runModel(model, { trials: 4000, seed: 3 });
    expect(c.targets[0].prior.probability).toBeCloseTo(run.targets[0].probability, 12);
    expect(c.targets[0].posterior.probability).toBeLessThan(c.targets[0].prior.probability);
  });

  it('reads a range as a 90% interval, and flags a posterior of too few effective trials with the trials it needs', () => {
    const model = compile(uncertain());
    const range = calibrateRun(model, [observed({ value: undefined, low: 140, high: 160, definitionUncertainty: 0.01 })], { trials: 1000, seed: 1 });
    expect(range.ess).toBeLessThan(200);
    expect(range.trialsNeeded).toBeGreaterThan(1000);
    expect(range.trialsNeeded && range.trialsNeeded % 1000).toBe(0);
  });

  it('covers the truth with its 80% interval in 75–85% of 200 worlds drawn from the model itself', () => {
    const model = compile(uncertain());
    // the truths: 200 worlds of another seed (independent of the prior's trials), their 2026 and 2030 totals
    const truth2026: number[] = [];
    const truth2030: number[] = [];
    runModelFull(model, { trials: 200, seed: 99 }, { onYear: (s, cols) => (s === 2 ? truth2026.push(...cols[0]) : s === 6 ? truth2030.push(...cols[0]) : 0) });
    const sigma = 0.15;
    let covered = 0;
    for (let r = 0; r < 200; r++) {
      // each world observed in 2026 with the observation's own lognormal error
      const value = truth2026[r] * Math.exp(sigma * probit(uniformAt(7, r, 1)));
      const c = calibrateRun(model, [observed({ value, definitionUncertainty: sigma })], { trials: 3000, seed: 5 });
      const i = c.years.indexOf(2030);
      if (truth2030[r] >= c.scopes.total.posterior.p10[i] && truth2030[r] <= c.scopes.total.posterior.p90[i]) covered++;
    }
    // 0.82 with these seeds; a binomial's standard deviation at 200 worlds is 0.028
    expect(covered / 200).toBeGreaterThanOrEqual(0.75);
    expect(covered / 200).toBeLessThanOrEqual(0.85);
  });

  it('names a bad observation with its fix: unknown scope, a year outside the run, a negative value, no value or range', () => {
    const model = compile(uncertain());
    const issues = issuesOf(() =>
      calibrateRun(model, [observed({ id: 'a', scope: 'nope' }), observed({ id: 'b', year: 2040 }), observed({ id: 'c', value: -5 }), observed({ id: 'd', value: undefined })], {
        trials: 100,
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(['observations[0].scope', 'observations[1].year', 'observations[2].value', 'observations[3]']);
    expect(issues[0].message).toMatch(/observation a: unknown scope "nope"; use total, a cluster id \(c\) or a field id \(f1, f2\)/);
    expect(issues[1].message).toMatch(/observation b: year 2040 is outside the run \(2024–2030\)/);
    expect(issues[2].message).toMatch(/observation c: value must be a positive number of bn yuan, got -5/);
    expect(issues[3].message).toMatch(/observation d: give either value or both low and high/);
  });
});
