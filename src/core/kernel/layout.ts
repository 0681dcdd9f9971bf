/**
 * What the kernel precomputes per model and run: which fields change inputs at each step, which
 * fields have a capacity slot, the replay record's layout, and where each input is first drawn.
 */
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel, CompiledParam } from '../model.ts';

/**
 * The replay record of the first `trials` trials (for the required-uplift search), trial-major
 * so that a trial's replay reads one contiguous row: per trial, its base values [field]; its
 * growth (or coefficient, for growth models that record it) [field] and then its capacity
 * [field] at each step at which some field's inputs change (they hold until the next:
 * `planeOfStep` maps each step to its plane); then each year's multiplier (noise × events)
 * [field]. Trial t's row starts at t · replayRow(shape). After the rows, per target, a number per
 * trial for the uplift search's bound (uplift-bound.ts): the smallest cagr factor 1 + g of the
 * target's fields in the planes of its years, +Infinity when it has none, −1 when a factor is not
 * positive or a logistic decay exceeds 1 (no bound); target k's start at leastFactors(shape, k).
 */
export interface ReplayShape {
  readonly fields: number;
  readonly trials: number;
  readonly steps: number;
  /** Growth (and capacity) planes. */
  readonly planes: number;
  /** Per step q (0-based, the step into year q + 1): its growth plane. */
  readonly planeOfStep: Int32Array;
  /** Targets, each with its trials' smallest factors after the rows. */
  readonly targets: number;
}

/** The replay shape of `trials` trials up to step `steps` of a model with this layout and `targets` targets. */
export function replayShapeOf(layout: Layout, fields: number, trials: number, steps: number, targets: number): ReplayShape {
  const planeOfStep = new Int32Array(steps);
  let planes = 0;
  for (let q = 0; q < steps; q++) {
    if (layout.changing[q + 1].length > 0) planes++;
    planeOfStep[q] = planes - 1;
  }
  return { fields, trials, steps, planes, planeOfStep, targets };
}

/** Numbers in one trial's row of the record. */
export function replayRow(r: ReplayShape): number {
  return r.fields * (1 + 2 * r.planes + r.steps);
}

/** Numbers in a replay record. */
export function replayLength(r: ReplayShape): number {
  return r.trials * (replayRow(r) + r.targets);
}

/** Where target k's smallest factors (one per trial) start in the record. */
export function leastFactors(r: ReplayShape, k: number): number {
  return r.trials * (replayRow(r) + k);
}

/** Where growth plane p starts within a trial's row. */
export function growthPlane(r: ReplayShape, p: number): number {
  return r.fields * (1 + p);
}

/** Where capacity plane p starts within a trial's row. */
export function capacityPlane(r: ReplayShape, p: number): number {
  return r.fields * (1 + r.planes + p);
}

/** Where step q's multipliers start within a trial's row. */
export function multiplierPlane(r: ReplayShape, q: number): number {
  return r.fields * (1 + 2 * r.planes + q);
}

export interface Layout {
  /** Per step 0..Y: the fields whose growth inputs are drawn again at that step. */
  readonly changing: readonly Int32Array[];
  /** Per field: its column in the capacity state, or −1. */
  readonly capacitySlot: Int32Array;
  readonly capacityCount: number;
  /** Per input: the step at which it is first drawn (its recorded value is that draw). */
  readonly firstStep: Int32Array;
  /** Per input: its stream key. */
  readonly keys: Uint32Array;
  /** Normals per trial-year of the noise stream (global, clusters, fields; or fields; 0 without noise). */
  readonly normals: number;
  /** Per step and field (s·F + i): 1 when the field's rate (its period or distribution) changes at s. */
  readonly rateChanged: Uint8Array;
  /** Per step and field: 1 when the field's capacity distribution changes at s. */
  readonly capacityChanged: Uint8Array;
  /** Per step: 1 when a lever's delivery or effect changes at s (or s = 1). */
  readonly leversChanged: Uint8Array;
  /** Whether each trial keeps its drawn rates (some field's inputs change while its rate does not: a lever's do). */
  readonly keepRates: boolean;
  /** Whether each trial keeps its lever uplift per field (a field's rate changes while the levers do not, and there are enough lever parameters to be worth the memory). */
  readonly keepUplift: boolean;
  /**
   * Per step at which the levers are drawn again while the kept uplift holds the last draw's:
   * the first lever term (effects numbered in lever and effect order) drawn again (0: every
   * term). The terms before it are the same distributions as at the last draw, and those from it
   * on added exactly zero there (an effect of 0 or a delivery of 1), so the kept sum is the sum
   * of the terms before it, bit for bit, and adding the later terms to it gives the full sum.
   */
  readonly leverFrom: Int32Array;
  /** Per step with leverFrom > 0: the fields whose uplift is read back and stored (those the later terms touch, and the changing ones). */
  readonly leverFields: readonly Int32Array[];
}

/** Whether a parameter at step s is 0 (value 0 for effects, 1 for deliveries) whatever its draw. */
function always(p: CompiledParam, s: number, value: number): boolean {
  const d = p.byStep[s];
  if (d.family === 'fixed') return d.a === value;
  // a + u·0 or a + z·0; a uniform in a parameter group reads a table of a + 0·Φ(z), exact only for 0
  return (d.family === 'uniform' || d.family === 'normal') && d.b === 0 && d.a === value && (value === 0 || p.copula < 0);
}

