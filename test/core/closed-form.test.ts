/**
 * Deterministic scenarios (fixed parameters, no noise, no events) have closed forms: every
 * percentile, the mean and the central path must equal them.
 */
import { describe, expect, it } from 'vitest';
import { cagr } from '../../src/core/growth/cagr.ts';
import { logistic } from '../../src/core/growth/logistic.ts';
import type { Result, Stats } from '../../src/schema/result.ts';
import { cagrField, cluster, logisticField, periodsField, PERCENTILE_KEYS, run, scenario } from './helpers.ts';

/** Asserts mean and every percentile of `stats` equal `expected[s]` in every year step s. */
function expectEverySeries(stats: Stats, expected: (step: number) => number, digits = 9): void {
  for (const key of ['mean', ...PERCENTILE_KEYS] as const) {
    stats[key].forEach((value, s) => expect(value, `${key}[${s}]`).toBeCloseTo(expected(s), digits));
  }
}

describe('cagr: V(y) = V(y−1)·(1 + g)', () => {
  it('a fixed rate compounds exactly: base·(1 + g)^n in every percentile', () => {
    const result = run(scenario({ clusters: [cluster('c', [cagrField('f', 100, 0.1)])] }));
    expect(result.years).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expectEverySeries(result.fields.f, (n) => 100 * 1.1 ** n);
    expectEverySeries(result.clusters.c, (n) => 100 * 1.1 ** n);
    expectEverySeries(result.total, (n) => 100 * 1.1 ** n);
  });

  it('two periods with different rates: base·(1 + g1)^n1·(1 + g2)^n2', () => {
    const field = periodsField('f', 50, [
      [2025, 2027, 0.2],
      [2028, 2030, -0.05],
    ]);
    const result = run(scenario({ clusters: [cluster('c', [field])] }));
    expectEverySeries(result.fields.f, (n) => 50 * 1.2 ** Math.min(n, 3) * 0.95 ** Math.max(0, n - 3));
  });

  it('periods are inclusive ranges of the year grown into: a one-year period applies to exactly that year', () => {
    const field = periodsField('f', 10, [
      [2025, 2025, 1],
      [2026, 2030, 0],
    ]);
    const result = run(scenario({ clusters: [cluster('c', [field])] }));
    expect(result.fields.f.p50).toEqual([10, 20, 20, 20, 20, 20, 20]);
  });

  it('the growth factor is floored at zero: rate −0.9 shifted by −0.6 (−1.5 in all) gives 0, never a negative value', () => {
    const field = periodsField('f', 100, [
      [2025, 2026, -0.9],
      [2027, 2030, 0.5],
    ]);
    const result = run(scenario({ clusters: [cluster('c', [field])] }), {}, { growthShift: { f: -0.6 } });
    for (const key of ['mean', ...PERCENTILE_KEYS] as const) {
      expect(result.fields.f[key]).toEqual([100, 0, 0, 0, 0, 0, 0]);
    }
    expect(cagr(100, -1.5)).toBe(0);
    expect(cagr(100, -1)).toBe(0);
    expect(cagr(100, -0.25)).toBe(75);
  });

  it('fields add up to clusters and clusters to the total', () => {
    const result = run(
      scenario({
        clusters: [cluster('a', [cagrField('a1', 10, 0.1), cagrField('a2', 20, 0)]), cluster('b', [cagrField('b1', 5, 1)])],
      }),
    );
    expectEverySeries(result.clusters.a, (n) => 10 * 1.1 ** n + 20);
    expectEverySeries(result.clusters.b, (n) => 5 * 2 ** n);
    expectEverySeries(result.total, (n) => 10 * 1.1 ** n + 20 + 5 * 2 ** n);
  });
});

