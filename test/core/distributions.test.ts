/**
 * Distribution quantile functions against closed forms and published values, and the special
 * functions behind them.
 */
import { describe, expect, it } from 'vitest';
import { distributions, resolved, type ResolvedDist } from '../../src/core/distributions/index.ts';
import type { Issue } from '../../src/core/errors.ts';
import { betaCdf, betaInverse, betaPdf, betaQuantile, lgamma, probit, Z90 } from '../../src/core/special.ts';

/** Resolves a distribution, failing the test on issues. */
function make(name: keyof typeof distributions, p: Record<string, number>): ResolvedDist {
  const issues: Issue[] = [];
  const dist = distributions[name].make(p, 'param', issues);
  expect(issues).toEqual([]);
  if (!dist) throw new Error('no distribution');
  return resolved(dist);
}

/** Issues from resolving a distribution with bad numbers. */
function problems(name: keyof typeof distributions, p: Record<string, number>): Issue[] {
  const issues: Issue[] = [];
  expect(distributions[name].make(p, 'param', issues)).toBeUndefined();
  return issues;
}

/** ∫₀¹ q(u) du by the midpoint rule on `n` cells: the mean of the distribution. */
function meanOfQuantile(quantile: (u: number) => number, n = 20_000): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += quantile((k + 0.5) / n);
  return sum / n;
}

describe('probit Φ⁻¹ (Acklam, relative error < 1.2e-9)', () => {
  it('probit(0.975) = 1.959963985, probit(0.95) = Z90, probit(0.5) = 0', () => {
    expect(probit(0.975)).toBeCloseTo(1.959963985, 8);
    expect(probit(0.95)).toBeCloseTo(Z90, 8);
    expect(Z90).toBeCloseTo(1.6448536269514722, 15);
    expect(probit(0.5)).toBe(0);
  });

  it('is odd around 0.5 and accurate in the tails (values from R qnorm)', () => {
    for (const p of [1e-10, 1e-6, 0.001, 0.01, 0.02425, 0.1, 0.3]) expect(probit(1 - p)).toBeCloseTo(-probit(p), 6);
    expect(probit(0.001)).toBeCloseTo(-3.090232306, 7);
    expect(probit(1e-6)).toBeCloseTo(-4.753424309, 7);
    expect(probit(1e-10)).toBeCloseTo(-6.361340902, 6);
    expect(probit(0.8413447460685429)).toBeCloseTo(1, 8); // Φ(1)
  });
});

