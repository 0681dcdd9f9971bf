/**
 * PRIM, the patient rule induction method (Friedman & Fisher 1999, "Bump hunting in
 * high-dimensional data", Stat. Comput. 9:123), as the EMA Workbench uses it for scenario
 * discovery (Kwakkel 2017; Bryant & Lempert 2010): starting from every trial, peel off the
 * `peelAlpha` share of the box's trials at the low or the high end of one input, whichever leaves
 * the highest share of trials of interest (density), until the box holds `minMass` of all trials.
 * The box reported is the one on that peeling trajectory with the best balance of coverage and
 * density (their harmonic mean, the F1 score) among those of density ≥ `threshold` (else among
 * all; the EMA Workbench leaves this pick to its user). Restrictions whose gain in density could
 * be chance (quasi-p-value above `maxP`) are then dropped one by one, so the box's sentence names
 * only inputs that matter, and each bound is pasted outwards over any trials of interest just
 * beyond it (undoing a peel's overshoot). Further boxes are found the same way among the trials outside the
 * earlier ones (covering).
 * Written here: no maintained JavaScript library implements PRIM.
 */
import { cumulativeStdNormalProbability } from 'simple-statistics';

/** A box's bound on one input: trials with low ≤ x ≤ high (an open side is ±Infinity). */
interface Restriction {
  readonly input: number;
  readonly low: number;
  readonly high: number;
}

