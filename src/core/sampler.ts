/**
 * Samplers: how the kernel turns an input's uniform u (or, in a parameter group, its normal
 * score z) into a parameter value with no iteration per draw. Normal and lognormal read z
 * directly (no CDF → quantile round trip); uniform and triangular use their closed forms from u;
 * PERT, and uniform or triangular in a group, read a table of the value as a function of z
 * (special.ts zTable). Built once per distribution per thread.
 */
import type { DistData } from './distributions/index.ts';
import { triangularDensity, triangularQuantile } from './distributions/triangular.ts';
import { betaZTable, normalCdf, probit, Z_TABLE_INTERVALS, zTable, zTableAt } from './special.ts';

/** How a sampler computes a value. */
export const SamplerMode = { Fixed: 0, Normal: 1, Lognormal: 2, Uniform: 3, Triangular: 4, Table: 5 } as const;
export type SamplerMode = (typeof SamplerMode)[keyof typeof SamplerMode];

export interface Sampler {
  readonly mode: SamplerMode;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** Table = a + b·zTableAt(table, z). */
  readonly table: Float64Array | undefined;
}

const LOG_SQRT_2PI = 0.9189385332046728;
const byU = new WeakMap<DistData, Sampler>();
const byZ = new WeakMap<DistData, Sampler>();

function tableOf(d: DistData): Float64Array {
  if (d.family === 'pert') return (d.table ??= betaZTable(d.c, d.d));
  if (d.family === 'uniform')
    return zTable(
      (z) => d.a + d.b * normalCdf(z),
      (z) => Math.exp(-0.5 * z * z - LOG_SQRT_2PI) * d.b,
    );
  return zTable(
    (z) => triangularQuantile(d, normalCdf(z)),
    (z, x) => Math.exp(-0.5 * z * z - LOG_SQRT_2PI) / triangularDensity(d, x),
  );
}

/**
 * A sampler. Every sampler is made here, by one object literal, so all have one hidden class and
 * the drawing loops that read them stay optimized across runs (literals at several sites gave
 * several classes, and the drawing code was deoptimized when a run brought one it had not seen).
 */
function sampler(mode: SamplerMode, a: number, b: number, c: number, table: Float64Array | undefined): Sampler {
  return { mode, a, b, c, table };
}

function make(d: DistData, fromZ: boolean): Sampler {
  switch (d.family) {
    case 'fixed':
      return sampler(SamplerMode.Fixed, d.a, 0, 0, undefined);
    case 'normal':
      return sampler(SamplerMode.Normal, d.a, d.b, 0, undefined);
    case 'lognormal':
      return sampler(SamplerMode.Lognormal, d.a, d.b, 0, undefined);
    case 'pert':
      return sampler(SamplerMode.Table, d.a, d.b, 0, tableOf(d));
    case 'uniform':
    case 'triangular':
      if (fromZ) return sampler(SamplerMode.Table, 0, 1, 0, tableOf(d));
      return d.family === 'uniform' ? sampler(SamplerMode.Uniform, d.a, d.b, 0, undefined) : sampler(SamplerMode.Triangular, d.a, d.b, d.c, undefined);
    default:
      return d.family satisfies never;
  }
}

/** The sampler of `d` for draws from a uniform (fromZ false) or a normal score (fromZ true). */
export function samplerOf(d: DistData, fromZ: boolean): Sampler {
  const cache = fromZ ? byZ : byU;
  let s = cache.get(d);
  if (!s) {
    s = make(d, fromZ);
    cache.set(d, s);
  }
  return s;
}

type Params = Iterable<{ readonly byStep: readonly DistData[] }>;

/** Attaches the z-table of every PERT distribution of a model's parameters (built once per shape in this thread). */
export function attachTables(params: Params): void {
  for (const p of params) for (const d of p.byStep) if (d.family === 'pert') d.table ??= betaZTable(d.c, d.d);
}

/** Numbers in a z-table (special.ts zTable). */
const TABLE_LENGTH = 4 * Z_TABLE_INTERVALS + 2;

/**
 * The PERT z-tables of a run, built by the threads that draw it, each table by whichever takes
 * it first, in shared memory: `state[0]` counts the tables taken, `state[1 + k]` is 1 once
 * table k is written. A table is a function of its shape alone, so a thread that finds one not
 * yet written builds its own copy (the same numbers) rather than wait: nothing can stall.
 */
export interface SharedTables {
  /** (α, β) of each table, in pairs. */
  readonly shapes: Float64Array;
  readonly memory: Float64Array;
  readonly state: Int32Array;
}

/** Shared memory for the z-tables the params' PERT distributions still lack, or undefined when none do. */
export function sharedTables(params: Params): SharedTables | undefined {
  const shapes: number[] = [];
  const seen = new Set<string>();
  for (const p of params) {
    for (const d of p.byStep) {
      const key = `${d.c},${d.d}`;
      if (d.family !== 'pert' || d.table || seen.has(key)) continue;
      seen.add(key);
      shapes.push(d.c, d.d);
    }
  }
  const count = shapes.length / 2;
  if (count === 0) return undefined;
  const shared = new Float64Array(new SharedArrayBuffer(8 * shapes.length));
  shared.set(shapes);
  return {
    shapes: shared,
    memory: new Float64Array(new SharedArrayBuffer(8 * TABLE_LENGTH * count)),
    state: new Int32Array(new SharedArrayBuffer(4 * (1 + count))),
  };
}

/** Builds the tables this thread takes first, then attaches every table (shared when written, else its own copy). */
export function attachSharedTables(params: Params, tables: SharedTables): void {
  const { shapes, memory, state } = tables;
  const count = shapes.length / 2;
  for (let k = Atomics.add(state, 0, 1); k < count; k = Atomics.add(state, 0, 1)) {
    memory.set(betaZTable(shapes[2 * k], shapes[2 * k + 1]), k * TABLE_LENGTH);
    Atomics.store(state, 1 + k, 1);
  }
  const slot = new Map<string, number>();
  for (let k = 0; k < count; k++) slot.set(`${shapes[2 * k]},${shapes[2 * k + 1]}`, k);
  for (const p of params) {
    for (const d of p.byStep) {
      if (d.family !== 'pert' || d.table) continue;
      const k = slot.get(`${d.c},${d.d}`);
      d.table = k !== undefined && Atomics.load(state, 1 + k) === 1 ? memory.subarray(k * TABLE_LENGTH, (k + 1) * TABLE_LENGTH) : betaZTable(d.c, d.d);
    }
  }
}

/** A value from a uniform u in (0, 1). */
export function drawFromU(s: Sampler, u: number): number {
  switch (s.mode) {
    case SamplerMode.Fixed:
      return s.a;
    case SamplerMode.Normal:
      return s.a + s.b * probit(u);
    case SamplerMode.Lognormal:
      return Math.exp(s.a + s.b * probit(u));
    case SamplerMode.Uniform:
      return s.a + u * s.b;
    case SamplerMode.Triangular:
      return triangularQuantile(s, u);
    case SamplerMode.Table:
      return s.a + s.b * zTableAt(s.table as Float64Array, probit(u));
    default:
      return s.mode satisfies never;
  }
}