describe('distributions registry: quantile functions', () => {
  it('fixed: every quantile is the value', () => {
    const d = make('fixed', { value: 3.5 });
    expect([d.q(0.001), d.q(0.5), d.q(0.999)]).toEqual([3.5, 3.5, 3.5]);
    expect([d.median, d.min, d.max]).toEqual([3.5, 3.5, 3.5]);
  });

  it('normal(mean, sd): q(0.975) = mean + 1.959963985·sd', () => {
    const d = make('normal', { mean: 10, sd: 2 });
    expect(d.q(0.975)).toBeCloseTo(10 + 2 * 1.959963985, 7);
    expect(d.q(0.5)).toBe(10);
    expect(d.median).toBe(10);
    expect([d.min, d.max]).toEqual([-Infinity, Infinity]);
  });

  it('normal {low, high}: the 5th and 95th percentiles come back', () => {
    const d = make('normal', { low: -1, high: 3 });
    expect(d.q(0.05)).toBeCloseTo(-1, 8);
    expect(d.q(0.95)).toBeCloseTo(3, 8);
    expect(d.median).toBe(1);
  });

  it('lognormal {low, high}: the 5th and 95th percentiles come back, median √(low·high)', () => {
    const d = make('lognormal', { low: 10, high: 40 });
    expect(d.q(0.05)).toBeCloseTo(10, 7);
    expect(d.q(0.95)).toBeCloseTo(40, 7);
    expect(d.median).toBeCloseTo(20, 12);
    expect(d.min).toBeGreaterThan(0);
  });

  it('lognormal(mu, sigma): q(u) = exp(mu + sigma·Φ⁻¹(u)), mean exp(mu + sigma²/2)', () => {
    const d = make('lognormal', { mu: 1, sigma: 0.25 });
    expect(d.q(0.5)).toBeCloseTo(Math.E, 12);
    expect(d.q(0.975)).toBeCloseTo(Math.exp(1 + 0.25 * 1.959963985), 7);
    // the midpoint rule's error on the tails is far below 1e-4 for sigma = 0.25
    expect(meanOfQuantile(d.q, 200_000)).toBeCloseTo(Math.exp(1 + 0.25 ** 2 / 2), 4);
  });

  it('uniform(min, max): q(u) = min + u·(max − min)', () => {
    const d = make('uniform', { min: 2, max: 6 });
    expect([d.q(0), d.q(0.25), d.q(0.5), d.q(1)]).toEqual([2, 3, 4, 6]);
    expect([d.median, d.min, d.max]).toEqual([4, 2, 6]);
  });

  it('triangular: q inverts the closed-form CDF; mean (min + mode + max)/3', () => {
    const [a, c, b] = [1, 2, 5]; // min, mode, max
    const d = make('triangular', { min: a, mode: c, max: b });
    const cdf = (x: number): number => (x <= c ? (x - a) ** 2 / ((b - a) * (c - a)) : 1 - (b - x) ** 2 / ((b - a) * (b - c)));
    for (const x of [1.01, 1.5, 2, 2.5, 3, 4, 4.99]) expect(d.q(cdf(x))).toBeCloseTo(x, 12);
    expect(d.q(0)).toBe(1);
    expect(d.q(1)).toBe(5);
    expect(meanOfQuantile(d.q)).toBeCloseTo((a + b + c) / 3, 6);
  });

  it('triangular with the mode at an end', () => {
    const d = make('triangular', { min: 0, mode: 0, max: 1 });
    // CDF 1 − (1 − x)²: q(u) = 1 − √(1 − u)
    expect(d.q(0.75)).toBeCloseTo(0.5, 12);
    expect(make('triangular', { min: 0, mode: 1, max: 1 }).q(0.25)).toBeCloseTo(0.5, 12);
  });

  it('PERT: mean (min + 4·mode + max)/6, from the quantile over a fine u grid', () => {
    for (const [min, mode, max] of [
      [0, 1, 10],
      [0.15, 0.3, 0.5],
      [-2, -1.5, 3],
      [0, 5, 10],
    ]) {
      const d = make('pert', { min, mode, max });
      expect(meanOfQuantile(d.q), `${min},${mode},${max}`).toBeCloseTo((min + 4 * mode + max) / 6, 5);
      expect(d.q(0)).toBe(min);
      expect(d.q(1)).toBe(max);
    }
  });

  it('PERT with lambda: mean (min + λ·mode + max)/(λ + 2)', () => {
    const d = make('pert', { min: 0, mode: 2, max: 10, lambda: 8 });
    expect(meanOfQuantile(d.q)).toBeCloseTo((0 + 8 * 2 + 10) / 10, 5);
  });

  it('PERT symmetric around its mode has median = mode', () => {
    expect(make('pert', { min: 0, mode: 5, max: 10 }).median).toBeCloseTo(5, 9);
  });

  it('degenerate ranges: min = mode = max is a fixed value', () => {
    expect(make('pert', { min: 3, mode: 3, max: 3 }).q(0.7)).toBe(3);
    expect(make('triangular', { min: 3, mode: 3, max: 3 }).q(0.7)).toBe(3);
    expect(make('uniform', { min: 3, max: 3 }).q(0.7)).toBe(3);
  });

  it('every quantile function is non-decreasing in u', () => {
    const all = [
      make('normal', { mean: 0, sd: 1 }),
      make('lognormal', { low: 1, high: 9 }),
      make('uniform', { min: -1, max: 1 }),
      make('triangular', { min: 0, mode: 0.3, max: 1 }),
      make('pert', { min: 0, mode: 0.1, max: 1 }),
      make('pert', { min: 0, mode: 0.9, max: 1, lambda: 20 }),
    ];
    for (const d of all) {
      let previous = -Infinity;
      for (let k = 1; k < 4000; k++) {
        const v = d.q(k / 4000);
        expect(v).toBeGreaterThanOrEqual(previous);
        previous = v;
      }
    }
  });

  it('reports bad numbers at the key to change', () => {
    expect(problems('uniform', { min: 5, max: 1 })).toEqual([{ path: 'param.max', message: 'must be ≥ min (5), got 1' }]);
    expect(problems('pert', { min: 0, mode: -1, max: 1 })[0].path).toBe('param.mode');
    expect(problems('triangular', { min: 0, mode: 2, max: 1 })[0].path).toBe('param.max');
    expect(problems('normal', { mean: 0, sd: -1 })[0].path).toBe('param.sd');
    expect(problems('lognormal', { low: 0, high: 1 })[0]).toEqual({ path: 'param.low', message: expect.stringContaining('must be > 0 for a lognormal') });
    expect(problems('lognormal', { low: 2, high: 1 })[0].path).toBe('param.high');
    expect(problems('normal', { low: 1, mean: 2 })[0].message).toMatch(/not both/);
  });
});

