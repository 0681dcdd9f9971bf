/**
 * Parameter draws, one parameter at a time over a chunk of trials (a tight loop per sampler kind):
 * the base values and event impacts before the first year (`initTrials`), and each field's
 * growth coefficient and capacity at the steps where its inputs change (`prepareStep`). One
 * quantile per parameter per trial, kept across years.
 */
import type { DrawSource } from '../draws.ts';
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel } from '../model.ts';
import { hashKey, seedStreamFrom, trialHash } from '../rng.ts';
import { drawFromU, samplerOf } from '../sampler.ts';
import { capacityPlane, growthPlane, replayRow, type Layout, type ReplayShape } from './layout.ts';
import { foldLeastFactors, shiftKindOf, startLeastFactors, writePlanes } from './record.ts';
import type { KernelState } from './state.ts';
import { Chunk, CHUNK, drawColumn, drawOf, startChunk, uniforms, type Draw } from './draw-column.ts';
import { binChunk, type BinSink } from './bins.ts';
import { addEffect, gather, growthInput, scatter, storeBases, storeFactors } from './columns.ts';

const NOISE_KEY = hashKey('noise');
/** Where the first trials' replay records go (for the required-uplift search). */
export interface ReplaySink extends ReplayShape {
  /** The record (layout.ts ReplayShape); trials 0 … trials − 1 are recorded (absolute trial numbers). */
  readonly record: Float64Array;
}

/** Seeds the noise streams of trials c0 … c0 + n − 1 (stream numbers from streamTrial when given). */
function seedNoise(noise: Int32Array, noiseSeed: number, streamTrial: Uint32Array | undefined, c0: number, n: number): void {
  for (let k = 0; k < n; k++) seedStreamFrom(noise, trialHash(noiseSeed, streamTrial ? streamTrial[c0 + k] : c0 + k), NOISE_KEY, (c0 + k) * 4);
}

/** Records a column of drawn values when this is the input's first draw. */
function note(st: KernelState, d: Draw, values: Float64Array, c0: number, n: number, width: number): void {
  if (d.first && st.inputs) scatter(st.inputs, c0 * width + d.input, width, values, n);
}

/**
 * Draws the base values (year 0), seeds the noise streams and draws the event impacts of trials
 * [from, to), and writes the base values into the replay records of those below `replay.trials`
 * (and the bins of the inputs first drawn here into `bins`, when given).
 */
export function initTrials(m: CompiledModel, layout: Layout, src: DrawSource, st: KernelState, from: number, to: number, replay: ReplaySink | undefined, bins?: BinSink): void {
  const F = m.fields.length;
  const E = m.events.length;
  const width = m.inputs.length;
  const ch = new Chunk(m.copulaInputs.length, bins, true);
  const row = replay ? replayRow(replay) : 0;
  const bases = m.fields.map((f) => drawOf(f.base, 0, layout));
  const impacts = m.events.map((e) => drawOf(e.impact, 0, layout));
  for (let c0 = from; c0 < to; c0 += CHUNK) {
    const n = Math.min(CHUNK, to - c0);
    startChunk(m, layout, src, c0, n, ch);
    if (st.inputs) for (let g = 0; g < m.copulaInputs.length; g++) scatter(st.inputs, c0 * width + m.copulaInputs[g], width, ch.groups[g], n);
    const recordRows = replay ? Math.max(0, Math.min(n, replay.trials - c0)) : 0;
    // each target's smallest factors start empty, to be folded in by prepareStep (record.ts)
    if (replay) startLeastFactors(replay, c0, recordRows);
    for (let i = 0; i < F; i++) {
      const values = drawColumn(bases[i], src, c0, n, ch);
      note(st, bases[i], values, c0, n, width);
      storeBases(values, st.value, c0 * F + i, F, replay?.record, c0 * row + i, row, recordRows, n);
    }
    for (let e = 0; e < E; e++) {
      const d = impacts[e];
      if (m.events[e].impact.constant) {
        const values = drawColumn(d, src, c0, n, ch);
        note(st, d, values, c0, n, width);
        storeFactors(values, m.events[e].impactScale, st.impact, c0 * E + e, E, n);
      } else if (d.input >= 0) {
        uniforms(src, d.input, d.key, c0, n, ch, ch.u);
        if (d.first && bins && c0 < bins.rows) binChunk(bins, d.input, ch.u, c0, n);
        note(st, d, ch.u, c0, n, width);
        scatter(st.impact, c0 * E + e, E, ch.u, n);
      } else {
        ch.u.fill(0.5, 0, n); // fixed in every year: any uniform gives the value
        scatter(st.impact, c0 * E + e, E, ch.u, n);
      }
    }
    if (layout.normals > 0) seedNoise(st.noise, src.noiseSeed, src.streamTrial, c0, n);
  }
}

