/**
 * What the kernel precomputes per model and run: which fields change inputs at each step, which
 * fields have a capacity slot, the replay record's layout, and where each input is first drawn.
 */
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel, CompiledParam } from '../model.ts';

/**
 * The replay record of the first `trials` trials (for the required-uplift search), step-major so
 * that the kernel writes it in the order it runs: a plane of base values [trial][field], then per
 * step q (0-based, the step into year q + 1) a plane of growth, one of capacity and one of the
 * year's multiplier (noise × events), each [trial][field].
 */
export interface ReplayShape {
  readonly fields: number;
  readonly trials: number;
  readonly steps: number;
}

/** Numbers in a replay record. */
export function replayLength(r: ReplayShape): number {
  return r.trials * r.fields * (1 + 3 * r.steps);
}

/** Where step q's growth plane starts. */
export function growthPlane(r: ReplayShape, q: number): number {
  return r.trials * r.fields * (1 + q);
}

/** Where step q's capacity plane starts. */
export function capacityPlane(r: ReplayShape, q: number): number {
  return r.trials * r.fields * (1 + r.steps + q);
}

/** Where step q's multiplier plane starts. */
export function multiplierPlane(r: ReplayShape, q: number): number {
  return r.trials * r.fields * (1 + 2 * r.steps + q);
}

export interface Layout {
  /** Per step 0..Y: the fields whose growth inputs are drawn again at that step. */
  readonly changing: readonly Int32Array[];
  /** Per step 1..Y and field: the last step of the segment that starts there. */
  readonly segmentEnd: Int32Array;
  /** Per field: its column in the capacity state, or −1. */
  readonly capacitySlot: Int32Array;
  readonly capacityCount: number;
  /** Per input: the step at which it is first drawn (its recorded value is that draw). */
  readonly firstStep: Int32Array;
  /** Per input: its stream key. */
  readonly keys: Uint32Array;
  /** Normals per trial-year of the noise stream (global, clusters, fields; or fields; 0 without noise). */
  readonly normals: number;
}

export function layoutOf(m: CompiledModel): Layout {
  const F = m.fields.length;
  const Y = m.steps;
  const lists: number[][] = Array.from({ length: Y + 1 }, () => []);
  const segmentEnd = new Int32Array((Y + 1) * F);
  m.fields.forEach((f, i) => {
    const cs = f.changeSteps;
    for (let k = 0; k < cs.length; k++) {
      lists[cs[k]].push(i);
      segmentEnd[cs[k] * F + i] = k + 1 < cs.length ? cs[k + 1] - 1 : Y;
    }
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
    if (lists[s].length) for (const l of m.levers) {
      note(l.delivery, s);
      for (const e of l.effects) note(e.param, s);
    }
  }
  const normals = m.factor ? 1 + m.clusters.length + F : m.cholesky ? F : 0;
  return { changing: lists.map((l) => Int32Array.from(l)), segmentEnd, capacitySlot, capacityCount, firstStep, keys: Uint32Array.from(m.inputs.map((x) => x.key)), normals };
}
