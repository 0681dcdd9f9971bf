/**
 * The outputs an analysis explains, by id: each target's success (1 when the target's scope
 * reaches its value in its year, else 0: its mean is the target's probability) and the value of
 * the total, each cluster and each field in every target year (the end year when there is no
 * target). Their per-trial values: outputs.ts.
 */
import { ScenarioError } from '../errors.ts';
import type { CompiledModel } from '../model.ts';

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
