/**
 * The growth uplift needed for a target: the smallest change δ to every field's annual growth
 * (added to g or r in every year) at which the share of trials meeting the target reaches p,
 * found by bisection on the same random numbers (each trial replayed from its record).
 *
 * A trial that meets the target at some δ meets it at every larger δ, and one that fails fails at
 * every smaller δ, so each trial remembers the bounds learnt so far and is replayed only when they
 * do not decide it. A pilot bisection on every k-th trial brackets the answer first, so the full
 * set is replayed about twice. This is exact when each trial's value grows with δ: true for cagr
 * fields and for logistic fields below capacity (a logistic field above its capacity falls
 * faster at a higher rate).
 */
import type { CompiledModel, CompiledTarget } from './model.ts';
import type { ReplayShape } from './kernel/layout.ts';
import { STEP_CHUNK } from './kernel/generated.ts';
import { replayRows, replayWork, type ReplayWork } from './kernel/replay.ts';
import { thresholdBounds } from './uplift-bound.ts';

/** Bracket of the search: ±100 percentage points of annual growth. */
export const UPLIFT_BOUND = 1;
/** Bisection stops when the bracket is narrower than this (1e-6 = 0.0001 pp). */
export const UPLIFT_TOLERANCE = 1e-6;
const PILOT_SIZE = 500;
const PILOT_MARGIN = 0.005;

export interface UpliftInput {
  readonly model: CompiledModel;
  readonly target: CompiledTarget;
  /** Replay records of trials 0..trials−1. */
  readonly record: Float64Array;
  readonly shape: ReplayShape;
  readonly trials: number;
  /** Each trial's scope value in the target year at δ = 0. */
  readonly atZero: Float64Array;
}

/** What is known of each trial: it meets the target at δ ≥ meetAt and fails at δ ≤ failAt. */
export interface UpliftMemo {
  readonly meetAt: Float64Array;
  readonly failAt: Float64Array;
  /** Replays done so far (for benchmarks). */
  replays: number;
}

/**
 * A memo seeded with each trial's outcome at δ = 0 and, for a trial that fails there, the δ up to
 * which it is known to fail without a replay (uplift-bound.ts); share it between the p50 and p80
 * searches.
 */
export function upliftMemo(input: UpliftInput): UpliftMemo {
  const meetAt = new Float64Array(input.trials).fill(Infinity);
  const failAt = new Float64Array(input.trials).fill(-Infinity);
  for (let t = 0; t < input.trials; t++) {
    if (input.atZero[t] >= input.target.value) meetAt[t] = 0;
    else failAt[t] = 0;
  }
  const bounds = thresholdBounds(input, UPLIFT_BOUND);
  if (bounds) for (let t = 0; t < input.trials; t++) if (bounds[t] > failAt[t]) failAt[t] = bounds[t];
  return { meetAt, failAt, replays: 0 };
}

/** Scratch of a search: the trials to replay, and the replay's own. */
interface Scratch {
  readonly rows: Int32Array;
  /** Trials met and undecided so far in a count. */
  readonly tally: Int32Array;
  readonly work: ReplayWork;
}

/** Of trials from, from + step, … below to: counts those met at δ (tally[0]) and lists the undecided in rows (tally[1] of them). */
function sortTrials(meetAt: Float64Array, failAt: Float64Array, delta: number, from: number, to: number, step: number, rows: Int32Array, tally: Int32Array): void {
  let met = tally[0];
  let n = tally[1];
  for (let t = from; t < to; t += step) {
    if (delta >= meetAt[t]) met++;
    else if (delta > failAt[t]) rows[n++] = t;
  }
  tally[0] = met;
  tally[1] = n;
}

/** Number of the given trials (every `step`-th) that meet the target at δ; undecided trials are replayed together. */
function count(input: UpliftInput, memo: UpliftMemo, delta: number, step: number, scratch: Scratch): number {
  const { meetAt, failAt } = memo;
  const rows = scratch.rows;
  const tally = scratch.tally;
  tally[0] = 0;
  tally[1] = 0;
  // in calls of STEP_CHUNK trials (optimized once as a function, not while it runs and again)
  for (let t = 0; t < input.trials; t += STEP_CHUNK * step) sortTrials(meetAt, failAt, delta, t, Math.min(input.trials, t + STEP_CHUNK * step), step, rows, tally);
  let met = tally[0];
  const n = tally[1];
  if (n === 0) return met;
  memo.replays += n;
  const { model, target } = input;
  const totals = replayRows(model, input.record, input.shape, rows, n, target.fields, target.step, delta, scratch.work);
  for (let j = 0; j < n; j++) {
    const t = rows[j];
    if (totals[j] >= target.value) {
      meetAt[t] = delta;
      met++;
    } else failAt[t] = delta;
  }
  return met;
}

/** Of trials from … to − 1: lists those undecided at δ or at δ2 in rows (tally[1] of them). */
function sortTrialsPair(meetAt: Float64Array, failAt: Float64Array, delta: number, delta2: number, from: number, to: number, rows: Int32Array, tally: Int32Array): void {
  let n = tally[1];
  for (let t = from; t < to; t++) {
    const m = meetAt[t];
    const f = failAt[t];
    if ((delta < m && delta > f) || (delta2 < m && delta2 > f)) rows[n++] = t;
  }
  tally[1] = n;
}

