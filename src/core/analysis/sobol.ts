/**
 * First-order and total Sobol' indices from the outputs of a Saltelli design (saltelli.ts):
 * V = the variance of f over A and B together;
 * first order S_g = (1/N) Σ (f(B) − f̄)·(f(A_B^g) − f(A)) / V   (Saltelli et al. 2010, eq. (b) of
 *   table 2, with f(B) centred on the mean f̄ of A and B, which leaves its expectation unchanged);
 * total S_Tg = (1/2N) Σ (f(A) − f(A_B^g))² / V           (Jansen 1999).
 * These are the estimators SALib's `sobol.analyze` uses; intervals are percentile bootstraps over
 * the design's rows. Written here because no maintained JavaScript library computes them.
 */
import { bootstrapIntervals, type Interval } from './resample.ts';

/** A design's outputs: f(A), f(B) and f(A_B^g) for each group g, each of N values. */
export interface SaltelliOutputs {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly ab: readonly Float64Array[];
}

/** A group's indices with their intervals. */
export interface SobolIndex {
  readonly first: Interval;
  readonly total: Interval;
}

export interface SobolOptions {
  /** Bootstrap resamples for the intervals (default 200). */
  readonly resamples?: number;
  /** Interval coverage (default 0.95). */
  readonly confidence?: number;
  readonly seed?: number;
}

/** Sobol' indices of every group; an output that does not vary gives zeros (never NaN). */
export function sobolIndices(out: SaltelliOutputs, options: SobolOptions = {}): SobolIndex[] {
  const n = out.a.length;
  if (out.b.length !== n || out.ab.some((x) => x.length !== n)) throw new RangeError('f(A), f(B) and every f(A_B) must have the same length');
  const G = out.ab.length;
  const statistics = (rows: Uint32Array | undefined): number[] => {
    const at = rows ? (j: number) => rows[j] : (j: number) => j;
    let mean = 0;
    for (let j = 0; j < n; j++) mean += out.a[at(j)] + out.b[at(j)];
    mean /= 2 * n;
    let v = 0;
    for (let j = 0; j < n; j++) v += (out.a[at(j)] - mean) ** 2 + (out.b[at(j)] - mean) ** 2;
    v /= 2 * n;
    const result: number[] = [];
    for (let g = 0; g < G; g++) {
      const ab = out.ab[g];
      let first = 0;
      let total = 0;
      for (let j = 0; j < n; j++) {
        const r = at(j);
        first += (out.b[r] - mean) * (ab[r] - out.a[r]); // centred: the same expectation, far less variance when the mean is large
        total += (out.a[r] - ab[r]) ** 2;
      }
      result.push(v > 0 ? first / n / v : 0, v > 0 ? total / (2 * n) / v : 0);
    }
    return result;
  };
  const intervals = bootstrapIntervals(n, statistics, { resamples: options.resamples ?? 200, confidence: options.confidence ?? 0.95, seed: options.seed ?? 1 });
  return Array.from({ length: G }, (_, g) => ({ first: intervals[2 * g], total: intervals[2 * g + 1] }));
}
