/**
 * Parameter draws, one parameter at a time over a chunk of trials (a tight loop per sampler kind):
 * the base values and event impacts before the first year (`initTrials`), and each field's
 * growth coefficient and capacity at the steps where its inputs change (`prepareStep`). One
 * quantile per parameter per trial, kept across years.
 */
import type { DrawSource } from '../draws.ts';
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel, CompiledParam } from '../model.ts';
import { hashKey, mix32, seedStreamFrom, trialHash } from '../rng.ts';
import { drawFromU, samplerOf, SamplerMode, type Sampler } from '../sampler.ts';
import { probit, zTableAt } from '../special.ts';
import { triangularQuantile } from '../distributions/triangular.ts';
import { capacityPlane, growthPlane, replayRow, type Layout, type ReplayShape } from './layout.ts';
import { foldLeastFactors, shiftKindOf, startLeastFactors, writePlanes } from './record.ts';
import type { KernelState } from './state.ts';

const NOISE_KEY = hashKey('noise');
/** Trials drawn together: the scratch columns stay in cache. */
const CHUNK = 512;

/** Where the first trials' replay records go (for the required-uplift search). */
export interface ReplaySink extends ReplayShape {
  /** The record (layout.ts ReplayShape); trials 0 … trials − 1 are recorded (absolute trial numbers). */
  readonly record: Float64Array;
}

/** A parameter's sampler at one step, resolved before the trial loop. */
interface Draw {
  readonly input: number;
  readonly key: number;
  readonly copula: number;
  readonly loading: number;
  readonly ownLoading: number;
  readonly sampler: Sampler;
  /** Whether this step's draw is the input's first (then it is recorded). */
  readonly first: boolean;
}

function drawOf(p: CompiledParam, s: number, layout: Layout): Draw {
  const key = p.input >= 0 ? layout.keys[p.input] : 0;
  return { input: p.input, key, copula: p.copula, loading: p.loading, ownLoading: p.ownLoading, sampler: samplerOf(p.byStep[s], p.copula >= 0), first: p.input >= 0 && layout.firstStep[p.input] === s };
}

/** Scratch columns of one chunk. */
class Chunk {
  /** Per trial: the two trial-only halves of rng.ts uniformFrom's hash, mixed once per chunk, not once per parameter. */
  readonly prefixHi = new Int32Array(CHUNK);
  readonly prefixLo = new Int32Array(CHUNK);
  readonly u = new Float64Array(CHUNK);
  readonly out = new Float64Array(CHUNK);
  readonly groups: Float64Array[];
  constructor(groups: number) {
    this.groups = Array.from({ length: groups }, () => new Float64Array(CHUNK));
  }
}

/** Each trial's uniform of an input: from its design column, or the seeded hash (rng.ts uniformFrom, inlined). */
function uniforms(src: DrawSource, input: number, key: number, first: number, n: number, ch: Chunk, u: Float64Array): void {
  const c = src.columnOf[input];
  if (c >= 0) {
    const values = src.values as Float64Array;
    for (let k = 0; k < n; k++) u[k] = values[(first + k) * src.width + c];
    return;
  }
  const kb = Math.imul(key, 0x9e3779b1);
  const ph = ch.prefixHi;
  const pl = ch.prefixLo;
  for (let k = 0; k < n; k++) {
    const hi = mix32(ph[k] ^ key);
    const lo = mix32(pl[k] + kb);
    u[k] = (hi * 1048576 + (lo >>> 12) + 0.5) / 4503599627370496;
  }
}

// One small loop per sampler kind, each its own function, so each is optimized once for its
// own kind (a shared loop with a switch is re-optimized every time a new kind comes along).
function scores(zg: Float64Array, lg: number, lo: number, u: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) u[k] = lg * zg[k] + lo * probit(u[k]);
}
function normalFromZ(z: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = a + b * z[k];
}
function lognormalFromZ(z: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = Math.exp(a + b * z[k]);
}
function tableFromZ(z: Float64Array, out: Float64Array, n: number, a: number, b: number, table: Float64Array): void {
  for (let k = 0; k < n; k++) out[k] = a + b * zTableAt(table, z[k]);
}
function normalFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = a + b * probit(u[k]);
}
function lognormalFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = Math.exp(a + b * probit(u[k]));
}
function uniformFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = a + u[k] * b;
}
function triangularFromU(u: Float64Array, out: Float64Array, n: number, s: Sampler): void {
  for (let k = 0; k < n; k++) out[k] = triangularQuantile(s, u[k]);
}
function tableFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number, table: Float64Array): void {
  for (let k = 0; k < n; k++) out[k] = a + b * zTableAt(table, probit(u[k]));
}

