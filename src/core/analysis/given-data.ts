/**
 * First-order variance shares from a run's own trials ("given data": no extra model runs). Each
 * input's trials are put in M equal-probability bins by their quantile; an input's share is the
 * part of the output's variance explained by its bin means (the correlation ratio η²), corrected
 * for the part bin means explain by chance: S = (SSB − (M − 1)·SSW/(N − M)) / SST (an ε² like
 * Kelley's 1935), clipped to [0, 1]. Plischke (2010, "An effective algorithm for computing global
 * sensitivity indices (EASI)", Reliab. Eng. Syst. Saf. 95:354) and Strong & Oakley (2012) show
 * this converges to Sobol's first-order index as N grows with M ~ √N.
 *
 * A group's share is that of an additive fit over its members' bins (backfitting: Hastie &
 * Tibshirani 1990), corrected for its degrees of freedom the same way: it counts each member's
 * own effect and none of their interactions, a lower bound of the group's first-order index.
 *
 * Standard error: the large-sample one of a squared correlation, √(4S(1 − S)²/N), plus the noise
 * floor of the bin means, √(2·df)/N (test/core/analysis/given-data.test.ts checks it against the
 * spread over replications). Written here: simple-statistics has no binned or grouped estimator.
 */

/** An estimate and its Monte Carlo standard error. */
export interface Estimate {
  readonly estimate: number;
  readonly se: number;
}

/** Bins per input for N trials: about √N, at least 2, at most 100. */
export function binCount(trials: number): number {
  return Math.max(2, Math.min(100, Math.round(Math.sqrt(trials))));
}

/** Each trial's bin (0 … M − 1) from its quantile u in (0, 1) of the input's distribution. */
export function binsOf(u: Float64Array, bins: number): Uint8Array {
  const out = new Uint8Array(u.length);
  for (let j = 0; j < u.length; j++) out[j] = Math.min(bins - 1, Math.floor(u[j] * bins));
  return out;
}

/** Each trial's bin by rank of x (ties to the lower bin), for inputs whose quantiles are not kept. */
export function binsByRank(x: Float64Array, bins: number): Uint8Array {
  const order = Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
  const out = new Uint8Array(x.length);
  let r = 0;
  while (r < order.length) {
    let e = r;
    while (e + 1 < order.length && x[order[e + 1]] === x[order[r]]) e++;
    const bin = Math.min(bins - 1, Math.floor((r / x.length) * bins));
    for (let k = r; k <= e; k++) out[order[k]] = bin;
    r = e + 1;
  }
  return out;
}

const SWEEPS = 4;

/** The first-order share of y's variance explained by the members' bins (one member: its η²). */
export function firstOrderShare(members: readonly Uint8Array[], bins: number, y: Float64Array): Estimate {
  const n = y.length;
  let mean = 0;
  for (let j = 0; j < n; j++) mean += y[j];
  mean /= n;
  let sst = 0;
  for (let j = 0; j < n; j++) sst += (y[j] - mean) ** 2;
  const df = members.length * (bins - 1);
  if (!(sst > 0) || n <= df + 1) return { estimate: 0, se: 0 };
  const fit = new Float64Array(n); // Σ of the members' effects, trial by trial
  const effects = members.map(() => new Float64Array(bins));
  const sums = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let sweep = 0; sweep < (members.length === 1 ? 1 : SWEEPS); sweep++) {
    members.forEach((bin, m) => {
      const f = effects[m];
      sums.fill(0);
      counts.fill(0);
      for (let j = 0; j < n; j++) {
        const b = bin[j];
        sums[b] += y[j] - mean - (fit[j] - f[b]); // partial residual
        counts[b]++;
      }
      for (let j = 0; j < n; j++) fit[j] -= f[bin[j]];
      for (let b = 0; b < bins; b++) f[b] = counts[b] > 0 ? sums[b] / counts[b] : 0;
      for (let j = 0; j < n; j++) fit[j] += f[bin[j]];
    });
  }
  let ssb = 0;
  for (let j = 0; j < n; j++) ssb += fit[j] ** 2;
  ssb = Math.min(ssb, sst);
  const ssw = sst - ssb;
  const share = Math.min(1, Math.max(0, (ssb - (df * ssw) / (n - df - 1)) / sst));
  return { estimate: share, se: Math.sqrt((4 * share * (1 - share) ** 2) / n + (2 * df) / n ** 2) };
}

/** A tornado bar: the output's mean when the input lies in its bottom and its top decile. */
export interface TornadoBar {
  readonly low: number;
  readonly high: number;
  /** high − low, with the standard error of that difference. */
  readonly swing: Estimate;
}

/** The tornado bar of one input from its trials' quantiles u and the output y. */
export function tornadoBar(u: Float64Array, y: Float64Array, tail = 0.1): TornadoBar {
  let nl = 0, sl = 0, ql = 0, nh = 0, sh = 0, qh = 0;
  for (let j = 0; j < y.length; j++) {
    if (u[j] < tail) {
      nl++;
      sl += y[j];
      ql += y[j] * y[j];
    } else if (u[j] >= 1 - tail) {
      nh++;
      sh += y[j];
      qh += y[j] * y[j];
    }
  }
  const low = nl ? sl / nl : 0;
  const high = nh ? sh / nh : 0;
  const varOf = (n: number, s: number, q: number) => (n > 1 ? Math.max(0, (q - (s * s) / n) / (n - 1)) / n : 0);
  return { low, high, swing: { estimate: high - low, se: Math.sqrt(varOf(nl, sl, ql) + varOf(nh, sh, qh)) } };
}
