/**
 * First-order variance shares and tornado bars from a run's own trials ("given data": no extra
 * model runs). Each input's trials are put in M equal-probability bins by their quantile; the
 * input's share is the part of the output's variance its bin means explain (the correlation
 * ratio η²), less the part bin means explain by chance: S = (SSB − (M − 1)·SSW/(N − M)) / SST
 * (Kelley's ε², 1935), clipped to [0, 1]. With M ~ √N this converges to Sobol's first-order index
 * (Plischke 2010, "An effective algorithm for computing global sensitivity indices (EASI)",
 * Reliab. Eng. Syst. Saf. 95:354; Strong & Oakley 2012). A group's share is the sum of its
 * members': they are independent inputs, so this is the share of the group's additive part, and
 * interactions within the group are not counted (its Sobol first-order index can be higher).
 *
 * Standard error: the large-sample one of a squared correlation, √(4S(1 − S)²/N), plus the noise
 * floor of the bin means, √(2(M − 1))/N (test/core/analysis/given-data.test.ts checks it against
 * the spread over replications). A tornado bar is the output's mean when the input is in its
 * bottom and in its top decile (the first and last tenth of the bins). Written here:
 * simple-statistics has no binned estimator.
 */

/** An estimate and its Monte Carlo standard error. */
export interface Estimate {
  readonly estimate: number;
  readonly se: number;
}

/** Bins per input for N trials: a multiple of ten near √N, from 10 to 100. */
export function binCount(trials: number): number {
  return Math.max(10, Math.min(100, 10 * Math.round(Math.sqrt(trials) / 10)));
}

/** Each trial's bin (0 … M − 1) from its quantile u in (0, 1) of the input's distribution. */
export function binsOf(u: Float64Array, bins: number): Uint8Array {
  const out = new Uint8Array(u.length);
  for (let j = 0; j < u.length; j++) out[j] = Math.min(bins - 1, Math.floor(u[j] * bins));
  return out;
}

/** Mean and total sum of squares of an output. */
export interface Moments {
  readonly n: number;
  readonly mean: number;
  readonly sst: number;
}

/** The output's moments. */
export function momentsOf(y: Float64Array): Moments {
  const n = y.length;
  let mean = 0;
  for (let j = 0; j < n; j++) mean += y[j];
  mean /= n;
  let sst = 0;
  for (let j = 0; j < n; j++) sst += (y[j] - mean) ** 2;
  return { n, mean, sst };
}

/** Per bin: count, sum and sum of squares of the output (scratch arrays of length M, refilled). */
export interface BinSums {
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly square: Float64Array;
}

/** A scratch BinSums for M bins. */
export function binSums(bins: number): BinSums {
  return { count: new Float64Array(bins), sum: new Float64Array(bins), square: new Float64Array(bins) };
}

/** Fills `into` with the output's per-bin sums (one pass over the trials). */
export function sumByBin(bin: Uint8Array, y: Float64Array, into: BinSums): BinSums {
  const { count, sum, square } = into;
  count.fill(0);
  sum.fill(0);
  square.fill(0);
  for (let j = 0; j < y.length; j++) {
    const b = bin[j];
    const v = y[j];
    count[b]++;
    sum[b] += v;
    square[b] += v * v;
  }
  return into;
}

/** The input's first-order share of the output's variance, from its bin sums. */
export function shareOf(s: BinSums, m: Moments): Estimate {
  const bins = s.count.length;
  if (!(m.sst > 0) || m.n <= bins) return { estimate: 0, se: 0 };
  let ssb = 0;
  for (let b = 0; b < bins; b++) if (s.count[b] > 0) ssb += (s.sum[b] * s.sum[b]) / s.count[b];
  ssb = Math.min(m.sst, Math.max(0, ssb - m.n * m.mean * m.mean));
  const ssw = m.sst - ssb;
  const share = Math.min(1, Math.max(0, (ssb - ((bins - 1) * ssw) / (m.n - bins)) / m.sst));
  return { estimate: share, se: Math.sqrt((4 * share * (1 - share) ** 2) / m.n + (2 * (bins - 1)) / m.n ** 2) };
}

/** A tornado bar: the output's mean when the input lies in its bottom and its top decile. */
export interface TornadoBar {
  readonly low: number;
  readonly high: number;
  /** high − low, with the standard error of that difference. */
  readonly swing: Estimate;
}

/** The tornado bar from an input's bin sums (M a multiple of ten). */
export function tornadoOf(s: BinSums): TornadoBar {
  const bins = s.count.length;
  const tenth = bins / 10;
  const tail = (from: number) => {
    let n = 0,
      sum = 0,
      sq = 0;
    for (let b = from; b < from + tenth; b++) {
      n += s.count[b];
      sum += s.sum[b];
      sq += s.square[b];
    }
    const mean = n ? sum / n : 0;
    return { mean, var: n > 1 ? Math.max(0, (sq - n * mean * mean) / (n - 1)) / n : 0 };
  };
  const low = tail(0);
  const high = tail(bins - tenth);
  return { low: low.mean, high: high.mean, swing: { estimate: high.mean - low.mean, se: Math.sqrt(low.var + high.var) } };
}

/** Largest standard error of a share below which the estimates count as stable. */
const STABLE_SHARE_SE = 0.02;

/**
 * Trials needed for the largest standard error of a set of shares (`worstSe`, at `trials`) to fall
 * to STABLE_SHARE_SE (they shrink as 1/√N), rounded up to a thousand; undefined when it has.
 */
export function trialsForStableSe(trials: number, worstSe: number): number | undefined {
  if (worstSe <= STABLE_SHARE_SE) return undefined;
  return Math.ceil((trials * (worstSe / STABLE_SHARE_SE) ** 2) / 1000) * 1000;
}

/** Sum of independent estimates (a group's share from its members'). */
export function sumOf(estimates: readonly Estimate[]): Estimate {
  let e = 0;
  let v = 0;
  for (const x of estimates) {
    e += x.estimate;
    v += x.se * x.se;
  }
  return { estimate: Math.min(1, e), se: Math.sqrt(v) };
}