/** Draws a parameter for the chunk's n trials (starting at trial `first`) into ch.out. */
function drawColumn(d: Draw, src: DrawSource, first: number, n: number, ch: Chunk): Float64Array {
  const out = ch.out;
  const s = d.sampler;
  if (d.input < 0 || s.mode === SamplerMode.Fixed) {
    out.fill(s.a, 0, n);
    return out;
  }
  const u = ch.u;
  uniforms(src, d.input, d.key, first, n, ch, u);
  const { a, b } = s;
  if (d.copula >= 0) {
    scores(ch.groups[d.copula], d.loading, d.ownLoading, u, n);
    if (s.mode === SamplerMode.Normal) normalFromZ(u, out, n, a, b);
    else if (s.mode === SamplerMode.Lognormal) lognormalFromZ(u, out, n, a, b);
    else tableFromZ(u, out, n, a, b, s.table as Float64Array);
    return out;
  }
  switch (s.mode) {
    case SamplerMode.Normal:
      normalFromU(u, out, n, a, b);
      break;
    case SamplerMode.Lognormal:
      lognormalFromU(u, out, n, a, b);
      break;
    case SamplerMode.Uniform:
      uniformFromU(u, out, n, a, b);
      break;
    case SamplerMode.Triangular:
      triangularFromU(u, out, n, s);
      break;
    case SamplerMode.Table:
      tableFromU(u, out, n, a, b, s.table as Float64Array);
      break;
    default:
      return s.mode satisfies never;
  }
  return out;
}

/** Fills the chunk's trial prefixes and the common factors' normal scores. */
function startChunk(m: CompiledModel, layout: Layout, src: DrawSource, first: number, n: number, ch: Chunk): void {
  for (let k = 0; k < n; k++) {
    const p = trialHash(src.seed, first + k);
    ch.prefixHi[k] = mix32((p ^ 0x5bd1e995) >>> 0);
    ch.prefixLo[k] = mix32((p ^ 0x1b873593) >>> 0);
  }
  for (let g = 0; g < m.copulaInputs.length; g++) {
    const input = m.copulaInputs[g];
    const z = ch.groups[g];
    uniforms(src, input, layout.keys[input], first, n, ch, z);
    for (let k = 0; k < n; k++) z[k] = probit(z[k]);
  }
}

// Leaf loops over typed arrays and numbers only. The functions that drive them (initTrials,
// prepareStep) read the model's objects, whose hidden classes differ from run to run; kept free of
// loops, they stay cheap to compile, and these stay optimized across runs (measured: prepareStep
// as one function was recompiled at nearly every API run, ~65 ms of compiling each time).

/** dst[at + k·stride] = src[from + k] for k < n. */
function scatter(dst: Float64Array, at: number, stride: number, src: Float64Array, n: number, from = 0): void {
  for (let k = 0; k < n; k++) dst[at + k * stride] = src[from + k];
}
/** dst[to + k] = src[at + k·stride] for k < n. */
function gather(dst: Float64Array, src: Float64Array, at: number, stride: number, n: number, to = 0): void {
  for (let k = 0; k < n; k++) dst[to + k] = src[at + k * stride];
}
/** uplift[off + k] += effect[k] · (delivery[k] − 1). */
function addEffect(uplift: Float64Array, off: number, effect: Float64Array, delivery: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) uplift[off + k] += effect[k] * (delivery[k] - 1);
}
/** g[k] = rate[k] + (uplift[off + k] + shift). */
function growthInput(g: Float64Array, rate: Float64Array, uplift: Float64Array, off: number, shift: number, n: number): void {
  for (let k = 0; k < n; k++) g[k] = rate[k] + (uplift[off + k] + shift);
}
/** Base values max(0, b) into the state (stride F) and, for the first `recordRows` trials, the replay record (stride row). */
function storeBases(values: Float64Array, state: Float64Array, at: number, F: number, record: Float64Array | undefined, recordAt: number, row: number, recordRows: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const b = values[k];
    const v = b > 0 ? b : 0;
    state[at + k * F] = v;
    if (k < recordRows) (record as Float64Array)[recordAt + k * row] = v;
  }
}
/** Impact factors max(0, 1 + x·scale) (stride E; scale 1 leaves x as drawn, bit for bit). */
function storeFactors(values: Float64Array, scale: number, impact: Float64Array, at: number, E: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const f = 1 + values[k] * scale;
    impact[at + k * E] = f > 0 ? f : 0;
  }
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
 * [from, to), and writes the base values into the replay records of those below `replay.trials`.
 */
export function initTrials(m: CompiledModel, layout: Layout, src: DrawSource, st: KernelState, from: number, to: number, replay: ReplaySink | undefined): void {
  const F = m.fields.length;
  const E = m.events.length;
  const width = m.inputs.length;
  const ch = new Chunk(m.copulaInputs.length);
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
 * step's growth and capacity planes of the replay records (layout.ts ReplayShape).
 */
export function prepareStep(m: CompiledModel, layout: Layout, src: DrawSource, st: KernelState, s: number, from: number, to: number, replay: ReplaySink | undefined): void {
  const changing = layout.changing[s];
  if (changing.length === 0) return;
  const F = m.fields.length;
  const C = layout.capacityCount;
  const width = m.inputs.length;
  const ch = new Chunk(m.copulaInputs.length);
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
      writePlanes(replay.record, c0 * row, row, growthPlane(replay, plane), capacityPlane(replay, plane), growthPlane(replay, plane - 1), capacityPlane(replay, plane - 1), moved, capped, planeGrowth, planeCapacity, F, recordRows, CHUNK);
      foldLeastFactors(m, replay, s, c0, recordRows, moved, shiftKinds, planeGrowth, CHUNK);
    }
  }
}
