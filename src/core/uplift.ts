/**
 * The growth uplift needed for a target: the smallest change δ to every field's annual growth
 * (added to g or r in every year) at which the share of trials meeting the target reaches p,
 * found by bisection on the same random numbers (each trial replayed from its record).
 *
 * Each bisection step replays only the trials whose outcome is still open: a trial that meets
 * the target at δ_lo meets it at every larger δ, one that fails at δ_hi fails at every smaller δ.
 * This is exact when each trial's value grows with δ, true for cagr fields and for logistic
 * fields below capacity (a logistic field above its capacity falls faster at a higher rate).
 */
import type { CompiledModel, CompiledTarget } from './compile.ts';
import { replayScope } from './simulate.ts';

/** Bracket of the search: ±100 percentage points of annual growth. */
export const UPLIFT_BOUND = 1;
/** Bisection stops when the bracket is narrower than this (1e-6 = 0.0001 pp). */
export const UPLIFT_TOLERANCE = 1e-6;

export interface UpliftInput {
  readonly model: CompiledModel;
  readonly target: CompiledTarget;
  /** Replay records of trials 0..trials−1. */
  readonly record: Float64Array;
  readonly recordStride: number;
  readonly replaySteps: number;
  readonly trials: number;
  /** Each trial's scope value in the target year at δ = 0. */
  readonly atZero: Float64Array;
}

function split(input: UpliftInput, trials: Int32Array, delta: number, scratch: Float64Array): [Int32Array, Int32Array] {
  const meet: number[] = [];
  const fail: number[] = [];
  const { model, target, record, recordStride, replaySteps } = input;
  for (let k = 0; k < trials.length; k++) {
    const t = trials[k];
    const value = replayScope(model, record, t * recordStride, replaySteps, target.fields, target.step, delta, scratch);
    (value >= target.value ? meet : fail).push(t);
  }
  return [Int32Array.from(meet), Int32Array.from(fail)];
}

/**
 * The smallest δ (to UPLIFT_TOLERANCE) with P(meet | δ) ≥ p over the input's trials; −1 when even
 * δ = −1 meets it; null when δ = +1 does not.
 */
export function requiredUplift(input: UpliftInput, p: number): number | null {
  const n = input.trials;
  const need = Math.max(1, Math.ceil(p * n - 1e-9));
  const scratch = new Float64Array(input.model.clusters.length);
  const meet0: number[] = [];
  const fail0: number[] = [];
  for (let t = 0; t < n; t++) (input.atZero[t] >= input.target.value ? meet0 : fail0).push(t);
  let lo: number;
  let hi: number;
  let sure: number;
  let open: Int32Array;
  if (meet0.length >= need) {
    hi = 0;
    lo = -UPLIFT_BOUND;
    const [meetLo, failLo] = split(input, Int32Array.from(meet0), lo, scratch);
    if (meetLo.length >= need) return lo;
    sure = meetLo.length;
    open = failLo;
  } else {
    lo = 0;
    hi = UPLIFT_BOUND;
    sure = meet0.length;
    const [meetHi] = split(input, Int32Array.from(fail0), hi, scratch);
    if (sure + meetHi.length < need) return null;
    open = meetHi;
  }
  while (hi - lo > UPLIFT_TOLERANCE) {
    const mid = (lo + hi) / 2;
    const [meet, fail] = split(input, open, mid, scratch);
    if (sure + meet.length >= need) {
      hi = mid;
      open = meet;
    } else {
      lo = mid;
      sure += meet.length;
      open = fail;
    }
  }
  return Math.round(hi * 1e6) / 1e6;
}
