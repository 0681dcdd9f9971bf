/**
 * Paired comparison of two scenarios run on the same random numbers (common random numbers:
 * trial j of each is the same simulated world, so b_j − a_j is the scenarios' difference in that
 * world): the difference's quantiles, P(b > a), and a probability's change with its paired
 * standard error, which is far smaller than the unpaired one when the scenarios are close.
 */
import { quantilesInPlace } from '../quantile.ts';
import type { Estimate } from './given-data.ts';

/** A difference is told apart from sampling noise at this many standard errors (issue 11). */
const DISTINGUISHABLE_SE = 3;

/** Monte Carlo standard error of a probability p estimated from n independent trials. */
export function probabilitySe(p: number, n: number): number {
  return n > 0 ? Math.sqrt(Math.max(0, p * (1 - p)) / n) : 0;
}

export interface PairedDifference {
  /** Mean of b − a with its standard error. */
  readonly mean: Estimate;
  /** Quantiles of b − a at `PAIRED_PERCENTILES`. */
  readonly quantiles: readonly number[];
  /** Share of trials with b > a, with its standard error. */
  readonly pGreater: Estimate;
}

/** Percentiles of the paired difference. */
const PAIRED_PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** The per-trial difference b − a summarized; a and b hold the same trials in the same order. */
export function pairedDifference(a: Float64Array, b: Float64Array): PairedDifference {
  sameLength(a, b);
  const n = a.length;
  const d = new Float64Array(n);
  let sum = 0;
  let greater = 0;
  for (let j = 0; j < n; j++) {
    d[j] = b[j] - a[j];
    sum += d[j];
    if (d[j] > 0) greater++;
  }
  const mean = sum / n;
  let ss = 0;
  for (let j = 0; j < n; j++) ss += (d[j] - mean) ** 2;
  const p = greater / n;
  return {
    mean: { estimate: mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 },
    quantiles: quantilesInPlace(d, PAIRED_PERCENTILES),
    pGreater: { estimate: p, se: probabilitySe(p, n) },
  };
}

export interface ProbabilityChange {
  readonly a: number;
  readonly b: number;
  /** P_b − P_a with its paired standard error (the trials' indicators differenced trial by trial). */
  readonly change: Estimate;
  /** What the standard error would be with independent runs: √(se_a² + se_b²). */
  readonly unpairedSe: number;
  /** |change| ≥ DISTINGUISHABLE_SE paired standard errors. */
  readonly distinguishable: boolean;
}

/** The change in P(value ≥ threshold) from a to b, paired trial by trial. */
export function probabilityChange(a: Float64Array, b: Float64Array, threshold: number): ProbabilityChange {
  sameLength(a, b);
  const n = a.length;
  let na = 0;
  let nb = 0;
  let up = 0; // b meets it, a does not
  let down = 0;
  for (let j = 0; j < n; j++) {
    const ia = a[j] >= threshold ? 1 : 0;
    const ib = b[j] >= threshold ? 1 : 0;
    na += ia;
    nb += ib;
    if (ib > ia) up++;
    else if (ia > ib) down++;
  }
  const pa = na / n;
  const pb = nb / n;
  const change = pb - pa;
  // the differenced indicators take +1, −1 or 0: their variance is (up + down)/n − change²
  const se = n > 1 ? Math.sqrt(Math.max(0, (up + down) / n - change * change) / (n - 1)) : 0;
  return {
    a: pa,
    b: pb,
    change: { estimate: change, se },
    unpairedSe: Math.hypot(probabilitySe(pa, n), probabilitySe(pb, n)),
    distinguishable: Math.abs(change) >= DISTINGUISHABLE_SE * se && change !== 0,
  };
}

function sameLength(a: Float64Array, b: Float64Array): void {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`a paired comparison needs the same trials on both sides (got ${a.length} and ${b.length})`);
}
