import type { GrowthModel } from './types.ts';

/** The step from v with decay d = e^(−r) and capacity k (the formula below). */
function stepOf(v: number, d: number, k: number): number {
  return !(v > 0) || !(k > 0) ? 0 : d > 1 && v > k ? v : (k * v) / (v + (k - v) * d);
}

/**
 * One year of logistic growth, the exact one-year step of the logistic curve:
 * V(y) = K / (1 + (K / V(y−1) − 1) · e^(−r)) = K·V / (V + (K − V)·e^(−r)). Zero output or capacity
 * stays zero. Above capacity a negative rate would make the curve explode (the denominator
 * reaches zero), so there the rate is floored at 0: the field stays where it is.
 * Coefficient: the decay d = e^(−r).
 */
export const logisticModel: GrowthModel = {
  capacity: true,
  coefficient: (ratePerYear) => Math.exp(-ratePerYear),
  coefficients(g, out, n) {
    for (let k = 0; k < n; k++) out[k] = Math.exp(-g[k]);
  },
  // e^(−(r + δ)) = e^(−r) · e^(−δ): the record keeps e^(−r), and a replay multiplies (exact at δ = 0)
  recordsCoefficient: true,
  // with d ≤ 1 (r ≥ 0): K·λv / (λv·(1 − d·e^(−δ)) + K·d·e^(−δ)) ≤ λ·e^δ · K·v / (v·(1 − d) + K·d) for
  // λ ≥ 1 (multiplied out it is (1 − d) ≤ λ·(e^δ − d)); for λ < 1 the step's growth in v gives e^δ;
  // and the step never takes its d > 1 branch
  shiftBound: 'decay',
  shiftedSource: (d) => `${d} * expNegDelta`,
  step: stepOf,
  // the same arithmetic as stepOf, written out for the generated kernel (same bits: tested)
  source: (v, d, k) => `(!(${v} > 0) || !(${k} > 0) ? 0 : ${d} > 1 && ${v} > ${k} ? ${v} : (${k} * ${v}) / (${v} + (${k} - ${v}) * ${d}))`,
};

/** The logistic step from V(y−1) with rate r and capacity K in one call. */
export function logistic(valueCnyBn: number, ratePerYear: number, capacityCnyBn: number): number {
  return logisticModel.step(valueCnyBn, logisticModel.coefficient(ratePerYear), capacityCnyBn);
}
