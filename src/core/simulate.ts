/**
 * The Monte Carlo kernel: simulates trials [start, end) of a compiled model and writes each
 * trial's values into the sink. Each trial's random numbers come from its own streams, so any
 * split of trials into chunks or workers gives the same numbers.
 *
 * Per field i and year step s: V = step(V, g_i(s) + u_i + shift_i + δ, K_i(s)) · (N_i(s) · E_i(s)),
 * with N the mean-preserving correlated lognormal noise and E the product of event factors.
 */
import type { CompiledModel, CompiledParam } from './compile.ts';
import { cagr } from './growth/cagr.ts';
import { logistic } from './growth/logistic.ts';
import { nextNormal } from './normal.ts';
import { normalCdf, probit } from './special.ts';
import { hashKey, nextUniform, seedStreamFrom, trialHash, uniformFrom } from './rng.ts';

const NOISE_KEY = hashKey('noise');

/** Where the kernel writes. Scope index: 0 total, 1..C clusters, C+1..C+F fields. */
export interface Sink {
  /** Trial index held in slot 0 of the scope buffers. */
  readonly offset: number;
  /** Slots per year step in each scope buffer: value of trial t at step s is at `s * stride + t − offset`. */
  readonly stride: number;
  /** Buffer per scope index, or undefined when that scope is not recorded. */
  readonly scopes: readonly (Float64Array | undefined)[];
  /**
   * Optional replay record for trials below `replayTrials` (indexed by absolute trial number, so
   * it always spans trials 0 … replayTrials − 1, whatever the offset), for the required-uplift search:
   * per trial `replayStride(F, replaySteps)` numbers: base, then growth, capacity and multiplier
   * per field and step.
   */
  readonly replay?: Float64Array;
  readonly replayTrials?: number;
  readonly replaySteps?: number;
}

/** Numbers per trial in a replay record. */
export function replayStride(fieldCount: number, steps: number): number {
  return fieldCount * (1 + 3 * steps);
}

/**
 * The trial's uniform for a parameter: its own hash-derived uniform, or, in a parameter group,
 * Φ(√ρ·Z_group + √(1 − ρ)·Φ⁻¹(own)) so that the group's parameters share a common factor.
 */
function drawU(p: CompiledParam, prefix: number, groupZ: Float64Array): number {
  const own = uniformFrom(prefix, p.key);
  if (p.group < 0) return own;
  const u = normalCdf(p.loading * groupZ[p.group] + p.ownLoading * probit(own));
  return u <= 0 ? Number.MIN_VALUE : u >= 1 ? 1 - 1.1102230246251565e-16 : u;
}

/** Draws a parameter for one trial into `out[offset + s − 1]` for steps s in 1..Y (or the given steps). */
function drawSteps(p: CompiledParam, u: number, out: Float64Array, offset: number, steps: number): void {
  if (p.constant) {
    const v = p.byStep[1](u);
    for (let s = 0; s < steps; s++) out[offset + s] = v;
  } else {
    // consecutive years with the same distribution share one quantile function: evaluate it once
    let fn: ((u: number) => number) | undefined;
    let value = 0;
    for (let s = 0; s < steps; s++) {
      const f = p.byStep[s + 1];
      if (f !== fn) {
        fn = f;
        value = f(u);
      }
      out[offset + s] = value;
    }
  }
}

/**
 * Simulates trials [start, end) with run seed `seed`, adding `delta` to every field's growth, and
 * writes into `sink`. Pure apart from writing the sink's buffers.
 */