/** One box of a peeling trajectory. */
interface PrimStep {
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
  /** Share of the box's trials peeled at each step (default 0.05). */
  readonly peelAlpha?: number;
  /** Smallest box, as a share of all trials (default 0.05). */
  readonly minMass?: number;
  /** Density a box should reach (default 0.8). */
  readonly threshold?: number;
  /** Largest quasi-p-value a restriction may have and stay (default 0.05). */
  readonly maxP?: number;
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
  const maxP = options.maxP ?? 0.05;
  const n = interest.length;
  let ofInterest = 0;
  for (let j = 0; j < n; j++) ofInterest += interest[j];
  // each input's trials in ascending order, once
  const orders = columns.map((x) => Uint32Array.from(Array.from(x.keys()).sort((a, b) => x[a] - x[b])));
  const left = new Uint8Array(n).fill(1); // trials not in an earlier box
  const boxes: PrimBox[] = [];
  for (let k = 0; k < (options.maxBoxes ?? 3) && ofInterest > 0; k++) {
    const box = peel(columns, orders, interest, left, { peelAlpha, minMass, threshold, maxP, n, ofInterest });
    // a box no denser than all trials (or than those it was found among) is no box
    if (!box || !box.limits.length || box.density <= Math.max(ofInterest / n, baseDensity(interest, left))) break;
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

/** Where a peel of `want` in-box trials from one end of `order` cuts, and what it removes. */
interface Cut {
  value: number;
  removed: number;
  removedInterest: number;
}

/**
 * Walks the box's trials in `order` from the low end (or the high end) and removes `want` of them,
 * with any tied with the last removed, so that the kept side is exactly x ≥ cut (x ≤ cut).
 * Returns false when the walk would remove every trial.
 */
function cutFrom(order: Uint32Array, x: Float64Array, inside: Uint8Array, interest: Uint8Array, want: number, fromTop: boolean, into: Cut): boolean {
  let removed = 0;
  let removedInterest = 0;
  let last = NaN;
  const n = order.length;
  for (let r = 0; r < n; r++) {
    const j = order[fromTop ? n - 1 - r : r];
    if (!inside[j]) continue;
    const v = x[j];
    if (removed >= want && v !== last) {
      into.value = v;
      into.removed = removed;
      into.removedInterest = removedInterest;
      return true;
    }
    last = v;
    removed++;
    removedInterest += interest[j];
  }
  return false;
}

/** Share of all trials of interest in the box, its density and mass. */
function stepOf(inside: Uint8Array, interest: Uint8Array, bounds: Bounds, total: number, ofInterest: number): PrimStep {
  let m = 0;
  let c = 0;
  for (let j = 0; j < inside.length; j++)
    if (inside[j]) {
      m++;
      c += interest[j];
    }
  let restricted = 0;
  for (let d = 0; d < bounds.low.length; d++) if (bounds.low[d] > -Infinity || bounds.high[d] < Infinity) restricted++;
  return { coverage: c / ofInterest, density: m ? c / m : 0, mass: m / total, restricted };
}

/**
 * Quasi-p-value of a restriction (Bryant & Lempert 2010, as the EMA Workbench computes it): the
 * chance of a box this dense among its trials if the restriction did nothing, i.e. the binomial
 * tail P(X ≥ c) for m trials at the density of the box without it (normal approximation).
 */
function quasiP(m: number, c: number, mWithout: number, cWithout: number): number {
  const p = mWithout ? cWithout / mWithout : 0;
  if (m === 0 || p <= 0 || p >= 1) return c / Math.max(1, m) > p ? 0 : 1;
  const z = (c - 0.5 - m * p) / Math.sqrt(m * p * (1 - p));
  return 1 - cumulativeStdNormalProbability(z);
}

function peel(
  columns: readonly Float64Array[],
  orders: readonly Uint32Array[],
  interest: Uint8Array,
  left: Uint8Array,
  o: { peelAlpha: number; minMass: number; threshold: number; maxP: number; n: number; ofInterest: number },
): PrimBox | undefined {
  const D = columns.length;
  const bounds: Bounds = { low: new Float64Array(D).fill(-Infinity), high: new Float64Array(D).fill(Infinity) };
  const inside = left.slice();
  const first = stepOf(inside, interest, bounds, o.n, o.ofInterest);
  if (first.mass === 0) return undefined;
  const trajectory: PrimStep[] = [first];
  const history: Bounds[] = [{ low: bounds.low.slice(), high: bounds.high.slice() }];
  const cut: Cut = { value: 0, removed: 0, removedInterest: 0 };
  let count = first.mass * o.n;
  let boxInterest = first.coverage * o.ofInterest;
  for (;;) {
    const want = Math.max(1, Math.floor(o.peelAlpha * count));
    if ((count - want) / o.n < o.minMass) break;
    let best: { d: number; top: boolean; value: number; density: number; kept: number; keptInterest: number } | undefined;
    for (let d = 0; d < D; d++) {
      for (const top of [false, true]) {
        if (!cutFrom(orders[d], columns[d], inside, interest, want, top, cut)) continue;
        const kept = count - cut.removed;
        const keptInterest = boxInterest - cut.removedInterest;
        const density = keptInterest / kept;
        if (!best || density > best.density + 1e-12 || (Math.abs(density - best.density) <= 1e-12 && kept > best.kept))
          best = { d, top, value: cut.value, density, kept, keptInterest };
      }
    }
    if (!best) break;
    const x = columns[best.d];
    if (best.top) bounds.high[best.d] = best.value;
    else bounds.low[best.d] = best.value;
    for (let j = 0; j < inside.length; j++) if (inside[j] && (best.top ? x[j] > best.value : x[j] < best.value)) inside[j] = 0;
    count = best.kept;
    boxInterest = best.keptInterest;
    trajectory.push(stepOf(inside, interest, bounds, o.n, o.ofInterest));
    history.push({ low: bounds.low.slice(), high: bounds.high.slice() });
  }
  // the box: the best balance of coverage and density (their harmonic mean) among those of the
  // threshold density, or among all when none reaches it
  const score = (s: PrimStep) => (s.coverage + s.density > 0 ? (2 * s.coverage * s.density) / (s.coverage + s.density) : 0);
  const dense = trajectory.some((s) => s.density >= o.threshold);
  let chosen = -1;
  trajectory.forEach((s, i) => {
    if ((!dense || s.density >= o.threshold) && (chosen < 0 || score(s) > score(trajectory[chosen]))) chosen = i;
  });
  const picked: Bounds = { low: history[chosen].low.slice(), high: history[chosen].high.slice() };
  // drop, one at a time, the restriction least needed, while its quasi-p-value says the density
  // it adds could be chance (peeling in many dimensions picks up noise)
  const restrictedDims = () => Array.from({ length: D }, (_, d) => d).filter((d) => picked.low[d] > -Infinity || picked.high[d] < Infinity);
  // per trial left: how many restrictions it breaks, and which one when it breaks exactly one
  const broken = new Uint16Array(left.length);
  const only = new Int32Array(left.length);
  const tally = () => {
    const dims = restrictedDims();
    broken.fill(0);
    for (const d of dims) {
      const x = columns[d];
      const lo = picked.low[d];
      const hi = picked.high[d];
      for (let j = 0; j < x.length; j++)
        if (left[j] && (x[j] < lo || x[j] > hi)) {
          broken[j]++;
          only[j] = d;
        }
    }
    let m = 0;
    let c = 0;
    const m1 = new Map<number, number>(dims.map((d) => [d, 0]));
    const c1 = new Map<number, number>(dims.map((d) => [d, 0]));
    for (let j = 0; j < left.length; j++) {
      if (!left[j]) continue;
      if (broken[j] === 0) {
        m++;
        c += interest[j];
      } else if (broken[j] === 1) {
        m1.set(only[j], (m1.get(only[j]) as number) + 1);
        c1.set(only[j], (c1.get(only[j]) as number) + interest[j]);
      }
    }
    return { dims, m, c, m1, c1 };
  };
  for (;;) {
    const t = tally();
    let worst = -1;
    let worstP = o.maxP;
    for (const d of t.dims) {
      // without restriction d, the box also holds the trials that break d alone
      const qp = quasiP(t.m, t.c, t.m + (t.m1.get(d) as number), t.c + (t.c1.get(d) as number));
      if (qp >= worstP) {
        worst = d;
        worstP = qp;
      }
    }
    if (worst < 0) break;
    picked.low[worst] = -Infinity;
    picked.high[worst] = Infinity;
  }
  // paste: move each bound outwards over the trials beyond it (within the other bounds) while
  // they are of interest, which undoes a peel's overshoot without lowering the density
  const dims = restrictedDims();
  for (const d of dims) {
    const x = columns[d];
    const fits = (j: number) => {
      if (!left[j]) return false;
      for (const e of dims) if (e !== d && (columns[e][j] < picked.low[e] || columns[e][j] > picked.high[e])) return false;
      return true;
    };
    for (const top of [false, true]) {
      const order = orders[d];
      const bound = top ? picked.high[d] : picked.low[d];
      if (!Number.isFinite(bound)) continue;
      // the trials beyond the bound, nearest first
      let r = top ? 0 : order.length - 1;
      const step = top ? 1 : -1;
      while (r >= 0 && r < order.length && (top ? x[order[r]] <= bound : x[order[r]] >= bound)) r += step;
      let next = bound;
      for (; r >= 0 && r < order.length; r += step) {
        const j = order[r];
        if (!fits(j)) continue;
        if (!interest[j]) break;
        next = x[j];
      }
      if (top) picked.high[d] = next;
      else picked.low[d] = next;
    }
  }
  const box = tally();
  const limits: Restriction[] = [];
  for (let d = 0; d < D; d++) if (picked.low[d] > -Infinity || picked.high[d] < Infinity) limits.push({ input: d, low: picked.low[d], high: picked.high[d] });
  return { coverage: box.c / o.ofInterest, density: box.m ? box.c / box.m : 0, mass: box.m / o.n, restricted: limits.length, limits, trajectory, chosenStep: chosen };
}