describe('beta functions behind PERT', () => {
  it('betaCdf matches closed forms: Beta(1,1) = x, Beta(2,2) = 3x² − 2x³, Beta(1,b) = 1 − (1−x)^b, Beta(a,1) = x^a', () => {
    for (const x of [0.001, 0.1, 0.37, 0.5, 0.8, 0.999]) {
      expect(betaCdf(x, 1, 1)).toBeCloseTo(x, 12);
      expect(betaCdf(x, 2, 2)).toBeCloseTo(3 * x * x - 2 * x ** 3, 12);
      expect(betaCdf(x, 1, 3.5)).toBeCloseTo(1 - (1 - x) ** 3.5, 12);
      expect(betaCdf(x, 2.5, 1)).toBeCloseTo(x ** 2.5, 12);
    }
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
  });

  it('betaPdf integrates to the CDF (Simpson on a fine grid)', () => {
    const [a, b] = [2.6, 1.8];
    const n = 2000;
    let sum = 0;
    for (let k = 0; k <= n; k++) sum += (k === 0 || k === n ? 1 : k % 2 ? 4 : 2) * betaPdf((0.7 * k) / n, a, b);
    expect((sum * 0.7) / n / 3).toBeCloseTo(betaCdf(0.7, a, b), 8);
  });

  it('lgamma: ln Γ(n) = ln (n−1)!, ln Γ(1/2) = ln √π', () => {
    expect(lgamma(1)).toBeCloseTo(0, 13);
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });

  // Engine 2 reads x as a function of z = Φ⁻¹(u) from a table (exact inversion at 513 nodes,
  // exact slopes, cubic Hermite between them): measured ≤ 2e-9 in u across these shapes and tails.
  it('betaQuantile inverts betaCdf to 5e-9 across shapes and the tails', () => {
    const shapes = [
      [1, 1],
      [2, 2],
      [1.5, 4],
      [5, 1.2],
      [1, 5],
      [3, 1],
      [1.01, 24.99],
      [21, 5],
      [1.2, 1.2],
    ];
    const us = [1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.994, 0.999, 1 - 1e-6];
    for (const [a, b] of shapes) {
      const q = betaQuantile(a, b);
      for (const u of us) expect(Math.abs(betaCdf(q(u), a, b) - u), `Beta(${a},${b}) at ${u}`).toBeLessThan(5e-9);
    }
  });

  it('betaInverse inverts betaCdf to 1e-14', () => {
    for (const [a, b] of [
      [2, 2],
      [1.5, 4],
      [21, 5],
    ])
      for (const u of [1e-12, 0.01, 0.5, 0.99]) expect(Math.abs(betaCdf(betaInverse(u, a, b), a, b) - u)).toBeLessThan(1e-14);
  });

  it('betaQuantile is memoized per (a, b) and maps 0 → 0, 1 → 1', () => {
    expect(betaQuantile(2, 3)).toBe(betaQuantile(2, 3));
    expect(betaQuantile(2, 3)(0)).toBe(0);
    expect(betaQuantile(2, 3)(1)).toBe(1);
  });
});
