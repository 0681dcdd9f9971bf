/**
 * Scenario discovery (issue 11): which simulated worlds meet a target? PRIM (prim.ts) over the
 * trials' drawn inputs and the base-year values of the total and each cluster (a reader thinks
 * in "the 2024 total", not in a common factor's score), for the trials that meet the target.
 */
import { ScenarioError } from '../errors.ts';
import type { CompiledModel } from '../model.ts';
import type { RunOptions } from '../run.ts';
import { headlineOutputs } from './output-ids.ts';
import { evaluateOutputs } from './outputs.ts';
import { groupOf } from './parameters.ts';
import { prim, type PrimBox, type PrimOptions } from './prim.ts';

/** A feature PRIM may restrict: an input's drawn value, or a scope's base-year value. */
export interface Feature {
  readonly kind: 'input' | 'base';
  /** The input's path, or the scope id (total or a cluster). */
  readonly id: string;
  readonly group: string;
}

export interface Discovery {
  readonly target: string;
  readonly trials: number;
  /** Share of trials that meet the target. */
  readonly probability: number;
  readonly features: readonly Feature[];
  /** Boxes in the order found; each restriction's `input` indexes `features`. */
  readonly boxes: readonly PrimBox[];
}

/** PRIM boxes of the worlds that meet target `targetId` in a run with these options. */
export function discoverScenarios(model: CompiledModel, targetId: string, options: RunOptions, prim_: PrimOptions = {}, signal?: AbortSignal): Discovery {
  const output = headlineOutputs(model).find((o) => o.id === `target:${targetId}`);
  if (!output) {
    throw new ScenarioError(
      [{ path: 'target', code: 'one-of', message: `unknown target ${JSON.stringify(targetId)}; targets: ${model.targets.map((t) => t.id).join(', ') || '(none)'}` }],
      'unknown target',
      'invalid-option',
    );
  }
  const { values, base, inputs } = evaluateOutputs(model, [output], { ...options, keepInputs: true }, signal);
  const trials = values[0].length;
  const width = model.inputs.length;
  const drawn = inputs as Float64Array;
  const columns: Float64Array[] = model.inputs.map((_, i) => {
    const c = new Float64Array(trials);
    for (let j = 0; j < trials; j++) c[j] = drawn[j * width + i];
    return c;
  });
  const features: Feature[] = model.inputs.map((x, i) => ({ kind: 'input', id: x.path, group: groupOf(model, i) }));
  // the base year's total and clusters (fields' base values are inputs already)
  for (let k = 0; k <= model.clusters.length; k++) {
    columns.push(base[k]);
    features.push({ kind: 'base', id: model.scopeIds[k], group: 'base' });
  }
  const interest = Uint8Array.from(values[0]);
  const probability = interest.reduce((a, b) => a + b, 0) / trials;
  return { target: targetId, trials, probability, features, boxes: prim(columns, interest, prim_) };
}