/**
 * The lever terms drawn again at each step (Layout.leverFrom) and the fields they need, when the
 * uplift is kept: steps at which no field changes draw nothing, so the last draw before s is at
 * the last step before s with a changing field and changed levers.
 */
function leverSuffixes(m: CompiledModel, lists: readonly number[][], leversChanged: Uint8Array, keepUplift: boolean): { leverFrom: Int32Array; leverFields: Int32Array[] } {
  const Y = m.steps;
  const leverFrom = new Int32Array(Y + 1);
  const leverFields: Int32Array[] = Array.from({ length: Y + 1 }, () => new Int32Array(0));
  const terms = m.levers.flatMap((l) => l.effects.map((e) => ({ delivery: l.delivery, effect: e.param, fields: e.fields })));
  let last = -1;
  for (let s = 1; s <= Y && keepUplift; s++) {
    if (lists[s].length === 0 || leversChanged[s] === 0) continue;
    if (last > 0) {
      const p = last;
      let from = 0;
      while (from < terms.length && terms[from].delivery.byStep[s] === terms[from].delivery.byStep[p] && terms[from].effect.byStep[s] === terms[from].effect.byStep[p]) from++;
      const zeroBefore = terms.slice(from).every((t) => always(t.effect, p, 0) || always(t.delivery, p, 1));
      if (from > 0 && zeroBefore) {
        leverFrom[s] = from;
        const fields = new Set<number>(lists[s]);
        for (const t of terms.slice(from)) for (const i of t.fields) fields.add(i);
        leverFields[s] = Int32Array.from([...fields].sort((a, b) => a - b));
      }
    }
    last = s;
  }
  return { leverFrom, leverFields };
}

/** Lever parameters from which a trial's uplift is kept rather than drawn again. */
const KEEP_UPLIFT_PARAMS = 4;

const layouts = new WeakMap<CompiledModel, Layout>();

/** The layout of a model (computed once per model object: a kept model's runs share it). */
export function layoutOf(m: CompiledModel): Layout {
  let layout = layouts.get(m);
  if (!layout) {
    layout = computeLayout(m);
    layouts.set(m, layout);
  }
  return layout;
}

function computeLayout(m: CompiledModel): Layout {
  const F = m.fields.length;
  const Y = m.steps;
  const lists: number[][] = Array.from({ length: Y + 1 }, () => []);
  m.fields.forEach((f, i) => {
    const cs = f.changeSteps;
    for (let k = 0; k < cs.length; k++) lists[cs[k]].push(i);
  });
  const capacitySlot = new Int32Array(F).fill(-1);
  let capacityCount = 0;
  m.fields.forEach((f, i) => {
    if (growthModelOf(f.model).capacity) capacitySlot[i] = capacityCount++;
  });
  const firstStep = new Int32Array(m.inputs.length).fill(0);
  const seen = new Uint8Array(m.inputs.length);
  const note = (p: CompiledParam | undefined, s: number) => {
    if (p && p.input >= 0 && !seen[p.input]) {
      seen[p.input] = 1;
      firstStep[p.input] = s;
    }
  };
  for (const f of m.fields) note(f.base, 0);
  for (const e of m.events) note(e.impact, 0);
  for (let s = 1; s <= Y; s++) {
    for (const i of lists[s]) {
      const f = m.fields[i];
      note(f.rates[f.rateOfStep[s - 1]], s);
      note(f.capacity, s);
    }
    if (lists[s].length)
      for (const l of m.levers) {
        note(l.delivery, s);
        for (const e of l.effects) note(e.param, s);
      }
  }
  const normals = m.factor ? 1 + m.clusters.length + F : m.cholesky ? F : 0;
  const rateChanged = new Uint8Array((Y + 1) * F);
  const capacityChanged = new Uint8Array((Y + 1) * F);
  const leversChanged = new Uint8Array(Y + 1);
  const leverParams = m.levers.flatMap((l) => [l.delivery, ...l.effects.map((e) => e.param)]);
  let keepRates = false;
  let keepUplift = false;
  for (let s = 1; s <= Y; s++) {
    leversChanged[s] = s === 1 || leverParams.some((p) => p.byStep[s] !== p.byStep[s - 1]) ? 1 : 0;
    for (const i of lists[s]) {
      const f = m.fields[i];
      const r = f.rateOfStep[s - 1];
      rateChanged[s * F + i] = s === 1 || r !== f.rateOfStep[s - 2] || f.rates[r].byStep[s] !== f.rates[r].byStep[s - 1] ? 1 : 0;
      capacityChanged[s * F + i] = f.capacity && (s === 1 || f.capacity.byStep[s] !== f.capacity.byStep[s - 1]) ? 1 : 0;
      if (!rateChanged[s * F + i]) keepRates = true;
      if (!leversChanged[s] && leverParams.length >= KEEP_UPLIFT_PARAMS) keepUplift = true;
    }
  }
  const { leverFrom, leverFields } = leverSuffixes(m, lists, leversChanged, keepUplift);
  return {
    changing: lists.map((l) => Int32Array.from(l)),
    capacitySlot,
    capacityCount,
    firstStep,
    keys: Uint32Array.from(m.inputs.map((x) => x.key)),
    normals,
    rateChanged,
    capacityChanged,
    leversChanged,
    keepRates,
    keepUplift,
    leverFrom,
    leverFields,
  };
}
