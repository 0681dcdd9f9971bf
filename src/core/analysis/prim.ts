/**
 * PRIM, the patient rule induction method (Friedman & Fisher 1999, "Bump hunting in
 * high-dimensional data", Stat. Comput. 9:123), as the EMA Workbench uses it for scenario
 * discovery (Kwakkel 2017; Bryant & Lempert 2010): starting from every trial, peel off the
 * `peelAlpha` share of the box's trials at the low or the high end of one input, whichever leaves
 * the highest share of trials of interest (density), until the box holds `minMass` of all trials.
 * The box reported is the one on that peeling trajectory with the best balance of coverage and
 * density (their harmonic mean, the F1 score) among those of density ≥ `threshold` (else among
 * all): the EMA Workbench leaves this pick to its user; restrictions that do not raise its density by
 * `minGain` are dropped, so its sentence names only inputs that matter. Further boxes are found
 * the same way among the trials outside the earlier ones (covering).
 * Written here: no maintained JavaScript library implements PRIM.
 */

/** A box's bound on one input: trials with low ≤ x ≤ high (an open side is ±Infinity). */
export interface Restriction {
  readonly input: number;
  readonly low: number;
  readonly high: number;
}

/** One box of a peeling trajectory. */
export interface PrimStep {
  /** Share of all trials of interest that lie in the box. */
  readonly coverage: number;
  /** Share of the box's trials that are of interest. */
  readonly density: number;
  /** Share of all trials in the box. */
  readonly mass: number;
  /** Inputs the box restricts. */
  readonly restricted: number;
}

export interface PrimBox extends PrimStep {
  readonly limits: readonly Restriction[];
  /** The peeling trajectory this box was chosen from (its first step is every remaining trial). */
  readonly trajectory: readonly PrimStep[];
  /** The trajectory's step the box was chosen at (before dropping restrictions). */
  readonly chosenStep: number;
}

export interface PrimOptions {
  readonly peelAlpha?: number;
  readonly minMass?: number;
  readonly threshold?: number;
  readonly minGain?: number;
  readonly maxBoxes?: number;
}

interface Bounds {
  low: Float64Array;
  high: Float64Array;
}

/** PRIM boxes over inputs (one column per input, one value per trial) for the trials where `interest` is 1. */
export function prim(columns: readonly Float64Array[], interest: Uint8Array, options: PrimOptions = {}): PrimBox[] {
  const peelAlpha = options.peelAlpha ?? 0.05;
  const minMass = options.minMass ?? 0.05;
  const threshold = options.threshold ?? 0.8;
  const minGain = options.minGain ?? 0.01;
  const n = interest.length;
  let ofInterest = 0;
  for (let j = 0; j < n; j++) ofInterest += interest[j];
  // each input's trials in ascending order, once
  const orders = columns.map((x) => Uint32Array.from(Array.from(x.keys()).sort((a, b) => x[a] - x[b])));
  const left = new Uint8Array(n).fill(1); // trials not in an earlier box
  const boxes: PrimBox[] = [];
  for (let k = 0; k < (options.maxBoxes ?? 3) && ofInterest > 0; k++) {
    const box = peel(columns, orders, interest, left, { peelAlpha, minMass, threshold, minGain, n, ofInterest });
    // a box no denser than the trials it was found among is no box
    if (!box || box.density < baseDensity(interest, left) + minGain) break;
    boxes.push(box);
    for (let j = 0; j < n; j++) if (left[j] && inBox(columns, box.limits, j)) left[j] = 0;
  }
  return boxes;
}

function baseDensity(interest: Uint8Array, left: Uint8Array): number {
  let m = 0;
  let c = 0;
  for (let j = 0; j < left.length; j++)
    if (left[j]) {
      m++;
      c += interest[j];
    }
  return m ? c / m : 0;
}

function inBox(columns: readonly Float64Array[], limits: readonly Restriction[], j: number): boolean {
  for (const r of limits) {
    const v = columns[r.input][j];
    if (v < r.low || v > r.high) return false;
  }
  return true;
}

/** The trials inside bounds, among those left. */
function members(columns: readonly Float64Array[], bounds: Bounds, left: Uint8Array): Uint8Array {
  const inside = new Uint8Array(left.length);
  for (let j = 0; j < left.length; j++) {
    if (!left[j]) continue;
    let ok = 1;
    for (let d = 0; d < columns.length && ok; d++) {
      const v = columns[d][j];
      if (v < bounds.low[d] || v > bounds.high[d]) ok = 0;
    }
    inside[j] = ok;
  }
  return inside;
}

