/**
 * One year of logistic growth, the exact one-year step of the logistic curve:
 * V(y) = K / (1 + (K / V(y−1) − 1) · exp(−r)). Zero output or capacity stays zero. Above capacity
 * a negative rate would make the curve explode (the denominator reaches zero), so there the rate
 * is floored at 0: the field stays where it is.
 */
export function logistic(valueCnyBn: number, ratePerYear: number, capacityCnyBn: number): number {
  if (!(valueCnyBn > 0) || !(capacityCnyBn > 0)) return 0;
  const rate = ratePerYear < 0 && valueCnyBn > capacityCnyBn ? 0 : ratePerYear;
  return capacityCnyBn / (1 + (capacityCnyBn / valueCnyBn - 1) * Math.exp(-rate));
}
