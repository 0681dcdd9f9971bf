/**
 * Each analysis output's value in every trial of a run of the kernel (the outputs: output-ids.ts).
 */
import { UPLIFT_TRIALS_MIN } from '../limits.ts';
import type { CompiledModel } from '../model.ts';
import { advanceRange, allocateRun, columnsOf, initRange, planRun, type RunOptions } from '../run.ts';
import type { AnalysisOutput } from './output-ids.ts';

export { headlineOutputs, pickOutputs, type AnalysisOutput } from './output-ids.ts';

/**
 * Each output's value in every trial of a run with these options, and the scope values of the
 * base year (`base[scopeIndex]`, features for scenario discovery). The kernel runs only up to the
 * last year the outputs need; no summary or uplift search is made.
 */
export function evaluateOutputs(
  model: CompiledModel,
  outputs: readonly AnalysisOutput[],
  options: RunOptions,
  signal?: AbortSignal,
): { values: Float64Array[]; base: Float64Array[]; inputs: Float64Array | undefined } {
  const plan = planRun(model, { ...options, upliftTrials: UPLIFT_TRIALS_MIN, sensitivity: false });
  const trials = plan.trials;
  const buffers = allocateRun(plan);
  const values = outputs.map(() => new Float64Array(trials));
  const base: Float64Array[] = [];
  const last = outputs.reduce((s, o) => Math.max(s, o.step), 0);
  for (let s = 0; s <= last; s++) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('analysis aborted');
    if (s === 0) initRange(plan, buffers, 0, trials);
    else advanceRange(plan, buffers, s, 0, trials);
    const cols = columnsOf(buffers, s);
    if (s === 0) cols.forEach((c) => base.push(c.slice()));
    outputs.forEach((o, k) => {
      if (o.step !== s) return;
      const col = cols[o.scopeIndex];
      const out = values[k];
      if (o.kind === 'value') out.set(col);
      else for (let j = 0; j < trials; j++) out[j] = col[j] >= (o.threshold as number) ? 1 : 0;
    });
  }
  return { values, base, inputs: buffers.state.inputs };
}
