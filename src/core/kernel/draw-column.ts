/**
 * Drawing one parameter for a chunk of trials: its sampler at a step resolved once (`drawOf`),
 * each trial's uniform from the design or the seeded hash, then the sampler kind's own loop
 * (from-uniform.ts); and a chunk's start (its trials' hash prefixes and the copula factors).
 */
import type { DrawSource } from '../draws.ts';
import type { CompiledModel, CompiledParam } from '../model.ts';
import { mix32, trialHash } from '../rng.ts';
import { samplerOf, SamplerMode, type Sampler } from '../sampler.ts';
import { probit } from '../special.ts';
import type { Layout } from './layout.ts';
import { binChunk, type BinSink } from './bins.ts';
import { lognormalFromU, lognormalFromZ, normalFromU, normalFromZ, scores, tableFromU, tableFromZ, triangularFromU, uniformFromU } from './from-uniform.ts';

/** Trials drawn together: the scratch columns stay in cache. */
export const CHUNK = 512;

/** A parameter's sampler at one step, resolved before the trial loop. */
export interface Draw {
  readonly input: number;
  readonly key: number;
  readonly copula: number;
  readonly loading: number;
  readonly ownLoading: number;
  readonly sampler: Sampler;
  /** Whether this step's draw is the input's first (then it is recorded). */
  readonly first: boolean;
}

export function drawOf(p: CompiledParam, s: number, layout: Layout): Draw {
  const key = p.input >= 0 ? layout.keys[p.input] : 0;
  return {
    input: p.input,
    key,
    copula: p.copula,
    loading: p.loading,
    ownLoading: p.ownLoading,
    sampler: samplerOf(p.byStep[s], p.copula >= 0),
    first: p.input >= 0 && layout.firstStep[p.input] === s,
  };
}

/** Scratch columns of one chunk. */
export class Chunk {
  /** Per trial: the two trial-only halves of rng.ts uniformFrom's hash, mixed once per chunk, not once per parameter. */
  readonly prefixHi = new Int32Array(CHUNK);
  readonly prefixLo = new Int32Array(CHUNK);
  readonly u = new Float64Array(CHUNK);
  readonly out = new Float64Array(CHUNK);
  readonly groups: Float64Array[];
  /** Where an input's first draw writes its trials' bins (the free sensitivity), when the run computes it. */
  readonly bins: BinSink | undefined;
  /** Whether startChunk bins the common factors (the chunk's first step: they are the same at every step). */
  readonly binFactors: boolean;
  constructor(groups: number, bins?: BinSink, binFactors = false) {
    this.groups = Array.from({ length: groups }, () => new Float64Array(CHUNK));
    this.bins = bins;
    this.binFactors = binFactors;
  }
}

/** Each trial's uniform of an input: from its design column, or the seeded hash (rng.ts uniformFrom, inlined). */
export function uniforms(src: DrawSource, input: number, key: number, first: number, n: number, ch: Chunk, u: Float64Array): void {
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

/** Draws a parameter for the chunk's n trials (starting at trial `first`) into ch.out. */
export function drawColumn(d: Draw, src: DrawSource, first: number, n: number, ch: Chunk): Float64Array {
  const out = ch.out;
  const s = d.sampler;
  if (d.input < 0 || s.mode === SamplerMode.Fixed) {
    // an input fixed at its first step still gets its bins (a later step may spread it)
    if (d.first && ch.bins && first < ch.bins.rows) binUniforms(src, d, first, n, ch);
    out.fill(s.a, 0, n);
    return out;
  }
  const u = ch.u;
  uniforms(src, d.input, d.key, first, n, ch, u);
  if (d.first && ch.bins && first < ch.bins.rows) binChunk(ch.bins, d.input, u, first, n);
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

/** Bins an input's uniforms where its draw needs none (a fixed value at its first step). */
function binUniforms(src: DrawSource, d: Draw, first: number, n: number, ch: Chunk): void {
  if (d.input < 0) return;
  uniforms(src, d.input, d.key, first, n, ch, ch.u);
  binChunk(ch.bins as BinSink, d.input, ch.u, first, n);
}

/** Fills the chunk's trial prefixes and the common factors' normal scores. */
export function startChunk(m: CompiledModel, layout: Layout, src: DrawSource, first: number, n: number, ch: Chunk): void {
  for (let k = 0; k < n; k++) {
    const p = trialHash(src.seed, first + k);
    ch.prefixHi[k] = mix32((p ^ 0x5bd1e995) >>> 0);
    ch.prefixLo[k] = mix32((p ^ 0x1b873593) >>> 0);
  }
  for (let g = 0; g < m.copulaInputs.length; g++) {
    const input = m.copulaInputs[g];
    const z = ch.groups[g];
    uniforms(src, input, layout.keys[input], first, n, ch, z);
    if (ch.binFactors && ch.bins && first < ch.bins.rows) binChunk(ch.bins, input, z, first, n);
    for (let k = 0; k < n; k++) z[k] = probit(z[k]);
  }
}

// Leaf loops over typed arrays and numbers only. The functions that drive them (initTrials,
// prepareStep) read the model's objects, whose hidden classes differ from run to run; kept free of
// loops, they stay cheap to compile, and these stay optimized across runs (measured: prepareStep
// as one function was recompiled at nearly every API run, ~65 ms of compiling each time).
