/**
 * The outputs a sensitivity analysis explains: each target's success (1 when the target's scope
 * reaches its value in its year, else 0: its mean is the target's probability) and the value of
 * the total, each cluster and each field in every target year (the end year when there is no
 * target), and their per-trial values from a run of the kernel.
 */
import { ScenarioError } from '../errors.ts';
import { UPLIFT_TRIALS_MIN } from '../limits.ts';
import type { CompiledModel } from '../model.ts';
import { advanceRange, allocateRun, columnsOf, initRange, planRun, type RunOptions } from '../run.ts';

/** One output: a target's success or a scope's value in a year. */
export interface AnalysisOutput {
  /** `target:<id>` or `<scope id>@<year>` (`total@2030`, `health@2030`, `quantum@2035`). */
  readonly id: string;
  readonly kind: 'target' | 'value';
  /** Scope index (0 total, 1..C clusters, C+1..C+F fields). */
  readonly scopeIndex: number;
  readonly year: number;
  readonly step: number;
  /** For a target: the value its scope must reach. */
  readonly threshold?: number;
}

/** Every headline output of a model, targets first. */
export function headlineOutputs(model: CompiledModel): AnalysisOutput[] {
  const targets: AnalysisOutput[] = model.targets.map((t) => ({ id: `target:${t.id}`, kind: 'target', scopeIndex: t.scopeIndex, year: t.year, step: t.step, threshold: t.value }));
  const years = [...new Set(model.targets.map((t) => t.year))].sort((a, b) => a - b);
  if (!years.length) years.push(model.endYear);
  const values = years.flatMap((year) =>
    model.scopeIds.map((id, scopeIndex): AnalysisOutput => ({ id: `${id}@${year}`, kind: 'value', scopeIndex, year, step: year - model.baseYear })),
  );
  return [...targets, ...values];
}

/** The outputs named by id, in that order; unknown ids get an error listing the valid ones. */
export function pickOutputs(all: readonly AnalysisOutput[], ids: readonly string[] | undefined): AnalysisOutput[] {
  if (!ids?.length) return [...all];
  const byId = new Map(all.map((o) => [o.id, o]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length) {
    throw new ScenarioError(
      [{ path: 'output', code: 'one-of', message: `unknown output ${unknown.map((id) => JSON.stringify(id)).join(', ')}; outputs: ${all.map((o) => o.id).join(', ')}` }],
      'unknown output',
      'invalid-option',
    );
  }
  return ids.map((id) => byId.get(id) as AnalysisOutput);
}

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
