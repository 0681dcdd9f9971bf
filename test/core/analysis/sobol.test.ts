import { describe, expect, it } from 'vitest';
import { saltelliDesign } from '../../../src/core/analysis/saltelli.ts';
import { sobolIndices } from '../../../src/core/analysis/sobol.ts';

/** Ishigami & Homma (1990), a = 7, b = 0.1, inputs uniform on (−π, π). */
const A = 7;
const B = 0.1;
const ishigami = (x1: number, x2: number, x3: number) => Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);

// analytic indices (Sobol' & Levitan 1999; the SALib test values)
const V = A ** 2 / 8 + (B * Math.PI ** 4) / 5 + (B ** 2 * Math.PI ** 8) / 18 + 0.5;
const V1 = 0.5 * (1 + (B * Math.PI ** 4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = (8 * B ** 2 * Math.PI ** 8) / 225;
const EXACT = { first: [V1 / V, V2 / V, 0], total: [(V1 + V13) / V, V2 / V, V13 / V] };

function evaluate(values: Float64Array, rows: number, from: number): Float64Array {
  const out = new Float64Array(rows);
  const x = (u: number) => -Math.PI + 2 * Math.PI * u;
  for (let r = 0; r < rows; r++) {
    const at = (from + r) * 3;
    out[r] = ishigami(x(values[at]), x(values[at + 1]), x(values[at + 2]));
  }
  return out;
}

describe('Sobol indices', () => {
  it("match the Ishigami function's analytic values within 0.02", () => {
    const n = 1 << 15;
    const design = saltelliDesign(n, 3, [[0], [1], [2]], 20221011);
    const indices = sobolIndices(
      { a: evaluate(design.values, n, 0), b: evaluate(design.values, n, n), ab: [0, 1, 2].map((g) => evaluate(design.values, n, (g + 2) * n)) },
      { resamples: 100 },
    );
    indices.forEach((index, i) => {
      expect(Math.abs(index.first.estimate - EXACT.first[i])).toBeLessThan(0.02);
      expect(Math.abs(index.total.estimate - EXACT.total[i])).toBeLessThan(0.02);
      // the intervals hold their estimates and the truth is not far outside them
      expect(index.first.low).toBeLessThanOrEqual(index.first.estimate);
      expect(index.first.high).toBeGreaterThanOrEqual(index.first.estimate);
      expect(EXACT.total[i]).toBeGreaterThan(index.total.low - 0.02);
      expect(EXACT.total[i]).toBeLessThan(index.total.high + 0.02);
    });
  });

  it('give a group of all inputs first and total indices near one', () => {
    const n = 4096;
    const design = saltelliDesign(n, 3, [[0, 1, 2]], 7);
    const [all] = sobolIndices({ a: evaluate(design.values, n, 0), b: evaluate(design.values, n, n), ab: [evaluate(design.values, n, 2 * n)] }, { resamples: 20 });
    // f(A_B) = f(B) here: both estimators are then 1 up to sampling error
    expect(Math.abs(all.first.estimate - 1)).toBeLessThan(0.05);
    expect(Math.abs(all.total.estimate - 1)).toBeLessThan(0.05);
    expect(all.total.low).toBeLessThan(1);
    expect(all.total.high).toBeGreaterThan(1);
  });

  it('give zeros, not NaN, for an output that does not vary', () => {
    const flat = new Float64Array(100).fill(3);
    const [index] = sobolIndices({ a: flat, b: flat, ab: [flat] }, { resamples: 10 });
    expect(index).toEqual({ first: { estimate: 0, low: 0, high: 0 }, total: { estimate: 0, low: 0, high: 0 } });
  });

  it("take the group's columns from B and the others from A", () => {
    const d = saltelliDesign(4, 3, [[1]], 3);
    for (let r = 0; r < 4; r++) {
      expect(d.values[(8 + r) * 3]).toBe(d.values[r * 3]);
      expect(d.values[(8 + r) * 3 + 1]).toBe(d.values[(4 + r) * 3 + 1]);
      expect(d.values[(8 + r) * 3 + 2]).toBe(d.values[r * 3 + 2]);
    }
    expect(d.values.every((u) => u > 0 && u < 1)).toBe(true);
  });
});
