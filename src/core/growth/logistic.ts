/**
 * One year of logistic growth, the exact one-year step of the logistic curve:
 * V(y) = K / (1 + (K / V(y−1) − 1) · exp(−r)). Zero output or capacity stays zero.
 */
export function logistic(valueCnyBn: number, ratePerYear: number, capacityCnyBn: number): number {
  if (!(valueCnyBn > 0) || !(capacityCnyBn > 0)) return 0;
  return capacityCnyBn / (1 + (capacityCnyBn / valueCnyBn - 1) * Math.exp(-ratePerYear));
}