/** Applies the outcome at δ of the trials undecided at δ (their values in `totals`, listed in `rows`); returns the number met. */
function decide(input: UpliftInput, memo: UpliftMemo, delta: number, rows: Int32Array, totals: Float64Array): number {
  const { meetAt, failAt } = memo;
  const value = input.target.value;
  let met = 0;
  let j = 0;
  for (let t = 0; t < input.trials; t++) {
    if (delta >= meetAt[t]) met++;
    else if (delta > failAt[t]) {
      while (rows[j] < t) j++; // rows holds every trial undecided at δ (and some more), ascending
      if (rows[j] !== t) throw new Error(`uplift search: trial ${t} undecided at ${delta} was not replayed`);
      if (totals[j] >= value) {
        meetAt[t] = delta;
        met++;
      } else failAt[t] = delta;
    }
  }
  return met;
}

/**
 * count(a), then count(b) if `thenB` says so after a's outcome, with the same results (the memo
 * updated in the same order, each trial's values by the same arithmetic), but the record is read
 * once: the trials undecided at a or at b are replayed together at both shifts. Returns the two
 * counts (the second −1 when b was not counted).
 */
function countPair(input: UpliftInput, memo: UpliftMemo, a: number, b: number, thenB: (metA: number) => boolean, scratch: Scratch): [number, number] {
  const rows = scratch.rows;
  const tally = scratch.tally;
  tally[1] = 0;
  for (let t = 0; t < input.trials; t += STEP_CHUNK) sortTrialsPair(memo.meetAt, memo.failAt, a, b, t, Math.min(input.trials, t + STEP_CHUNK), rows, tally);
  const n = tally[1];
  memo.replays += n;
  const { model, target } = input;
  replayRows(model, input.record, input.shape, rows, n, target.fields, target.step, a, scratch.work, b);
  const metA = decide(input, memo, a, rows, scratch.work.totals);
  return [metA, thenB(metA) ? decide(input, memo, b, rows, scratch.work.totals2) : -1];
}

/** Bisection for the smallest δ in (lo, hi] with count ≥ need; assumes count(lo) < need ≤ count(hi). */
function bisect(input: UpliftInput, memo: UpliftMemo, need: number, step: number, loIn: number, hiIn: number, scratch: Scratch): number {
  let lo = loIn;
  let hi = hiIn;
  while (hi - lo > UPLIFT_TOLERANCE) {
    const mid = (lo + hi) / 2;
    if (count(input, memo, mid, step, scratch) >= need) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The smallest δ (to UPLIFT_TOLERANCE) with P(meet | δ) ≥ p over the input's trials; −1 when even
 * δ = −1 meets it; null when δ = +1 does not.
 */
export function requiredUplift(input: UpliftInput, p: number, memo: UpliftMemo = upliftMemo(input)): number | null {
  const n = input.trials;
  const need = Math.max(1, Math.ceil(p * n - 1e-9));
  const scratch: Scratch = { rows: new Int32Array(n), tally: new Int32Array(2), work: replayWork(Math.min(n, 4096)) };
  let lo = -UPLIFT_BOUND;
  let hi = UPLIFT_BOUND;
  if (n >= 4 * PILOT_SIZE) {
    // pilot: bracket the answer on every k-th trial, then confirm the bracket on all trials
    const step = Math.floor(n / PILOT_SIZE);
    const pilotN = Math.ceil(n / step);
    const pilot = bisect(input, memo, Math.max(1, Math.ceil(p * pilotN - 1e-9)), step, lo, hi, scratch);
    for (let margin = PILOT_MARGIN; hi - lo > 2 * margin; margin *= 4) {
      const a = pilot - margin;
      const b = pilot + margin;
      if (a > lo && b < hi) {
        // both ends of the bracket in one reading of the record (the same outcome as the two counts below)
        const [, metB] = countPair(
          input,
          memo,
          a,
          b,
          (met) => {
            if (met < need) lo = a;
            else hi = a;
            return b > lo && b < hi;
          },
          scratch,
        );
        if (metB >= 0) {
          if (metB >= need) hi = b;
          else lo = b;
        }
        continue;
      }
      if (a > lo) {
        if (count(input, memo, a, 1, scratch) < need) lo = a;
        else hi = a;
      }
      if (b > lo && b < hi) {
        if (count(input, memo, b, 1, scratch) >= need) hi = b;
        else lo = b;
      }
    }
  }
  const found = bisect(input, memo, need, 1, lo, hi, scratch);
  // the bounds are checked only when the search ends at one
  if (found >= UPLIFT_BOUND) return count(input, memo, UPLIFT_BOUND, 1, scratch) >= need ? UPLIFT_BOUND : null;
  if (found <= -UPLIFT_BOUND + UPLIFT_TOLERANCE) return -UPLIFT_BOUND;
  // rounded up to 1e-6, so the returned uplift still reaches p
  return Math.ceil(found * 1e6) / 1e6;
}