describe('logistic: V(y) = K / (1 + (K/V(y−1) − 1)·e^(−r))', () => {
  /** The logistic curve through V0 at t = 0: K / (1 + (K/V0 − 1)·e^(−r·t)). */
  const curve = (capacity: number, v0: number, rate: number) => (t: number) => capacity / (1 + (capacity / v0 - 1) * Math.exp(-rate * t));

  it('the one-year step iterated equals the closed-form curve over 20 years', () => {
    const result = run(scenario({ endYear: 2044, clusters: [cluster('c', [logisticField('f', 5, 100, 0.4)])] }));
    expectEverySeries(result.fields.f, curve(100, 5, 0.4));
    expect(result.fields.f.p50[20]).toBeGreaterThan(99); // close to capacity after 20 years at r = 0.4
  });

  it('a field above its capacity declines toward it along the same curve', () => {
    const result = run(scenario({ clusters: [cluster('c', [logisticField('f', 150, 100, 0.5)])] }));
    expectEverySeries(result.fields.f, curve(100, 150, 0.5));
  });

  it('zero output or zero capacity stays zero', () => {
    expect(logistic(0, 0.3, 100)).toBe(0);
    expect(logistic(10, 0.3, 0)).toBe(0);
  });

  // Bug: the logistic step has no floor. With r < 0 and V above K the denominator
  // 1 + (K/V − 1)·e^(−r) goes negative once e^(−r) ≥ V/(V − K), so output goes negative,
  // against "output never goes negative". Reachable through a valid growthShift override.
  it('output never goes negative, even with a negative logistic rate above capacity', () => {
    const s = scenario({ endYear: 2026, clusters: [cluster('c', [logisticField('f', 150, 100, 0.2)])] });
    const result = run(s, {}, { growthShift: { total: -1 } }); // r = 0.2 − 1 = −0.8
    // got p50 = [150, 387.367…, −153.607…]
    for (const key of PERCENTILE_KEYS) for (const v of result.fields.f[key]) expect(v).toBeGreaterThanOrEqual(0);
  });
});

describe('expressions of t and year', () => {
  it('a rate "0.3 - 0.02 * t" gives year-dependent growth: base·Π(1 + 0.3 − 0.02·t) over t = 1..n', () => {
    const result = run(scenario({ clusters: [cluster('c', [cagrField('f', 10, '0.3 - 0.02 * t')])] }));
    const expected = (n: number): number => {
      let v = 10;
      for (let t = 1; t <= n; t++) v *= 1 + 0.3 - 0.02 * t;
      return v;
    };
    expectEverySeries(result.fields.f, expected);
  });

  it('year and t are interchangeable: "0.3 - 0.02 * (year - 2024)" gives the same result bit for bit', () => {
    const byT = run(scenario({ clusters: [cluster('c', [cagrField('f', 10, '0.3 - 0.02 * t')])] }));
    const byYear = run(scenario({ clusters: [cluster('c', [cagrField('f', 10, '0.3 - 0.02 * (year - 2024)')])] }));
    expect(byYear).toEqual(byT);
  });

  it('expressions inside a distribution are evaluated per year: uniform(0.1·t, 0.1·t) grows by 10%·t', () => {
    const result = run(scenario({ endYear: 2027, clusters: [cluster('c', [cagrField('f', 1, { dist: 'uniform', min: '0.1 * t', max: '0.1 * t' }, { to: 2027 })])] }));
    expectEverySeries(result.fields.f, (n) => [1, 1.1, 1.1 * 1.2, 1.1 * 1.2 * 1.3][n]);
  });

  it('a logistic capacity may depend on the year', () => {
    const result = run(scenario({ endYear: 2026, clusters: [cluster('c', [logisticField('f', 10, '100 + 10 * t', 0.3)])] }));
    const v1 = 110 / (1 + (110 / 10 - 1) * Math.exp(-0.3));
    const v2 = 120 / (1 + (120 / v1 - 1) * Math.exp(-0.3));
    expectEverySeries(result.fields.f, (n) => [10, v1, v2][n]);
  });
});

describe('the central path: every parameter at its median, no noise, no events', () => {
  it('uses the medians: lognormal {low: 10, high: 40} has median 20, uniform(0, 0.2) has median 0.1', () => {
    const result: Result = run(
      scenario({
        clusters: [cluster('c', [cagrField('f', { low: 10, high: 40 }, { dist: 'uniform', min: 0, max: 0.2 }, { volatility: 0.3 })])],
        events: [{ id: 'e', scope: ['total'], years: { from: 2025, to: 2030 }, probabilityPerYear: 0.5, impact: -0.5 }],
      }),
    );
    result.central.fields.f.forEach((v, n) => expect(v).toBeCloseTo(20 * 1.1 ** n, 6));
    expect(result.central.total).toEqual(result.central.fields.f);
    expect(result.central.clusters.c).toEqual(result.central.fields.f);
  });

  it('equals every percentile when nothing is uncertain', () => {
    const result = run(scenario({ clusters: [cluster('c', [cagrField('f', 7, 0.07), logisticField('g', 3, 50, 0.3)])] }));
    result.central.total.forEach((v, n) => expect(result.total.p50[n]).toBeCloseTo(v, 9));
  });
});
