/**
 * Parameter draws, one parameter at a time over a chunk of trials (a tight loop per sampler kind):
 * the base values and event impacts before the first year (`initTrials`), and each field's
 * growth coefficient and capacity at the steps where its inputs change (`prepareStep`). One
 * quantile per parameter per trial, kept across years.
 */
import { streamOf, type DrawSource } from '../draws.ts';
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel, CompiledParam } from '../model.ts';
import { hashKey, mix32, seedStreamFrom, trialHash } from '../rng.ts';
import { drawFromU, samplerOf, SamplerMode, type Sampler } from '../sampler.ts';
import { probit, zTableAt } from '../special.ts';
import { triangularQuantile } from '../distributions/triangular.ts';
import { capacityPlane, growthPlane, replayRow, type Layout, type ReplayShape } from './layout.ts';
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

/** Records a column of drawn values when this is the input's first draw. */
function note(st: KernelState, d: Draw, values: Float64Array, c0: number, n: number, width: number): void {
  if (!d.first || !st.inputs) return;
  for (let k = 0; k < n; k++) st.inputs[(c0 + k) * width + d.input] = values[k];
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
    if (st.inputs) for (let g = 0; g < m.copulaInputs.length; g++) for (let k = 0; k < n; k++) st.inputs[(c0 + k) * width + m.copulaInputs[g]] = ch.groups[g][k];
    for (let i = 0; i < F; i++) {
      const values = drawColumn(bases[i], src, c0, n, ch);
      note(st, bases[i], values, c0, n, width);
      for (let k = 0; k < n; k++) {
        const b = values[k];
        const v = b > 0 ? b : 0;
        st.value[(c0 + k) * F + i] = v;
        if (replay && c0 + k < replay.trials) replay.record[(c0 + k) * row + i] = v;
      }
    }
    for (let e = 0; e < E; e++) {
      const d = impacts[e];
      if (m.events[e].impact.constant) {
        const values = drawColumn(d, src, c0, n, ch);
        note(st, d, values, c0, n, width);
        for (let k = 0; k < n; k++) {
          const f = 1 + values[k];
          st.impact[(c0 + k) * E + e] = f > 0 ? f : 0;
        }
      } else if (d.input >= 0) {
        uniforms(src, d.input, d.key, c0, n, ch, ch.u);
        note(st, d, ch.u, c0, n, width);
        for (let k = 0; k < n; k++) st.impact[(c0 + k) * E + e] = ch.u[k];
      } else for (let k = 0; k < n; k++) st.impact[(c0 + k) * E + e] = 0.5; // fixed in every year: any uniform gives the value
    }
    if (layout.normals > 0) for (let k = 0; k < n; k++) seedStreamFrom(st.noise, trialHash(src.noiseSeed, streamOf(src, c0 + k)), NOISE_KEY, (c0 + k) * 4);
  }
}

