import { describe, expect, it } from 'vitest';
import { pairedDifference, probabilityChange, probabilitySe } from '../../../src/core/analysis/paired.ts';
import { shapleyValues } from '../../../src/core/analysis/shapley.ts';
import { uniformAt } from '../../../src/core/rng.ts';

const draws = (n: number, seed: number, key: number) => Float64Array.from({ length: n }, (_, j) => uniformAt(seed, j, key));

describe('paired comparison', () => {
  it('gives zero difference, exactly, for identical runs', () => {
    const a = draws(1000, 1, 1);
    const d = pairedDifference(a, a.slice());
    expect(d.mean).toEqual({ estimate: 0, se: 0 });
    expect(d.quantiles).toEqual([0, 0, 0, 0, 0]);
    expect(d.pGreater.estimate).toBe(0);
    const c = probabilityChange(a, a.slice(), 0.5);
    expect(c.change).toEqual({ estimate: 0, se: 0 });
    expect(c.distinguishable).toBe(false);
  });

  it('has a paired standard error of a small shift at most a third of the unpaired one', () => {
    const n = 10000;
    const a = draws(n, 3, 1).map((u) => 100 * Math.exp(u));
    const b = a.map((v) => v * 1.01); // the same worlds, 1% higher
    const c = probabilityChange(a, b, 200);
    expect(c.change.estimate).toBeGreaterThan(0);
    expect(c.change.se).toBeLessThanOrEqual(c.unpairedSe / 3);
    // the changed trials are exactly those between 200/1.01 and 200
    const moved = a.filter((v) => v >= 200 / 1.01 && v < 200).length;
    expect(c.change.estimate).toBeCloseTo(moved / n, 12);
  });

  it('computes quantiles and P(b > a) of b − a trial by trial', () => {
    const a = Float64Array.from({ length: 101 }, (_, j) => j);
    const b = a.map((v, j) => v + (j - 50)); // differences −50 … 50
    const d = pairedDifference(a, b);
    expect(d.quantiles).toEqual([-45, -25, 0, 25, 45]);
    expect(d.pGreater.estimate).toBeCloseTo(50 / 101, 12);
    expect(d.mean.estimate).toBe(0);
  });

  it('refuses runs of different lengths', () => {
    expect(() => pairedDifference(new Float64Array(3), new Float64Array(4))).toThrow(/same trials/);
  });

  it("gives a probability's standard error √(p(1 − p)/n)", () => {
    expect(probabilitySe(0.38, 10000)).toBeCloseTo(Math.sqrt((0.38 * 0.62) / 10000), 15);
    expect(probabilitySe(0, 100)).toBe(0);
  });
});

describe('Shapley values', () => {
  it('add up to the gap and split an interaction evenly, whatever the order', () => {
    // v = 3·x0 + 2·x1 + 4·x0·x1 (x_i = 1 when player i is switched): φ0 = 3 + 2, φ1 = 2 + 2, φ2 = 0
    const v = (m: number) => 3 * (m & 1) + 2 * ((m >> 1) & 1) + 4 * (m & 1) * ((m >> 1) & 1);
    const phi = shapleyValues(3, v);
    expect(phi.map((x) => Math.round(x * 1e12) / 1e12)).toEqual([5, 4, 0]);
    expect(phi.reduce((a, b) => a + b)).toBeCloseTo(v(7) - v(0), 12);
  });

  it('refuses too many players', () => {
    expect(() => shapleyValues(13, () => 0)).toThrow(/1 to 12/);
  });
});
