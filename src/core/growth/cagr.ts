import type { GrowthModel } from './types.ts';

/**
 * One year of compound growth: V(y) = V(y−1) · max(0, 1 + g), where g already includes the lever
 * uplift and any shift. Output never goes negative. Coefficient: the factor max(0, 1 + g).
 */
export const cagrModel: GrowthModel = {
  capacity: false,
  coefficient(growthPerYear) {
    const factor = 1 + growthPerYear;
    return factor > 0 ? factor : 0;
  },
  coefficients(g, out, n) {
    for (let k = 0; k < n; k++) {
      const factor = 1 + g[k];
      out[k] = factor > 0 ? factor : 0;
    }
  },
  replayRows(values, record, g0, _k0, m0, rows, count, fields, F, delta) {
    for (let j = 0; j < count; j++) {
      const r = rows[j] * F;
      const o = j * F;
      for (let q = 0; q < fields.length; q++) {
        const i = fields[q];
        const factor = 1 + (record[g0 + r + i] + delta);
        values[o + i] = values[o + i] * (factor > 0 ? factor : 0) * record[m0 + r + i];
      }
    }
  },
  step: (valueCnyBn, a) => valueCnyBn * a,
  source: (v, a) => `${v} * ${a}`,
};

/** V(y−1) · max(0, 1 + g) in one call. */
export function cagr(valueCnyBn: number, growthPerYear: number): number {
  return cagrModel.step(valueCnyBn, cagrModel.coefficient(growthPerYear), 0);
}
