/** Seeded bootstrap resampling shared by the analysis estimators. */
import { nextUniform, seedStream } from '../rng.ts';

/** An estimate with a percentile-bootstrap interval. */
export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/** Stream key of the bootstrap's row draws (any constant distinct from model keys). */
const BOOTSTRAP_KEY = 0x5eed_b007;

/**
 * Percentile-bootstrap intervals of several statistics of the same rows: each resample draws n
 * row indices with replacement (seeded), and `statistics(rows)` returns every statistic of the
 * resampled rows, so the statistics share their resamples (Efron & Tibshirani 1993, ch. 13).
 */
export function bootstrapIntervals(
  n: number,
  statistics: (rows: Uint32Array | undefined) => readonly number[],
  options: { readonly resamples: number; readonly confidence: number; readonly seed: number },
): Interval[] {
  const estimates = statistics(undefined);
  const draws = estimates.map(() => new Float64Array(options.resamples));
  const rows = new Uint32Array(n);
  const state = new Int32Array(4);
  seedStream(state, options.seed, 0, BOOTSTRAP_KEY);
  for (let r = 0; r < options.resamples; r++) {
    for (let j = 0; j < n; j++) rows[j] = Math.min(n - 1, Math.floor(nextUniform(state) * n));
    statistics(rows).forEach((v, k) => (draws[k][r] = v));
  }
  const tail = (1 - options.confidence) / 2;
  return estimates.map((estimate, k) => {
    const sorted = draws[k].sort();
    return { estimate, low: percentile(sorted, tail), high: percentile(sorted, 1 - tail) };
  });
}

/** Type-7 percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}
