/**
 * Statistical checks with known answers. Each tolerance is a stated multiple of the standard
 * error (SE) of the estimate; runs are seeded, so a pass is reproducible, and 4 SE leaves about
 * a 1-in-16,000 chance that a correct engine fails for an unlucky seed.
 */
import { describe, expect, it } from 'vitest';
import { Z90 } from '../../src/core/special.ts';
import { cagrField, cluster, logisticField, meanSd, PERCENTILE_KEYS, record, run, scenario, compile } from './helpers.ts';

describe('annual noise N = exp(σε − σ²/2) keeps the mean', () => {
  it('mean of trials ≈ base·(1 + g)^n within 4 SE, every year', () => {
    const trials = 20_000;
    const sigma = 0.2;
    const result = run(scenario({ clusters: [cluster('c', [cagrField('f', 100, 0.05, { volatility: sigma })])] }), { trials, seed: 11 });
    result.fields.f.mean.forEach((mean, n) => {
      const expected = 100 * 1.05 ** n;
      // V_n = expected·Π N(y) with independent mean-one lognormal factors, so V_n is lognormal
      // with E = expected and Var = expected²·(e^(σ²n) − 1); the mean of `trials` draws has
      // SE = expected·sqrt(e^(σ²n) − 1)/sqrt(trials) (0 in the base year).
      const se = (expected * Math.sqrt(Math.expm1(sigma * sigma * n))) / Math.sqrt(trials);
      expect(Math.abs(mean - expected), `year step ${n}`).toBeLessThanOrEqual(4 * se + 1e-9);
    });
  });

  it('the median falls below the mean: p50 ≈ base·(1 + g)^n·e^(−σ²n/2)', () => {
    const trials = 20_000;
    const sigma = 0.2;
    const n = 6;
    const result = run(scenario({ clusters: [cluster('c', [cagrField('f', 100, 0.05, { volatility: sigma })])] }), { trials, seed: 12 });
    const expected = 100 * 1.05 ** n * Math.exp((-sigma * sigma * n) / 2);
    // ln V_n ~ Normal(·, σ²n); the sample median of a normal has SE ≈ sqrt(π/2)·σ√n/√trials on
    // the log scale, so ln p50 is within 4 such SE of ln(expected).
    const seLog = (Math.sqrt(Math.PI / 2) * sigma * Math.sqrt(n)) / Math.sqrt(trials);
    expect(Math.abs(Math.log(result.fields.f.p50[n]) - Math.log(expected))).toBeLessThanOrEqual(4 * seLog);
  });

  it('the spread of log growth is σ: sample sd of ln(V(y)/V(y−1)) ≈ σ within 4 SE', () => {
    const trials = 2_000;
    const sigma = 0.15;
    const rec = record(compile(scenario({ clusters: [cluster('c', [cagrField('f', 1, 0, { volatility: sigma })])] })), trials, 5);
    const logs: number[] = [];
    for (let s = 1; s <= 6; s++) for (let t = 0; t < trials; t++) logs.push(Math.log(rec.value('f', s, t) / rec.value('f', s - 1, t)));
    const { mean, sd } = meanSd(logs);
    // ln N = σε − σ²/2: mean −σ²/2 with SE σ/√m; sd σ with SE ≈ σ/√(2m), m = 6·trials draws.
    const m = logs.length;
    expect(Math.abs(mean + (sigma * sigma) / 2)).toBeLessThanOrEqual((4 * sigma) / Math.sqrt(m));
    expect(Math.abs(sd - sigma)).toBeLessThanOrEqual((4 * sigma) / Math.sqrt(2 * m));
  });

  it('volatilityScale 0 switches noise off: the closed form again', () => {
    const result = run(scenario({ clusters: [cluster('c', [cagrField('f', 100, 0.1, { volatility: 0.3 })])] }), {}, { volatilityScale: 0 });
    for (const key of PERCENTILE_KEYS) result.fields.f[key].forEach((v, n) => expect(v).toBeCloseTo(100 * 1.1 ** n, 9));
  });

  it('a logistic field with noise stays positive and near capacity', () => {
    const result = run(scenario({ endYear: 2044, clusters: [cluster('c', [logisticField('f', 10, 100, 0.6, { volatility: 0.1 })])] }), {
      trials: 2000,
      seed: 3,
    });
    expect(result.fields.f.p5[20]).toBeGreaterThan(80);
    expect(result.fields.f.p95[20]).toBeLessThan(125);
    expect(result.fields.f.p5.every((v) => v > 0)).toBe(true);
  });
});