/** The impact factor max(0, 1 + impact·scale) of event e at step s from its stored uniform (impacts that vary by year). */
export function impactAt(m: CompiledModel, e: number, s: number, u: number): number {
  const event = m.events[e];
  const f = 1 + drawFromU(samplerOf(event.impact.byStep[s], false), u) * event.impactScale;
  return f > 0 ? f : 0;
}

/**
 * Draws, for trials [from, to), the growth inputs of the fields that change at step s (rate,
 * lever uplift and shift into the growth model's coefficient; capacity; rates and uplift kept
 * in the state are read back instead when only other inputs change), and writes them into the
 * step's growth and capacity planes of the replay records (layout.ts ReplayShape), and the bins
 * of the inputs first drawn at s into `bins`, when given.
 */
export function prepareStep(
  m: CompiledModel,
  layout: Layout,
  src: DrawSource,
  st: KernelState,
  s: number,
  from: number,
  to: number,
  replay: ReplaySink | undefined,
  bins?: BinSink,
): void {
  const changing = layout.changing[s];
  if (changing.length === 0) return;
  const F = m.fields.length;
  const C = layout.capacityCount;
  const width = m.inputs.length;
  const ch = new Chunk(m.copulaInputs.length, bins);
  const uplift = new Float64Array(F * CHUNK);
  const delivery = new Float64Array(CHUNK);
  const g = new Float64Array(CHUNK);
  const coefficient = new Float64Array(CHUNK);
  // the chunk's growth and capacity planes for the replay records (field i at i · CHUNK)
  const planeGrowth = new Float64Array(replay ? F * CHUNK : 0);
  const planeCapacity = new Float64Array(replay ? F * CHUNK : 0);
  const levers = m.levers;
  const rSteps = replay ? replay.steps : 0;
  const row = replay ? replayRow(replay) : 0;
  const deliveries = levers.map((l) => drawOf(l.delivery, s, layout));
  const effects = levers.map((l) => l.effects.map((e) => drawOf(e.param, s, layout)));
  const rates = Array.from(changing, (i) => drawOf(m.fields[i].rates[m.fields[i].rateOfStep[s - 1]], s, layout));
  const capacities = Array.from(changing, (i) => {
    const c = m.fields[i].capacity;
    return c ? drawOf(c, s, layout) : undefined;
  });
  const termFrom = st.uplift ? layout.leverFrom[s] : 0;
  const leverFields = layout.leverFields[s];
  const moved = new Uint8Array(F);
  const capped = Uint8Array.from(m.fields, (f) => (growthModelOf(f.model).capacity ? 1 : 0));
  const shiftKinds = Uint8Array.from(m.fields, (f) => shiftKindOf(growthModelOf(f.model).shiftBound));
  for (let j = 0; j < changing.length; j++) moved[changing[j]] = 1;
  for (let c0 = from; c0 < to; c0 += CHUNK) {
    const n = Math.min(CHUNK, to - c0);
    startChunk(m, layout, src, c0, n, ch);
    // lever uplift Σ effect · (delivery − 1) per field, summed in lever and effect order; kept
    // per trial when the layout says so, and drawn again only when a lever changes
    // (from the kept sum when only later terms change: Layout.leverFrom)
    const drawLevers = layout.leversChanged[s] === 1 || !st.uplift;
    const kept = drawLevers ? leverFields : changing;
    if (drawLevers && termFrom === 0) uplift.fill(0);
    else for (let j = 0; j < kept.length; j++) gather(uplift, st.uplift as Float64Array, c0 * F + kept[j], F, n, kept[j] * CHUNK);
    for (let k = 0, term = 0; drawLevers && k < levers.length; term += levers[k].effects.length, k++) {
      if (term + levers[k].effects.length <= termFrom) continue; // every term of this lever is in the kept sum
      delivery.set(drawColumn(deliveries[k], src, c0, n, ch).subarray(0, n));
      note(st, deliveries[k], delivery, c0, n, width);
      for (let e = Math.max(0, termFrom - term); e < levers[k].effects.length; e++) {
        const x = drawColumn(effects[k][e], src, c0, n, ch);
        note(st, effects[k][e], x, c0, n, width);
        const list = levers[k].effects[e].fields;
        for (let q = 0; q < list.length; q++) addEffect(uplift, list[q] * CHUNK, x, delivery, n);
      }
    }
    if (drawLevers && st.uplift) {
      if (termFrom > 0) for (let j = 0; j < leverFields.length; j++) scatter(st.uplift, c0 * F + leverFields[j], F, uplift, n, leverFields[j] * CHUNK);
      else for (let i = 0; i < F; i++) scatter(st.uplift, c0 * F + i, F, uplift, n, i * CHUNK);
    }
    const recordRows = replay && s <= rSteps ? Math.max(0, Math.min(n, replay.trials - c0)) : 0;
    for (let j = 0; j < changing.length; j++) {
      const i = changing[j];
      let r: Float64Array;
      if (layout.rateChanged[s * F + i] === 1 || !st.rate) {
        r = drawColumn(rates[j], src, c0, n, ch);
        note(st, rates[j], r, c0, n, width);
        if (st.rate) scatter(st.rate, c0 * F + i, F, r, n);
      } else {
        r = ch.out;
        gather(r, st.rate, c0 * F + i, F, n);
      }
      growthInput(g, r, uplift, i * CHUNK, m.shift[i], n);
      const growth = growthModelOf(m.fields[i].model);
      growth.coefficients(g, coefficient, n);
      scatter(st.coefficient, c0 * F + i, F, coefficient, n);
      const cap = capacities[j];
      let caps: Float64Array | undefined;
      if (cap) {
        const slot = layout.capacitySlot[i];
        if (layout.capacityChanged[s * F + i] === 1) {
          caps = drawColumn(cap, src, c0, n, ch);
          note(st, cap, caps, c0, n, width);
          scatter(st.capacity, c0 * C + slot, C, caps, n);
        } else {
          caps = ch.out;
          gather(caps, st.capacity, c0 * C + slot, C, n);
        }
      }
      if (recordRows > 0) {
        planeGrowth.set((growth.recordsCoefficient ? coefficient : g).subarray(0, recordRows), i * CHUNK);
        if (caps) planeCapacity.set(caps.subarray(0, recordRows), i * CHUNK);
      }
    }
    // the step's growth and capacity planes of the replay records, written a trial's row at a time
    // (field by field, each write would touch another cache line); fields whose inputs do not
    // change here keep the plane before's
    if (replay && recordRows > 0) {
      const plane = replay.planeOfStep[s - 1];
      writePlanes(
        replay.record,
        c0 * row,
        row,
        growthPlane(replay, plane),
        capacityPlane(replay, plane),
        growthPlane(replay, plane - 1),
        capacityPlane(replay, plane - 1),
        moved,
        capped,
        planeGrowth,
        planeCapacity,
        F,
        recordRows,
        CHUNK,
      );
      foldLeastFactors(m, replay, s, c0, recordRows, moved, shiftKinds, planeGrowth, CHUNK);
    }
  }
}
