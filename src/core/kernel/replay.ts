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
  /** The second shift's totals of a pair replay. */
  totals2: Float64Array;
  /** Per step: where its growth, capacity and multiplier planes start (filled per call). */
  offsets: Int32Array;
}

export function replayWork(rows: number): ReplayWork {
  return { totals: new Float64Array(rows), totals2: new Float64Array(0), offsets: new Int32Array(0) };
}

type Replay = (
  record: Float64Array,
  rows: Int32Array,
  count: number,
  delta: number,
  totals: Float64Array,
  offsets: Int32Array,
  steps: number,
  row: number,
  delta2?: number,
  totals2?: Float64Array,
) => void;

const replays = new WeakMap<CompiledModel, Map<Int32Array, Replay>[]>();

/** The generated replay (or pair replay) of the scope made of `fieldsInScope`: one function per distinct source in this thread, looked up once per model and scope. */
function replayOf(m: CompiledModel, fieldsInScope: Int32Array, pair: boolean): Replay {
  let kinds = replays.get(m);
  if (!kinds) {
    kinds = [new Map(), new Map()];
    replays.set(m, kinds);
  }
  const byScope = kinds[pair ? 1 : 0];
  let fn = byScope.get(fieldsInScope);
  if (!fn) {
    fn = generatedFunction<Replay>(replaySource(m, fieldsInScope, pair), NO_HELPERS);
    if (byScope.size > 256) byScope.clear();
    byScope.set(fieldsInScope, fn);
  }
  return fn;
}

const NO_HELPERS = {};

/**
 * The replay's source. A pair replay steps each trial at two shifts at once (`delta` and `delta2`,
 * into `totals` and `totals2`), reading the record once: each shift's arithmetic is the single
 * replay's, word for word (the second in a block where `delta` and `expNegDelta` name its own).
 */
function replaySource(m: CompiledModel, fieldsInScope: Int32Array, pair: boolean): string {
  const lines: string[] = [
    "'use strict';",
    `return function ${pair ? 'replayPair' : 'replay'}(record, rows, count, delta, totals, offsets, steps, row${pair ? ', delta2, totals2' : ''}) {`,
  ];
  const P = (line: string) => lines.push(line);
  P('const expNegDelta = Math.exp(-delta);');
  if (pair) P('const expNegDelta2 = Math.exp(-delta2);');
  P('for (let j = 0; j < count; j++) {');
  P('  const r = rows[j] * row;');
  for (const i of fieldsInScope) P(`  let v${i} = record[r + ${i}];${pair ? ` let w${i} = v${i};` : ''}`);
  P('  for (let s = 0, o = 0; s < steps; s++, o += 3) {');
  P('    const g = offsets[o] + r, k = offsets[o + 1] + r, x = offsets[o + 2] + r;');
  for (const i of fieldsInScope) {
    const model = growthModelOf(m.fields[i].model);
    const capacity = model.capacity ? `record[k + ${i}]` : '0';
    const step = (v: string) => `{ const c = ${model.shiftedSource('q')}; ${v} = (${model.source(v, 'c', 'K')}) * X; }`;
    P(
      `    { const q = record[g + ${i}], K = ${capacity}, X = record[x + ${i}]; ${step(`v${i}`)}${pair ? ` { const delta = delta2, expNegDelta = expNegDelta2; ${step(`w${i}`)} }` : ''} }`,
    );
  }
  P('  }');
  // summed as the kernel sums: each cluster's fields (in scope order), then the clusters in order
  const sum = (prefix: string) => {
    const byCluster = new Map<number, string[]>();
    for (const i of fieldsInScope) {
      const c = m.fieldCluster[i];
      byCluster.set(c, [...(byCluster.get(c) ?? []), `${prefix}${i}`]);
    }
    const clusters = [...byCluster.keys()].sort((a, b) => a - b).map((c) => `(${(byCluster.get(c) as string[]).join(' + ')})`);
    return clusters.length ? clusters.join(' + ') : '0';
  };
  P(`  totals[j] = ${sum('v')};`);
  if (pair) P(`  totals2[j] = ${sum('w')};`);
  P('}');
  P('};');
  return lines.join('\n');
}

/**
 * The scope's value (sum of `fieldsInScope`, by cluster then over clusters, as the kernel sums)
 * at `step` for trials rows[0 … count − 1], into work.totals; with `delta2`, also at that shift,
 * into work.totals2 (the record read once for both).
 */
export function replayRows(
  m: CompiledModel,
  record: Float64Array,
  shape: ReplayShape,
  rows: Int32Array,
  count: number,
  fieldsInScope: Int32Array,
  step: number,
  delta: number,
  work: ReplayWork,
  delta2?: number,
): Float64Array {
  if (work.totals.length < count) work.totals = new Float64Array(count);
  if (delta2 !== undefined && work.totals2.length < count) work.totals2 = new Float64Array(Math.max(count, work.totals.length));
  if (work.offsets.length < 3 * step) work.offsets = new Int32Array(3 * step);
  const offsets = work.offsets;
  for (let s = 0; s < step; s++) {
    offsets[3 * s] = growthPlane(shape, shape.planeOfStep[s]);
    offsets[3 * s + 1] = capacityPlane(shape, shape.planeOfStep[s]);
    offsets[3 * s + 2] = multiplierPlane(shape, s);
  }
  const pair = delta2 !== undefined;
  const replay = replayOf(m, fieldsInScope, pair);
  const { totals, totals2 } = work;
  // in calls of STEP_CHUNK trials, as the year step (optimized once, not while it runs and again)
  for (let from = 0; from < count; from += STEP_CHUNK) {
    const n = Math.min(STEP_CHUNK, count - from);
    const whole = from === 0 && n === count;
    const part = (a: Float64Array) => (whole ? a : a.subarray(from, from + n));
    if (pair) replay(record, whole ? rows : rows.subarray(from, from + n), n, delta, part(totals), offsets, step, replayRow(shape), delta2, part(totals2));
    else replay(record, whole ? rows : rows.subarray(from, from + n), n, delta, part(totals), offsets, step, replayRow(shape));
  }
  return totals;
}

/** One trial's scope value at `step` with growth shifted by δ. */
export function replayScope(m: CompiledModel, record: Float64Array, shape: ReplayShape, trial: number, fieldsInScope: Int32Array, step: number, delta: number): number {
  return replayRows(m, record, shape, Int32Array.of(trial), 1, fieldsInScope, step, delta, replayWork(1))[0];
}