/** The impact factor max(0, 1 + impact) of event e at step s from its stored uniform (impacts that vary by year). */
export function impactAt(m: CompiledModel, e: number, s: number, u: number): number {
  const f = 1 + drawFromU(samplerOf(m.events[e].impact.byStep[s], false), u);
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
  const moved = new Uint8Array(F);
  for (let j = 0; j < changing.length; j++) moved[changing[j]] = 1;
  for (let c0 = from; c0 < to; c0 += CHUNK) {
    const n = Math.min(CHUNK, to - c0);
    startChunk(m, layout, src, c0, n, ch);
    // lever uplift Σ effect · (delivery − 1) per field, summed in lever and effect order; kept
    // per trial when the layout says so, and drawn again only when a lever changes
    const drawLevers = layout.leversChanged[s] === 1 || !st.uplift;
    if (drawLevers) uplift.fill(0);
    else for (let j = 0; j < changing.length; j++) {
      const i = changing[j];
      for (let k = 0; k < n; k++) uplift[i * CHUNK + k] = (st.uplift as Float64Array)[(c0 + k) * F + i];
    }
    for (let k = 0; drawLevers && k < levers.length; k++) {
      delivery.set(drawColumn(deliveries[k], src, c0, n, ch).subarray(0, n));
      note(st, deliveries[k], delivery, c0, n, width);
      for (let e = 0; e < levers[k].effects.length; e++) {
        const x = drawColumn(effects[k][e], src, c0, n, ch);
        note(st, effects[k][e], x, c0, n, width);
        const list = levers[k].effects[e].fields;
        for (let q = 0; q < list.length; q++) {
          const off = list[q] * CHUNK;
          for (let j = 0; j < n; j++) uplift[off + j] += x[j] * (delivery[j] - 1);
        }
      }
    }
    if (drawLevers && st.uplift) for (let i = 0; i < F; i++) for (let k = 0; k < n; k++) st.uplift[(c0 + k) * F + i] = uplift[i * CHUNK + k];
    for (let j = 0; j < changing.length; j++) {
      const i = changing[j];
      let r: Float64Array;
      if (layout.rateChanged[s * F + i] === 1 || !st.rate) {
        r = drawColumn(rates[j], src, c0, n, ch);
        note(st, rates[j], r, c0, n, width);
        if (st.rate) for (let k = 0; k < n; k++) st.rate[(c0 + k) * F + i] = r[k];
      } else {
        r = ch.out;
        for (let k = 0; k < n; k++) r[k] = st.rate[(c0 + k) * F + i];
      }
      const sh = m.shift[i];
      const off = i * CHUNK;
      for (let k = 0; k < n; k++) g[k] = r[k] + (uplift[off + k] + sh);
      const growth = growthModelOf(m.fields[i].model);
      growth.coefficients(g, coefficient, n);
      for (let k = 0; k < n; k++) st.coefficient[(c0 + k) * F + i] = coefficient[k];
      const cap = capacities[j];
      let caps: Float64Array | undefined;
      if (cap) {
        const slot = layout.capacitySlot[i];
        if (layout.capacityChanged[s * F + i] === 1) {
          caps = drawColumn(cap, src, c0, n, ch);
          note(st, cap, caps, c0, n, width);
          for (let k = 0; k < n; k++) st.capacity[(c0 + k) * C + slot] = caps[k];
        } else {
          caps = ch.out;
          for (let k = 0; k < n; k++) caps[k] = st.capacity[(c0 + k) * C + slot];
        }
      }
      if (replay && s <= rSteps && c0 < replay.trials) {
        const plane = replay.planeOfStep[s - 1];
        const gOff = growthPlane(replay, plane) + c0 * row + i;
        const kOff = capacityPlane(replay, plane) + c0 * row + i;
        const rows = Math.min(n, replay.trials - c0);
        const kept = growth.recordsCoefficient ? coefficient : g;
        for (let k = 0; k < rows; k++) {
          replay.record[gOff + k * row] = kept[k];
          replay.record[kOff + k * row] = caps ? caps[k] : 0;
        }
      }
    }
    // fields whose inputs do not change here keep their growth and capacity in this step's plane
    if (replay && s <= rSteps && c0 < replay.trials && changing.length < F) {
      const plane = replay.planeOfStep[s - 1];
      const rows = Math.min(n, replay.trials - c0);
      for (let i = 0; i < F; i++) {
        if (moved[i]) continue;
        const g1 = growthPlane(replay, plane) + c0 * row + i;
        const g0 = growthPlane(replay, plane - 1) + c0 * row + i;
        const k1 = capacityPlane(replay, plane) + c0 * row + i;
        const k0 = capacityPlane(replay, plane - 1) + c0 * row + i;
        for (let k = 0; k < rows; k++) {
          replay.record[g1 + k * row] = replay.record[g0 + k * row];
          replay.record[k1 + k * row] = replay.record[k0 + k * row];
        }
      }
    }
  }
}
