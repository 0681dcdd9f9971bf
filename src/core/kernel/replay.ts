/**
 * Replays trials from the replay record with growth shifted by δ, with the same arithmetic as
 * the kernel (so δ = 0 reproduces it bit for bit): the required-uplift search's model. The replay
 * of a scope is generated code, like the year step: per trial, the scope's fields are held in
 * locals and stepped year by year through the record's planes, then summed as the kernel sums
 * (each cluster's fields, then the clusters).
 */
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel } from '../model.ts';
import { generatedFunction, STEP_CHUNK } from './generated.ts';
import { capacityPlane, growthPlane, multiplierPlane, replayRow, type ReplayShape } from './layout.ts';

/** Scratch of a replay of up to `rows` trials. */
export interface ReplayWork {
  totals: Float64Array;
  /** Per step: where its growth, capacity and multiplier planes start (filled per call). */
  offsets: Int32Array;
}

export function replayWork(rows: number): ReplayWork {
  return { totals: new Float64Array(rows), offsets: new Int32Array(0) };
}

type Replay = (record: Float64Array, rows: Int32Array, count: number, delta: number, totals: Float64Array, offsets: Int32Array, steps: number, row: number) => void;

const replays = new WeakMap<CompiledModel, Map<Int32Array, Replay>>();

/** The generated replay of the scope made of `fieldsInScope`: one function per distinct source in this thread, looked up once per model and scope. */
function replayOf(m: CompiledModel, fieldsInScope: Int32Array): Replay {
  let byScope = replays.get(m);
  if (!byScope) {
    byScope = new Map();
    replays.set(m, byScope);
  }
  let fn = byScope.get(fieldsInScope);
  if (!fn) {
    fn = generatedFunction<Replay>(replaySource(m, fieldsInScope), NO_HELPERS);
    if (byScope.size > 256) byScope.clear();
    byScope.set(fieldsInScope, fn);
  }
  return fn;
}

const NO_HELPERS = {};

function replaySource(m: CompiledModel, fieldsInScope: Int32Array): string {
  const lines: string[] = ["'use strict';", 'return function replay(record, rows, count, delta, totals, offsets, steps, row) {'];
  const P = (line: string) => lines.push(line);
  P('const expNegDelta = Math.exp(-delta);');
  P('for (let j = 0; j < count; j++) {');
  P('  const r = rows[j] * row;');
  for (const i of fieldsInScope) P(`  let v${i} = record[r + ${i}];`);
  P('  for (let s = 0, o = 0; s < steps; s++, o += 3) {');
  P('    const g = offsets[o] + r, k = offsets[o + 1] + r, x = offsets[o + 2] + r;');
  for (const i of fieldsInScope) {
    const model = growthModelOf(m.fields[i].model);
    const capacity = model.capacity ? `record[k + ${i}]` : '0';
    P(`    { const q = record[g + ${i}]; const c = ${model.shiftedSource('q')}, K = ${capacity}; v${i} = (${model.source(`v${i}`, 'c', 'K')}) * record[x + ${i}]; }`);
  }
  P('  }');
  // summed as the kernel sums: each cluster's fields (in scope order), then the clusters in order
  const byCluster = new Map<number, string[]>();
  for (const i of fieldsInScope) {
    const c = m.fieldCluster[i];
    byCluster.set(c, [...(byCluster.get(c) ?? []), `v${i}`]);
  }
  const clusters = [...byCluster.keys()].sort((a, b) => a - b).map((c) => `(${(byCluster.get(c) as string[]).join(' + ')})`);
  P(`  totals[j] = ${clusters.length ? clusters.join(' + ') : '0'};`);
  P('}');
  P('};');
  return lines.join('\n');
}

/**
 * The scope's value (sum of `fieldsInScope`, by cluster then over clusters, as the kernel sums)
 * at `step` for trials rows[0 … count − 1], into work.totals.
 */
export function replayRows(m: CompiledModel, record: Float64Array, shape: ReplayShape, rows: Int32Array, count: number, fieldsInScope: Int32Array, step: number, delta: number, work: ReplayWork): Float64Array {
  if (work.totals.length < count) work.totals = new Float64Array(count);
  if (work.offsets.length < 3 * step) work.offsets = new Int32Array(3 * step);
  const offsets = work.offsets;
  for (let s = 0; s < step; s++) {
    offsets[3 * s] = growthPlane(shape, shape.planeOfStep[s]);
    offsets[3 * s + 1] = capacityPlane(shape, shape.planeOfStep[s]);
    offsets[3 * s + 2] = multiplierPlane(shape, s);
  }
  const replay = replayOf(m, fieldsInScope);
  const totals = work.totals;
  // in calls of STEP_CHUNK trials, as the year step (optimized once, not while it runs and again)
  for (let from = 0; from < count; from += STEP_CHUNK) {
    const n = Math.min(STEP_CHUNK, count - from);
    replay(record, from === 0 && n === count ? rows : rows.subarray(from, from + n), n, delta, from === 0 && n === count ? totals : totals.subarray(from, from + n), offsets, step, replayRow(shape));
  }
  return work.totals;
}

/** One trial's scope value at `step` with growth shifted by δ. */
export function replayScope(m: CompiledModel, record: Float64Array, shape: ReplayShape, trial: number, fieldsInScope: Int32Array, step: number, delta: number): number {
  return replayRows(m, record, shape, Int32Array.of(trial), 1, fieldsInScope, step, delta, replayWork(1))[0];
}
