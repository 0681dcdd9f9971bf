/**
 * The seeded generators: per-(seed, trial, key) streams (rng.ts) and the ziggurat normal
 * (normal.ts). Statistical tolerances are 4 standard errors (SE) or a chi-square bound.
 */
import { describe, expect, it } from 'vitest';
import { nextNormal } from '../../src/core/normal.ts';
import { hashKey, mix32, nextInt32, nextUniform, seedStream, uniformAt } from '../../src/core/rng.ts';
import { probit } from '../../src/core/special.ts';

function stream(seed: number, trial: number, key: number): Int32Array {
  const s = new Int32Array(4);
  seedStream(s, seed, trial, key);
  return s;
}

describe('rng.ts', () => {
  it('the same (seed, trial, key) gives the same stream; any change gives another', () => {
    const a = stream(1, 2, 3);
    const b = stream(1, 2, 3);
    const first = Array.from({ length: 5 }, () => nextInt32(a));
    expect(Array.from({ length: 5 }, () => nextInt32(b))).toEqual(first);
    for (const [seed, trial, key] of [
      [2, 2, 3],
      [1, 3, 3],
      [1, 2, 4],
    ]) {
      const c = stream(seed, trial, key);
      expect(Array.from({ length: 5 }, () => nextInt32(c))).not.toEqual(first);
    }
    expect(uniformAt(1, 2, 3)).toBe(uniformAt(1, 2, 3));
    expect(uniformAt(1, 2, 3)).not.toBe(uniformAt(1, 2, 4));
  });

  it('hashKey and mix32 are fixed functions (pinned: they decide every random number)', () => {
    expect(mix32(0)).toBe(0);
    expect(hashKey('noise')).toBe(hashKey('noise'));
    expect(hashKey('fields.a.base')).not.toBe(hashKey('fields.b.base'));
    expect(hashKey('')).toBe(mix32(0x811c9dc5));
  });

  it('uniforms lie strictly inside (0, 1) with mean 1/2 and variance 1/12 within 4 SE', () => {
    const n = 200_000;
    const s = stream(5, 0, 1);
    let sum = 0;
    let sumSq = 0;
    let atZ = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = i % 2 ? nextUniform(s) : uniformAt(5, i, 77);
      if (!(u > 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
      if (u < 0.5) atZ++;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // SE of the mean: sqrt(1/12/n); of the mean of u²: sqrt(Var(u²)/n) with Var(u²) = 1/5 − 1/9
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSq / n - 1 / 3)).toBeLessThan(4 * Math.sqrt((1 / 5 - 1 / 9) / n));
    expect(Math.abs(atZ / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
  });

  it('uniformAt is uncorrelated across neighbouring trials (lag-1 correlation within 4 SE of 0)', () => {
    const n = 100_000;
    let sxy = 0;
    let prev = uniformAt(9, 0, 1) - 0.5;
    for (let t = 1; t < n; t++) {
      const u = uniformAt(9, t, 1) - 0.5;
      sxy += prev * u;
      prev = u;
    }
    // correlation ≈ (Σ x_t x_{t−1}/n)/(1/12), SE 1/√n
    expect(Math.abs((sxy / n) * 12)).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe('nextNormal (ziggurat)', () => {
  const n = 1_000_000;
  const draws = new Float64Array(n);
  const s = stream(20221011, 0, hashKey('test'));
  for (let i = 0; i < n; i++) draws[i] = nextNormal(s);

  it('mean 0 and variance 1 within 4 SE', () => {
    let sum = 0;
    let sumSq = 0;
    for (const z of draws) {
      sum += z;
      sumSq += z * z;
    }
    // SE of the mean 1/√n; of the mean of z² (variance 2) √(2/n)
    expect(Math.abs(sum / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('fits the normal distribution: chi-square over 100 equiprobable bins below mean + 4 sd', () => {
    const bins = 100;
    const edges = Array.from({ length: bins - 1 }, (_, k) => probit((k + 1) / bins));
    const counts = new Float64Array(bins);
    for (const z of draws) {
      let lo = 0;
      let hi = bins - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (z < edges[mid]) hi = mid;
        else lo = mid + 1;
      }
      counts[lo]++;
    }
    const expected = n / bins;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - expected) ** 2 / expected;
    // chi-square with 99 degrees of freedom: mean 99, sd √198 ≈ 14.1
    expect(chi2).toBeLessThan(99 + 4 * Math.sqrt(198));
  });

  it('reaches the tail beyond the ziggurat base (|z| > 3.4426) as often as the normal does, within 4 SE', () => {
    let tail = 0;
    let beyond4 = 0;
    for (const z of draws) {
      if (Math.abs(z) > 3.442619855899) tail++;
      if (Math.abs(z) > 4) beyond4++;
    }
    const p = 2 * 2.8803e-4; // 2·(1 − Φ(3.442619855899))
    expect(Math.abs(tail / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    const p4 = 2 * 3.16712e-5; // 2·(1 − Φ(4))
    expect(Math.abs(beyond4 / n - p4)).toBeLessThan(4 * Math.sqrt((p4 * (1 - p4)) / n));
  });

  it('is symmetric: the share of positive draws is 1/2 within 4 SE', () => {
    let positive = 0;
    for (const z of draws) if (z > 0) positive++;
    expect(Math.abs(positive / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
  });
});
