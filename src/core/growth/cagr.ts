import type { GrowthModel } from './types.ts';

/** The factor max(0, 1 + g): output never goes negative. */
function factorOf(growthPerYear: number): number {
  const factor = 1 + growthPerYear;
  return factor > 0 ? factor : 0;
}

/**
 * One year of compound growth: V(y) = V(y−1) · max(0, 1 + g), where g already includes the lever
 * uplift and any shift. Output never goes negative. Coefficient: the factor max(0, 1 + g).
 */
export const cagrModel: GrowthModel = {
  capacity: false,
  coefficient: factorOf,
  coefficients(g, out, n) {
    for (let k = 0; k < n; k++) out[k] = factorOf(g[k]);
  },
  recordsCoefficient: false,
  // (1 + g + δ) / (1 + g) = 1 + δ / (1 + g): the value's ratio at δ, year after year
  shiftBound: 'factor',
  shiftedSource: (g) => `(1 + (${g} + delta) > 0 ? 1 + (${g} + delta) : 0)`,
  step: (valueCnyBn, a) => valueCnyBn * a,
  source: (v, a) => `${v} * ${a}`,
};

/** V(y−1) · max(0, 1 + g) in one call. */
export function cagr(valueCnyBn: number, growthPerYear: number): number {
  return valueCnyBn * factorOf(growthPerYear);
}