function peel(
  columns: readonly Float64Array[],
  orders: readonly Uint32Array[],
  interest: Uint8Array,
  left: Uint8Array,
  o: { peelAlpha: number; minMass: number; threshold: number; minGain: number; n: number; ofInterest: number },
): PrimBox | undefined {
  const D = columns.length;
  const bounds: Bounds = { low: new Float64Array(D).fill(-Infinity), high: new Float64Array(D).fill(Infinity) };
  let inside = members(columns, bounds, left);
  const stepOf = (inside: Uint8Array, bounds: Bounds): PrimStep => {
    let m = 0;
    let c = 0;
    for (let j = 0; j < inside.length; j++)
      if (inside[j]) {
        m++;
        c += interest[j];
      }
    let restricted = 0;
    for (let d = 0; d < D; d++) if (bounds.low[d] > -Infinity || bounds.high[d] < Infinity) restricted++;
    return { coverage: c / o.ofInterest, density: m ? c / m : 0, mass: m / o.n, restricted };
  };
  const trajectory: PrimStep[] = [stepOf(inside, bounds)];
  const history: Bounds[] = [{ low: bounds.low.slice(), high: bounds.high.slice() }];
  if (trajectory[0].mass === 0) return undefined;
  for (;;) {
    const count = trajectory.at(-1)!.mass * o.n;
    const peelCount = Math.max(1, Math.floor(o.peelAlpha * count));
    if ((count - peelCount) / o.n < o.minMass) break;
    let best: { d: number; side: 'low' | 'high'; cut: number; density: number; kept: number } | undefined;
    for (let d = 0; d < D; d++) {
      const order = orders[d];
      const x = columns[d];
      for (const side of ['low', 'high'] as const) {
        // walk the box's trials from this end; the cut is the value of the first trial kept
        let removed = 0;
        let removedInterest = 0;
        let cut = NaN;
        for (let r = 0; r < order.length; r++) {
          const j = order[side === 'low' ? r : order.length - 1 - r];
          if (!inside[j]) continue;
          if (removed >= peelCount && x[j] !== cut) {
            cut = x[j];
            break;
          }
          cut = x[j];
          removed++;
          removedInterest += interest[j];
        }
        if (Number.isNaN(cut) || removed >= count) continue;
        // trials tied with the last one removed go with it, so the kept side is exactly x ≥ cut (x ≤ cut)
        const kept = count - removed;
        if (kept <= 0) continue;
        const boxInterest = trajectory.at(-1)!.density * count;
        const density = (boxInterest - removedInterest) / kept;
        if (!best || density > best.density + 1e-12 || (Math.abs(density - best.density) <= 1e-12 && kept > best.kept)) best = { d, side, cut, density, kept };
      }
    }
    if (!best) break;
    if (best.side === 'low') bounds.low[best.d] = best.cut;
    else bounds.high[best.d] = best.cut;
    inside = members(columns, bounds, left);
    trajectory.push(stepOf(inside, bounds));
    history.push({ low: bounds.low.slice(), high: bounds.high.slice() });
  }
  // the box: the best balance of coverage and density (their harmonic mean) among those of the
  // threshold density, or among all when none reaches it
  const score = (s: PrimStep) => (s.coverage + s.density > 0 ? (2 * s.coverage * s.density) / (s.coverage + s.density) : 0);
  const dense = trajectory.some((s) => s.density >= o.threshold);
  let chosen = 0;
  trajectory.forEach((s, i) => {
    if ((!dense || s.density >= o.threshold) && (trajectory[chosen].density < (dense ? o.threshold : 0) || score(s) > score(trajectory[chosen]))) chosen = i;
  });
  const picked: Bounds = { low: history[chosen].low.slice(), high: history[chosen].high.slice() };
  // drop restrictions that do not earn their place
  let step = stepOf(members(columns, picked, left), picked);
  for (let d = 0; d < D; d++) {
    if (picked.low[d] === -Infinity && picked.high[d] === Infinity) continue;
    const trial: Bounds = { low: picked.low.slice(), high: picked.high.slice() };
    trial.low[d] = -Infinity;
    trial.high[d] = Infinity;
    const without = stepOf(members(columns, trial, left), trial);
    if (step.density - without.density < o.minGain) {
      picked.low[d] = -Infinity;
      picked.high[d] = Infinity;
      step = without;
    }
  }
  const limits: Restriction[] = [];
  for (let d = 0; d < D; d++) if (picked.low[d] > -Infinity || picked.high[d] < Infinity) limits.push({ input: d, low: picked.low[d], high: picked.high[d] });
  return { ...step, limits, trajectory, chosenStep: chosen };
}
