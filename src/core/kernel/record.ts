/**
 * What the kernel writes into the replay records besides the draws (layout.ts ReplayShape): a
 * step's growth and capacity planes, and each target's smallest factors for the uplift search's
 * bounds (uplift-bound.ts).
 */
import type { CompiledModel } from '../model.ts';
import { leastFactors, type ReplayShape } from './layout.ts';

/** Growth models' shiftBound kinds as numbers, per field (GrowthModel.shiftBound). */
const SHIFT_FACTOR = 1;
const SHIFT_DECAY = 2;

/** A growth model's shiftBound as a number (0: none). */
export function shiftKindOf(kind: 'factor' | 'decay' | undefined): number {
  return kind === 'factor' ? SHIFT_FACTOR : kind === 'decay' ? SHIFT_DECAY : 0;
}

/** least[at + k] = the smaller of it and 1 + g[off + k], or −1 (for good) when that is not positive (layout.ts ReplayShape). */
function foldFactors(least: Float64Array, at: number, g: Float64Array, off: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const f = 1 + g[off + k];
    const was = least[at + k];
    least[at + k] = f > 0 ? (f < was ? f : was) : -1;
  }
}

/** least[at + k] = −1 (no bound) where the decay d[off + k] exceeds 1. */
function foldDecays(least: Float64Array, at: number, d: Float64Array, off: number, n: number): void {
  for (let k = 0; k < n; k++) if (!(d[off + k] <= 1)) least[at + k] = -1;
}

/** Starts each target's smallest factors of trials c0 … c0 + rows − 1 empty (+Infinity), before their first plane. */
export function startLeastFactors(replay: ReplayShape & { readonly record: Float64Array }, c0: number, rows: number): void {
  for (let k = 0; k < replay.targets; k++) replay.record.fill(Infinity, leastFactors(replay, k) + c0, leastFactors(replay, k) + c0 + rows);
}

/**
 * Folds a step's new growth values (the chunk's columns, field i at i · stride, for `rows` trials
 * from trial c0) into the smallest factors of the targets whose years use the step's plane.
 */
export function foldLeastFactors(
  m: CompiledModel,
  replay: ReplayShape & { readonly record: Float64Array },
  s: number,
  c0: number,
  rows: number,
  moved: Uint8Array,
  kinds: Uint8Array,
  growth: Float64Array,
  stride: number,
): void {
  for (let k = 0; k < m.targets.length; k++) {
    const target = m.targets[k];
    if (s > target.step) continue;
    const at = leastFactors(replay, k) + c0;
    for (let q = 0; q < target.fields.length; q++) {
      const i = target.fields[q];
      if (moved[i] === 0) continue;
      if (kinds[i] === SHIFT_FACTOR) foldFactors(replay.record, at, growth, i * stride, rows);
      else if (kinds[i] === SHIFT_DECAY) foldDecays(replay.record, at, growth, i * stride, rows);
    }
  }
}

/**
 * Writes a step's planes into the replay rows of `rows` trials from row offset `first`: for a
 * field that moved, its growth (and capacity, for a field that has one: `capped`) from the
 * chunk's columns (field i at i · stride); for one that did not, the previous plane's values. A
 * field without capacity leaves its capacity slots alone: the replay never reads them.
 */
export function writePlanes(
  record: Float64Array,
  first: number,
  row: number,
  g1: number,
  k1: number,
  g0: number,
  k0: number,
  moved: Uint8Array,
  capped: Uint8Array,
  growth: Float64Array,
  capacity: Float64Array,
  F: number,
  rows: number,
  stride: number,
): void {
  for (let k = 0; k < rows; k++) {
    const r = first + k * row;
    for (let i = 0; i < F; i++) {
      const fresh = moved[i] === 1;
      record[r + g1 + i] = fresh ? growth[i * stride + k] : record[r + g0 + i];
      if (capped[i] === 1) record[r + k1 + i] = fresh ? capacity[i * stride + k] : record[r + k0 + i];
    }
  }
}
