/**
 * Replays one trial from its replay record with growth shifted by δ, with the same arithmetic
 * as the kernel (so δ = 0 reproduces it bit for bit): the required-uplift search's model.
 */
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel } from '../model.ts';

/** The scope's value (sum of `fieldsInScope`) at `step` of the trial whose record starts at r0. */
export function replayScope(m: CompiledModel, record: Float64Array, r0: number, replaySteps: number, fieldsInScope: Int32Array, step: number, delta: number, clusterSum: Float64Array): number {
  const F = m.fields.length;
  clusterSum.fill(0);
  for (let j = 0; j < fieldsInScope.length; j++) {
    const i = fieldsInScope[j];
    const gOff = r0 + F + i * replaySteps;
    const v = growthModelOf(m.fields[i].model).replay(record[r0 + i], record, gOff, gOff + F * replaySteps, gOff + 2 * F * replaySteps, step, delta);
    clusterSum[m.fieldCluster[i]] += v;
  }
  let total = 0;
  for (let c = 0; c < clusterSum.length; c++) total += clusterSum[c];
  return total;
}
