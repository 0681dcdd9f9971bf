import { describe, expect, it } from 'vitest';
import { binCount, binsOf, binSums, momentsOf, shareOf, sumByBin, sumOf, tornadoOf } from '../../../src/core/analysis/given-data.ts';
import { uniformAt } from '../../../src/core/rng.ts';

/** n trials of `width` independent uniforms, column-wise, from a seed. */
function uniforms(n: number, width: number, seed: number): Float64Array[] {
  return Array.from({ length: width }, (_, c) => Float64Array.from({ length: n }, (_, j) => uniformAt(seed, j, c + 1)));
}

const share = (u: Float64Array, y: Float64Array) => {
  const M = binCount(y.length);
  return shareOf(sumByBin(binsOf(u, M), y, binSums(M)), momentsOf(y));
};

describe('given-data first-order shares', () => {
  it('recover the shares of an additive model: y = x1 + 2·x2 + 0·x3 gives 1/5, 4/5, 0', () => {
    const n = 20000;
    const [x1, x2, x3] = uniforms(n, 3, 11);
    const y = x1.map((v, j) => v + 2 * x2[j]);
    const shares = [x1, x2, x3].map((x) => share(x, y));
    [0.2, 0.8, 0].forEach((exact, i) => expect(Math.abs(shares[i].estimate - exact)).toBeLessThan(3 * shares[i].se + 0.005));
    expect(shares[2].estimate).toBeLessThan(0.005);
  });

  it('give a group of the inputs that make y, additively, its whole variance', () => {
    const n = 10000;
    const [x1, x2, x3] = uniforms(n, 3, 5);
    const y = x1.map((v, j) => Math.exp(v) + x2[j] ** 2);
    expect(sumOf([share(x1, y), share(x2, y)]).estimate).toBeGreaterThan(0.99);
    expect(share(x3, y).estimate).toBeLessThan(0.01);
  });

  it('have a standard error that matches their spread over replications', () => {
    const n = 2000;
    const estimates: number[] = [];
    const ses: number[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const [x1, x2] = uniforms(n, 2, seed);
      const s = share(
        x1,
        x1.map((v, j) => v + x2[j]),
      ); // 1/2
      estimates.push(s.estimate);
      ses.push(s.se);
    }
    const mean = estimates.reduce((a, b) => a + b) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (estimates.length - 1));
    const se = ses.reduce((a, b) => a + b) / ses.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(3 * (sd / Math.sqrt(estimates.length)) + 0.005);
    expect(se / sd).toBeGreaterThan(0.6);
    expect(se / sd).toBeLessThan(1.6);
  });

  it('give zero, not NaN, for an output that does not vary or too few trials', () => {
    const [u] = uniforms(50, 1, 1);
    expect(share(u, new Float64Array(50).fill(2))).toEqual({ estimate: 0, se: 0 });
    expect(share(u.slice(0, 5), Float64Array.of(1, 2, 3, 4, 5))).toEqual({ estimate: 0, se: 0 });
  });

  it('use bins of equal probability, a multiple of ten near √N', () => {
    expect([100, 1000, 10000, 1e6].map(binCount)).toEqual([10, 30, 100, 100]);
    expect([...binsOf(Float64Array.of(0.001, 0.099, 0.1, 0.999), 10)]).toEqual([0, 0, 1, 9]);
  });
});

describe('tornado bars', () => {
  it("give the output's mean in the input's bottom and top deciles", () => {
    const n = 20000;
    const [x] = uniforms(n, 1, 9);
    const M = binCount(n);
    const bar = tornadoOf(
      sumByBin(
        binsOf(x, M),
        x.map((v) => 10 * v),
        binSums(M),
      ),
    );
    expect(bar.low).toBeCloseTo(0.5, 1);
    expect(bar.high).toBeCloseTo(9.5, 1);
    expect(bar.swing.estimate).toBeCloseTo(9, 1);
    // each decile's values are uniform on a width-1 interval: variance 1/12 over n/10 trials
    expect(bar.swing.se).toBeCloseTo(Math.sqrt((2 * (1 / 12)) / (n / 10)), 3);
  });
});
