/**
 * Lower bounds of the trials' thresholds for the required-uplift search, read from the replay
 * record without replaying: a trial that fails the target at δ = 0 fails it at every δ up to its
 * bound, so the search (uplift.ts) starts knowing that and replays fewer trials. The counts at
 * every δ it tries are the same, so it finds the same δ.
 *
 * After S steps, a field's value at a shift δ ≥ 0 is at most its value at δ = 0 times
 * (1 + δ / m)^S for a cagr field whose factors 1 + g are all at least m > 0, and times e^(δS) for
 * a logistic field whose decays e^(−r) are all at most 1 (growth/*.ts `shiftBound`); the scope's
 * sum is at most its value at 0 times the largest of these, B(δ). A trial of value v0 < target
 * then fails at every δ with v0 · B(δ) < target: δ < m · ((target / v0)^(1/S) − 1) and
 * δ < ln(target / v0) / S. The target is shrunk by a millionth first, far more than the rounding
 * of the replay's arithmetic.
 */
import { growthModelOf } from './growth/index.ts';
import { growthPlane, replayRow } from './kernel/layout.ts';
import type { UpliftInput } from './uplift.ts';

/** The target's relative margin: bounds hold for the target × (1 − this). */
const MARGIN = 1e-6;
/** Absolute margin taken off each bound (the rounding of the bound's own arithmetic). */
const SLACK = 1e-12;

/**
 * Per trial of the input: a δ at and below which it fails the target (−Infinity when none is
 * known: a trial that meets the target at 0, a cagr factor that is not positive, a logistic
 * decay above 1), at most `limit`; undefined when a field of the scope has no known bound.
 */
export function thresholdBounds(input: UpliftInput, limit: number): Float64Array | undefined {
  const { model, target, shape } = input;
  const cagr: number[] = [];
  const logistic: number[] = [];
  for (const i of target.fields) {
    const kind = growthModelOf(model.fields[i].model).shiftBound;
    if (kind === 'factor') cagr.push(i);
    else if (kind === 'decay') logistic.push(i);
    else return undefined;
  }
  const steps = target.step;
  const out = new Float64Array(input.trials).fill(-Infinity);
  if (steps < 1) return out;
  // the planes of steps 0 … S − 1 (a step's plane holds its inputs until the next plane)
  const lastPlane = shape.planeOfStep[steps - 1];
  const offsets = new Int32Array(lastPlane + 1);
  for (let p = 0; p <= lastPlane; p++) offsets[p] = growthPlane(shape, p);
  boundTrials(input.record, replayRow(shape), offsets, Int32Array.from(cagr), Int32Array.from(logistic), input.atZero, target.value * (1 - MARGIN), steps, limit, out, input.trials);
  return out;
}

/** The bounds of trials 0 … n − 1 into out (a leaf loop over typed arrays). */
function boundTrials(record: Float64Array, row: number, offsets: Int32Array, cagr: Int32Array, logistic: Int32Array, atZero: Float64Array, value: number, steps: number, limit: number, out: Float64Array, n: number): void {
  for (let t = 0; t < n; t++) {
    const v0 = atZero[t];
    if (!(v0 >= 0 && v0 < value)) continue;
    const r = t * row;
    let least = Infinity; // the smallest cagr factor 1 + g
    let ok = true;
    for (let p = 0; p < offsets.length && ok; p++) {
      const at = r + offsets[p];
      for (let j = 0; j < cagr.length; j++) {
        const factor = 1 + record[at + cagr[j]];
        if (!(factor > 0)) ok = false;
        else if (factor < least) least = factor;
      }
      for (let j = 0; j < logistic.length; j++) if (!(record[at + logistic[j]] <= 1)) ok = false;
    }
    if (!ok) continue;
    if (v0 === 0) {
      out[t] = limit; // zero times any finite bound: no δ meets the target
      continue;
    }
    const ratio = value / v0;
    let delta = Infinity;
    if (cagr.length > 0) delta = least * (Math.pow(ratio, 1 / steps) - 1);
    if (logistic.length > 0) delta = Math.min(delta, Math.log(ratio) / steps);
    delta -= SLACK;
    if (delta > 0) out[t] = delta < limit ? delta : limit;
  }
}
