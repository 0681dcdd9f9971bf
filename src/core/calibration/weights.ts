/**
 * Importance weights from log-likelihoods (the prior's trials reweighted by the observations'
 * likelihood: each trial's weight ∝ exp(log-likelihood), normalized to sum to 1) and their
 * effective sample size, Kish's (Σw)² / Σw²: how many equally weighted trials they are worth.
 */

/** Normalized weights and their effective sample size; undefined when every trial has zero weight. */
export function importanceWeights(logLikelihood: Float64Array): { readonly weights: Float64Array; readonly ess: number } | undefined {
  let max = -Infinity;
  for (let j = 0; j < logLikelihood.length; j++) if (logLikelihood[j] > max) max = logLikelihood[j];
  if (!Number.isFinite(max)) return undefined;
  const weights = new Float64Array(logLikelihood.length);
  let sum = 0;
  for (let j = 0; j < weights.length; j++) {
    weights[j] = Math.exp(logLikelihood[j] - max);
    sum += weights[j];
  }
  let square = 0;
  for (let j = 0; j < weights.length; j++) {
    weights[j] /= sum;
    square += weights[j] * weights[j];
  }
  return { weights, ess: 1 / square };
}

/**
 * Weighted percentiles: the values sorted, each holding its weight as a stretch of the cumulative
 * distribution, and the percentile p read by linear interpolation between the stretches' midpoints
 * (with equal weights this is the Hazen plotting position, close to the type-7 percentiles of the
 * unweighted summaries). Written here: simple-statistics has no weighted quantile.
 */
export function weightedQuantiles(values: Float64Array, weights: Float64Array, ps: readonly number[]): number[] {
  const order = Array.from({ length: values.length }, (_, j) => j).sort((a, b) => values[a] - values[b]);
  const mids = new Float64Array(order.length);
  let cum = 0;
  order.forEach((j, k) => {
    mids[k] = cum + weights[j] / 2;
    cum += weights[j];
  });
  return ps.map((p) => {
    if (p <= mids[0]) return values[order[0]];
    if (p >= mids[mids.length - 1]) return values[order[order.length - 1]];
    let lo = 0;
    let hi = mids.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (mids[mid] <= p) lo = mid;
      else hi = mid;
    }
    const t = (p - mids[lo]) / (mids[hi] - mids[lo]);
    return values[order[lo]] + t * (values[order[hi]] - values[order[lo]]);
  });
}