describe('target probability: the share of trials at or above the value', () => {
  it('base uniform(0, 200), rate 0, no noise: P(V ≥ 150) = 0.25 within 4 SE', () => {
    const trials = 20_000;
    const s = scenario({
      clusters: [cluster('c', [cagrField('f', { dist: 'uniform', min: 0, max: 200 }, 0)])],
      targets: [{ id: 'high', year: 2027, scope: 'total', value: 150 }],
    });
    const [target] = run(s, { trials, seed: 21, upliftTrials: 100 }).targets;
    // a share of `trials` Bernoulli(0.25) outcomes: SE = sqrt(0.25·0.75/trials) ≈ 0.0031
    const se = Math.sqrt((0.25 * 0.75) / trials);
    expect(Math.abs(target.probability - 0.25)).toBeLessThanOrEqual(4 * se);
    // nothing moves after the base year, so the value was reached by every year as often as in 2027
    for (const year of ['2025', '2026', '2027', '2030']) expect(target.reachedByYear[year]).toBe(target.probability);
    // the sample median of uniform(0, 200): SE = (1/(2√trials))·200 ≈ 0.71
    expect(Math.abs(target.p50 - 100)).toBeLessThanOrEqual((4 * 200) / (2 * Math.sqrt(trials)));
    expect(target.gapAtMedian).toBe(target.p50 - 150);
  });

  it('a normal rate with a 90% interval: P(g ≥ high) = 0.05 within 4 SE', () => {
    const trials = 20_000;
    // rate {low: 0.05, high: 0.15} is normal (low ≤ 0) with 95th percentile 0.15; base 100 fixed;
    // in 2025 V = 100·(1 + g) ≥ 115 ⇔ g ≥ 0.15
    const s = scenario({
      clusters: [cluster('c', [cagrField('f', 100, { dist: 'normal', low: 0.05, high: 0.15 })])],
      targets: [{ id: 'tail', year: 2025, scope: 'f', value: 100 * (1 + 0.15) }],
    });
    const [target] = run(s, { trials, seed: 22, upliftTrials: 100 }).targets;
    const se = Math.sqrt((0.05 * 0.95) / trials); // ≈ 0.0015
    expect(Math.abs(target.probability - 0.05)).toBeLessThanOrEqual(4 * se);
  });

  it('a normal base with mean and sd: P(V ≥ mean + Z90·sd) = 0.05 within 4 SE', () => {
    const trials = 20_000;
    const s = scenario({
      clusters: [cluster('c', [cagrField('f', { dist: 'normal', mean: 100, sd: 10 }, 0)])],
      targets: [{ id: 'tail', year: 2026, scope: 'c', value: 100 + Z90 * 10 }],
    });
    const [target] = run(s, { trials, seed: 23, upliftTrials: 100 }).targets;
    expect(Math.abs(target.probability - 0.05)).toBeLessThanOrEqual(4 * Math.sqrt((0.05 * 0.95) / trials));
  });

  it('reachedByYear counts first crossings: with growth it rises year by year to the target-year probability', () => {
    const trials = 4_000;
    // V(y) = 100·(1 + g)^n with g ~ uniform(0, 0.2): V(n) ≥ 150 ⇔ g ≥ 1.5^(1/n) − 1,
    // so P(reached by step n) = (0.2 − (1.5^(1/n) − 1))/0.2 (clamped to [0, 1]).
    const s = scenario({
      clusters: [cluster('c', [cagrField('f', 100, { dist: 'uniform', min: 0, max: 0.2 })])],
      targets: [{ id: 'reach', year: 2030, scope: 'total', value: 150 }],
    });
    const [target] = run(s, { trials, seed: 24, upliftTrials: 100 }).targets;
    let previous = 0;
    for (let n = 1; n <= 6; n++) {
      const p = Math.min(1, Math.max(0, (0.2 - (1.5 ** (1 / n) - 1)) / 0.2));
      const reached = target.reachedByYear[String(2024 + n)];
      expect(reached).toBeGreaterThanOrEqual(previous);
      expect(Math.abs(reached - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / trials) + 1e-12);
      previous = reached;
    }
    expect(target.reachedByYear['2030']).toBe(target.probability);
  });
});
