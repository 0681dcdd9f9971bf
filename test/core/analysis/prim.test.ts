import { describe, expect, it } from 'vitest';
import { prim } from '../../../src/core/analysis/prim.ts';
import { uniformAt } from '../../../src/core/rng.ts';

function uniforms(n: number, width: number, seed: number): Float64Array[] {
  return Array.from({ length: width }, (_, c) => Float64Array.from({ length: n }, (_, j) => uniformAt(seed, j, c + 1)));
}

describe('PRIM', () => {
  it('recovers a planted box within ±0.03, with coverage and density of at least 0.85', () => {
    const n = 5000;
    const x = uniforms(n, 5, 42);
    const noise = Float64Array.from({ length: n }, (_, j) => uniformAt(42, j, 99));
    // of interest: x0 > 0.6 and x1 < 0.5, with 3% of the labels flipped
    const interest = Uint8Array.from({ length: n }, (_, j) => Number((x[0][j] > 0.6 && x[1][j] < 0.5) !== noise[j] < 0.03));
    const [box] = prim(x, interest);
    expect(box.limits.map((r) => r.input)).toEqual([0, 1]);
    const [r0, r1] = box.limits;
    expect(Math.abs(r0.low - 0.6)).toBeLessThan(0.03);
    expect(r0.high).toBe(Infinity);
    expect(r1.low).toBe(-Infinity);
    expect(Math.abs(r1.high - 0.5)).toBeLessThan(0.03);
    expect(box.coverage).toBeGreaterThanOrEqual(0.85);
    expect(box.density).toBeGreaterThanOrEqual(0.85);
    expect(box.mass).toBeCloseTo(0.2, 1);
    // the trajectory starts with every trial and only gets denser and smaller
    expect(box.trajectory[0]).toMatchObject({ coverage: 1, mass: 1, restricted: 0 });
    for (let i = 1; i < box.trajectory.length; i++) expect(box.trajectory[i].mass).toBeLessThan(box.trajectory[i - 1].mass);
  });

  it('finds a second box among the trials outside the first (covering)', () => {
    const n = 6000;
    const x = uniforms(n, 3, 7);
    const interest = Uint8Array.from({ length: n }, (_, j) => Number(x[0][j] > 0.8 || x[1][j] < 0.15));
    const boxes = prim(x, interest);
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    const inputs = boxes.slice(0, 2).map((b) => b.limits.map((r) => r.input).join());
    expect(inputs.sort()).toEqual(['0', '1']);
    expect(boxes[0].coverage + boxes[1].coverage).toBeGreaterThan(0.9);
  });

  it('finds no box when nothing or everything is of interest', () => {
    const x = uniforms(500, 2, 1);
    expect(prim(x, new Uint8Array(500))).toEqual([]);
    expect(prim(x, new Uint8Array(500).fill(1))).toEqual([]);
  });
});
