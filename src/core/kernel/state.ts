/** The per-trial state of a run, year-major: each year one pass over the trials advances it. */
import type { CompiledModel } from '../model.ts';
import type { Layout } from './layout.ts';

/** Typed arrays of a length, plain or backed by SharedArrayBuffers (a worker pool's). */
export interface Allocator {
  f64(length: number): Float64Array;
  i32(length: number): Int32Array;
}

export const plainAllocator: Allocator = { f64: (n) => new Float64Array(n), i32: (n) => new Int32Array(n) };

/** State of trials 0 … trials − 1. */
export interface KernelState {
  readonly trials: number;
  /** Values, trials × F (row per trial). */
  readonly value: Float64Array;
  /** Each field's coefficient of the current segment (growth model's), trials × F. */
  readonly coefficient: Float64Array;
  /** Capacities, trials × (fields with a capacity). */
  readonly capacity: Float64Array;
  /** The noise stream's xoshiro128** state, trials × 4. */
  readonly noise: Int32Array;
  /** Per event: its impact factor max(0, 1 + impact) (constant impacts) or its uniform, trials × E. */
  readonly impact: Float64Array;
  /** Drawn values of every input, trials × inputs (on request). */
  readonly inputs: Float64Array | undefined;
  /** Each field's drawn rate of the current segment, trials × F (when the layout keeps them). */
  readonly rate: Float64Array | undefined;
  /** Each field's lever uplift, trials × F (when the layout keeps it). */
  readonly uplift: Float64Array | undefined;
}

/** Bytes of state per trial. */
export function stateBytesPerTrial(m: CompiledModel, layout: Layout, keepInputs: boolean): number {
  const kept = (layout.keepRates ? m.fields.length : 0) + (layout.keepUplift ? m.fields.length : 0);
  return 8 * (2 * m.fields.length + kept + layout.capacityCount + m.events.length + (keepInputs ? m.inputs.length : 0)) + 16;
}

export function allocateState(m: CompiledModel, layout: Layout, trials: number, keepInputs: boolean, alloc: Allocator): KernelState {
  const F = m.fields.length;
  return {
    trials,
    value: alloc.f64(trials * F),
    coefficient: alloc.f64(trials * F),
    capacity: alloc.f64(trials * layout.capacityCount),
    noise: alloc.i32(trials * 4),
    impact: alloc.f64(trials * m.events.length),
    inputs: keepInputs ? alloc.f64(trials * m.inputs.length) : undefined,
    rate: layout.keepRates ? alloc.f64(trials * F) : undefined,
    uplift: layout.keepUplift ? alloc.f64(trials * F) : undefined,
  };
}
