/**
 * Lower bounds of the trials' thresholds for the required-uplift search, from what the kernel
 * recorded, without replaying: a trial that fails the target at δ = 0 fails it at every δ up to
 * its bound, so the search (uplift.ts) starts knowing that and replays fewer trials. The counts
 * at every δ it tries are the same, so it finds the same δ.
 *
 * After S steps, a field's value at a shift δ ≥ 0 is at most its value at δ = 0 times
 * (1 + δ / m)^S for a cagr field whose factors 1 + g are all at least m > 0, and times e^(δS) for
 * a logistic field whose decays e^(−r) are all at most 1 (growth/*.ts `shiftBound`); the scope's
 * sum is at most its value at 0 times the largest of these, B(δ). A trial of value v0 < target
 * then fails at every δ with v0 · B(δ) < target: δ < m · ((target / v0)^(1/S) − 1), computed as
 * m · expm1(ln(target / v0) / S), and δ < ln(target / v0) / S. The target is shrunk by a millionth
 * first, far more than the rounding of the replay's arithmetic.
 */
import { growthModelOf } from './growth/index.ts';
import { leastFactors } from './kernel/layout.ts';
import type { UpliftInput } from './uplift.ts';

/** The target's relative margin: bounds hold for the target × (1 − this). */
const MARGIN = 1e-6;
/** Absolute margin taken off each bound (the rounding of the bound's own arithmetic). */
const SLACK = 1e-12;

/**
 * Per trial of the input: a δ at and below which it fails the target (−Infinity when none is
 * known: a trial that meets the target at 0, a cagr factor that is not positive, a logistic
 * decay above 1), at most `limit`; undefined when a field of the scope has no known bound. The
 * smallest factors come from the record (the kernel folds them in as it writes the planes:
 * layout.ts ReplayShape).
 */
export function thresholdBounds(input: UpliftInput, limit: number): Float64Array | undefined {
  const { model, target, shape } = input;
  let cagr = false;
  let logistic = false;
  for (const i of target.fields) {
    const kind = growthModelOf(model.fields[i].model).shiftBound;
    if (kind === 'factor') cagr = true;
    else if (kind === 'decay') logistic = true;
    else return undefined;
  }
  const out = new Float64Array(input.trials).fill(-Infinity);
  if (target.step < 1) return out;
  const k = model.targets.indexOf(target);
  boundTrials(input.record, leastFactors(shape, k), cagr, logistic, input.atZero, target.value * (1 - MARGIN), target.step, limit, out, input.trials);
  return out;
}

/** The bounds of trials 0 … n − 1 into out, from their smallest factors at record[at + t] (a leaf loop over typed arrays). */
function boundTrials(
  record: Float64Array,
  at: number,
  cagr: boolean,
  logistic: boolean,
  atZero: Float64Array,
  value: number,
  steps: number,
  limit: number,
  out: Float64Array,
  n: number,
): void {
  for (let t = 0; t < n; t++) {
    const v0 = atZero[t];
    const least = record[at + t];
    if (!(v0 >= 0 && v0 < value) || !(least > 0)) continue;
    if (v0 === 0) {
      out[t] = limit; // zero times any finite bound: no δ meets the target
      continue;
    }
    const perYear = Math.log(value / v0) / steps; // ln((target / v0)^(1/S))
    let delta = Infinity;
    if (cagr) delta = least * Math.expm1(perYear);
    if (logistic) delta = Math.min(delta, perYear);
    delta -= SLACK;
    if (delta > 0) out[t] = delta < limit ? delta : limit;
  }
}
