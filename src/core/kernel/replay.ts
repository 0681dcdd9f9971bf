/**
 * Replays trials from the replay record with growth shifted by δ, with the same arithmetic as
 * the kernel (so δ = 0 reproduces it bit for bit): the required-uplift search's model. Trials
 * are replayed together, year by year, reading the record's planes in order.
 */
import { growthModelOf, growthModelNames } from '../growth/index.ts';
import type { CompiledModel } from '../model.ts';
import { capacityPlane, growthPlane, multiplierPlane, type ReplayShape } from './layout.ts';

/** Scratch of a replay of up to `rows` trials. */
export interface ReplayWork {
  values: Float64Array;
  totals: Float64Array;
  readonly clusterSum: Float64Array;
}

export function replayWork(m: CompiledModel, rows: number): ReplayWork {
  return { values: new Float64Array(rows * m.fields.length), totals: new Float64Array(rows), clusterSum: new Float64Array(m.clusters.length) };
}

/**
 * The scope's value (sum of `fieldsInScope`, by cluster then over clusters, as the kernel sums)
 * at `step` for trials rows[0 … count − 1], into work.totals.
 */
export function replayRows(m: CompiledModel, record: Float64Array, shape: ReplayShape, rows: Int32Array, count: number, fieldsInScope: Int32Array, step: number, delta: number, work: ReplayWork): Float64Array {
  const F = m.fields.length;
  if (work.values.length < count * F) work.values = new Float64Array(count * F);
  if (work.totals.length < count) work.totals = new Float64Array(count);
  const { values, totals, clusterSum } = work;
  for (let j = 0; j < count; j++) {
    const r = rows[j] * F;
    for (let q = 0; q < fieldsInScope.length; q++) values[j * F + fieldsInScope[q]] = record[r + fieldsInScope[q]];
  }
  const byModel = growthModelNames.map((_, code) => Int32Array.from(Array.from(fieldsInScope).filter((i) => m.fields[i].model === code)));
  for (let s = 0; s < step; s++) {
    const g0 = growthPlane(shape, shape.planeOfStep[s]);
    const k0 = capacityPlane(shape, shape.planeOfStep[s]);
    const m0 = multiplierPlane(shape, s);
    byModel.forEach((fields, code) => {
      if (fields.length) growthModelOf(code).replayRows(values, record, g0, k0, m0, rows, count, fields, F, delta);
    });
  }
  const cluster = m.fieldCluster;
  for (let j = 0; j < count; j++) {
    clusterSum.fill(0);
    for (let q = 0; q < fieldsInScope.length; q++) clusterSum[cluster[fieldsInScope[q]]] += values[j * F + fieldsInScope[q]];
    let total = 0;
    for (let c = 0; c < clusterSum.length; c++) total += clusterSum[c];
    totals[j] = total;
  }
  return totals;
}

/** One trial's scope value at `step` with growth shifted by δ. */
export function replayScope(m: CompiledModel, record: Float64Array, shape: ReplayShape, trial: number, fieldsInScope: Int32Array, step: number, delta: number): number {
  return replayRows(m, record, shape, Int32Array.of(trial), 1, fieldsInScope, step, delta, replayWork(m, 1))[0];
}