export function simulateRange(m: CompiledModel, seed: number, start: number, end: number, sink: Sink, delta = 0): void {
  const F = m.fields.length;
  const Y = m.steps;
  const C = m.clusters.length;
  const fields = m.fields;
  const code = m.modelCode;
  const cluster = m.fieldCluster;
  const sigma = m.sigma;
  const halfVar = m.halfVariance;
  const L = m.cholesky;
  const factor = m.factor;
  const noisy = L !== undefined || factor !== undefined;
  const loadGlobal = factor ? factor[0] : 0;
  const loadCluster = factor ? factor[1] : 0;
  const loadOwn = factor ? factor[2] : 0;
  const zCluster = new Float64Array(C);
  const groupKeys = m.groupKeys;
  const groupZ = new Float64Array(groupKeys.length);
  const events = m.events;
  const levers = m.levers;
  const shift = m.shift;

  const v = new Float64Array(F);
  const growth = new Float64Array(F * Y);
  const capacity = new Float64Array(F * Y);
  const uplift = new Float64Array(F * Y);
  const upliftField = new Float64Array(F);
  const deliveryTmp = new Float64Array(Y);
  const effectTmp = new Float64Array(Y);
  const z = new Float64Array(F);
  const noise = new Float64Array(F).fill(1);
  const eventFactor = new Float64Array(F);
  const mult = new Float64Array(F);
  const clusterSum = new Float64Array(C);
  const noiseState = new Int32Array(4);
  const eventStates = events.map(() => new Int32Array(4));

  const scopes = sink.scopes;
  const stride = sink.stride;
  const totalBuf = scopes[0];
  const clusterBufs = scopes.slice(1, 1 + C);
  const fieldBufs = scopes.slice(1 + C, 1 + C + F);
  const anyCluster = clusterBufs.some((b) => b !== undefined);
  const anyField = fieldBufs.some((b) => b !== undefined);
  const replay = sink.replay;
  const replayTrials = replay ? (sink.replayTrials ?? 0) : 0;
  const replaySteps = sink.replaySteps ?? 0;
  const rStride = replayStride(F, replaySteps);

  for (let trial = start; trial < end; trial++) {
    const slot = trial - sink.offset;
    const prefix = trialHash(seed, trial);
    for (let g = 0; g < groupKeys.length; g++) groupZ[g] = probit(uniformFrom(prefix, groupKeys[g]));

    // lever uplift: Σ effect · (delivery − 1), per field (and per step when a lever varies by year)
    const leversConstant = m.leversConstant;
    if (leversConstant) upliftField.fill(0);
    else uplift.fill(0);
    for (let k = 0; k < levers.length; k++) {
      const lever = levers[k];
      const ud = drawU(lever.delivery, prefix, groupZ);
      for (let e = 0; e < lever.effects.length; e++) {
        const effect = lever.effects[e];
        const ue = drawU(effect.param, prefix, groupZ);
        const list = effect.fields;
        if (leversConstant) {
          const value = effect.param.byStep[1](ue) * (lever.delivery.byStep[1](ud) - 1);
          for (let j = 0; j < list.length; j++) upliftField[list[j]] += value;
        } else {
          drawSteps(lever.delivery, ud, deliveryTmp, 0, Y);
          drawSteps(effect.param, ue, effectTmp, 0, Y);
          for (let s = 0; s < Y; s++) {
            const value = effectTmp[s] * (deliveryTmp[s] - 1);
            for (let j = 0; j < list.length; j++) uplift[list[j] * Y + s] += value;
          }
        }
      }
    }

    // parameters: one quantile per parameter per trial, kept across years
    for (let i = 0; i < F; i++) {
      const f = fields[i];
      const b = f.base.byStep[0](drawU(f.base, prefix, groupZ));
      v[i] = b > 0 ? b : 0;
      const off = i * Y;
      const rates = f.rates;
      if (rates.length === 1) {
        drawSteps(rates[0], drawU(rates[0], prefix, groupZ), growth, off, Y);
      } else {
        const ros = f.rateOfStep;
        for (let r = 0; r < rates.length; r++) {
          const rate = rates[r];
          const u = drawU(rate, prefix, groupZ);
          if (rate.constant) {
            const value = rate.byStep[1](u);
            for (let s = 0; s < Y; s++) if (ros[s] === r) growth[off + s] = value;
          } else {
            for (let s = 0; s < Y; s++) if (ros[s] === r) growth[off + s] = rate.byStep[s + 1](u);
          }
        }
      }
      const sh = shift[i];
      if (leversConstant) {
        const add = upliftField[i] + sh;
        for (let s = 0; s < Y; s++) growth[off + s] = growth[off + s] + add;
      } else {
        for (let s = 0; s < Y; s++) growth[off + s] = growth[off + s] + (uplift[off + s] + sh);
      }
      if (f.capacity) drawSteps(f.capacity, drawU(f.capacity, prefix, groupZ), capacity, off, Y);
    }

    if (replay && trial < replayTrials) {
      const r0 = trial * rStride;
      for (let i = 0; i < F; i++) {
        replay[r0 + i] = v[i];
        const gOff = r0 + F + i * replaySteps;
        const kOff = gOff + F * replaySteps;
        for (let s = 0; s < replaySteps; s++) replay[gOff + s] = growth[i * Y + s];
        if (code[i] !== 0) for (let s = 0; s < replaySteps; s++) replay[kOff + s] = capacity[i * Y + s];
      }
    }

    if (noisy) seedStreamFrom(noiseState, prefix, NOISE_KEY);
    for (let e = 0; e < events.length; e++) seedStreamFrom(eventStates[e], prefix, events[e].key);

    for (let s = 0; s <= Y; s++) {
      if (s > 0) {
        if (factor) {
          // draw order is fixed (global, each cluster, each field) whatever the σ, so streams stay aligned
          const z0 = loadGlobal * nextNormal(noiseState);
          for (let c = 0; c < C; c++) zCluster[c] = loadCluster * nextNormal(noiseState);
          for (let i = 0; i < F; i++) {
            const zi = nextNormal(noiseState);
            const si = sigma[i];
            if (si === 0) continue;
            noise[i] = Math.exp(si * (z0 + zCluster[cluster[i]] + loadOwn * zi) - halfVar[i]);
          }
        } else if (L) {
          for (let j = 0; j < F; j++) z[j] = nextNormal(noiseState);
          for (let i = 0; i < F; i++) {
            const si = sigma[i];
            if (si === 0) continue;
            let eps = 0;
            const row = i * F;
            for (let j = 0; j <= i; j++) eps += L[row + j] * z[j];
            noise[i] = Math.exp(si * eps - halfVar[i]);
          }
        }
        eventFactor.fill(1);
        for (let e = 0; e < events.length; e++) {
          const ev = events[e];
          // both draws happen every year, in or out of the window, so two scenarios that differ in an
          // event's probability or window keep all later draws aligned (common random numbers)
          const occurs = nextUniform(eventStates[e]) < ev.probabilityByStep[s];
          const uImpact = nextUniform(eventStates[e]);
          if (occurs) {
            let factor = 1 + ev.impact.byStep[s](uImpact);
            if (factor < 0) factor = 0;
            const list = ev.fields;
            for (let j = 0; j < list.length; j++) eventFactor[list[j]] *= factor;
          }
        }
        const gs = s - 1;
        for (let i = 0; i < F; i++) {
          const idx = i * Y + gs;
          const g = growth[idx] + delta;
          const next = code[i] === 0 ? cagr(v[i], g) : logistic(v[i], g, capacity[idx]);
          const mi = noise[i] * eventFactor[i];
          mult[i] = mi;
          v[i] = next * mi;
        }
        if (replay && trial < replayTrials && s <= replaySteps) {
          const mOff = trial * rStride + F + 2 * F * replaySteps;
          for (let i = 0; i < F; i++) replay[mOff + i * replaySteps + gs] = mult[i];
        }
      }
      const at = s * stride + slot;
      clusterSum.fill(0);
      for (let i = 0; i < F; i++) clusterSum[cluster[i]] += v[i];
      if (totalBuf) {
        let total = 0;
        for (let c = 0; c < C; c++) total += clusterSum[c];
        totalBuf[at] = total;
      }
      if (anyCluster) {
        for (let c = 0; c < C; c++) {
          const buf = clusterBufs[c];
          if (buf) buf[at] = clusterSum[c];
        }
      }
      if (anyField) {
        for (let i = 0; i < F; i++) {
          const buf = fieldBufs[i];
          if (buf) buf[at] = v[i];
        }
      }
    }
  }
}

/**
 * Replays one trial's scope value at step `step` from its replay record with growth shifted by
 * `delta`, with the same arithmetic as `simulateRange` (so delta 0 reproduces it bit for bit).
 */
export function replayScope(m: CompiledModel, record: Float64Array, r0: number, replaySteps: number, fieldsInScope: Int32Array, step: number, delta: number, clusterSum: Float64Array): number {
  const F = m.fields.length;
  const code = m.modelCode;
  clusterSum.fill(0);
  for (let j = 0; j < fieldsInScope.length; j++) {
    const i = fieldsInScope[j];
    let v = record[r0 + i];
    const gOff = r0 + F + i * replaySteps;
    const kOff = gOff + F * replaySteps;
    const mOff = gOff + 2 * F * replaySteps;
    for (let s = 0; s < step; s++) {
      const g = record[gOff + s] + delta;
      const next = code[i] === 0 ? cagr(v, g) : logistic(v, g, record[kOff + s]);
      v = next * record[mOff + s];
    }
    clusterSum[m.fieldCluster[i]] += v;
  }
  let total = 0;
  for (let c = 0; c < clusterSum.length; c++) total += clusterSum[c];
  return total;
}
