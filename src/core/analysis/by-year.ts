/**
 * Which inputs decide a target, year by year (issue 11, point 1): for each target and each year y
 * from baseYear + 1 to endYear, the given-data first-order shares by group (sensitivity.ts) of the
 * indicator "the target's scope is at least the target's value in year y", and that indicator's
 * mean, the probability, with its Monte Carlo standard error. One run of the kernel gives every
 * year; a year in which every world (or none) reaches the value has no variance and shares of 0.
 */
import { ScenarioError } from '../errors.ts';
import type { CompiledModel } from '../model.ts';
import type { RunOptions } from '../run.ts';
import type { Estimate } from './given-data.ts';
import { evaluateOutputs, type AnalysisOutput } from './outputs.ts';
import { probabilitySe } from './paired.ts';
import { inputQuantiles } from './quantiles.ts';
import { givenDataSensitivity, trialsForStableShares } from './sensitivity.ts';

/** One year of one target: P(scope ≥ value in that year) and its shares by group. */
interface YearShares {
  readonly year: number;
  readonly probability: Estimate;
  readonly groups: readonly { readonly id: string; readonly share: Estimate }[];
  /** 1 − the inputs' shares: annual noise, event occurrence and interactions. */
  readonly rest: Estimate;
}

export interface ByYearSensitivity {
  readonly method: 'given-data';
  readonly trials: number;
  readonly bins: number;
  /** Trials for every share's standard error to fall to 0.02, when they are too few. */
  readonly trialsNeeded?: number;
  readonly targets: readonly { readonly target: string; readonly scope: string; readonly value: number; readonly years: readonly YearShares[] }[];
}

/** Group shares of each target's indicator in every year (targets: ids, default all), from one run with these options. */
export function byYearSensitivity(
  model: CompiledModel,
  targetIds: readonly string[] | undefined,
  options: RunOptions & { readonly trials: number; readonly seed: number },
  signal?: AbortSignal,
): ByYearSensitivity {
  const known = model.targets.map((t) => t.id);
  const unknown = (targetIds ?? []).filter((id) => !known.includes(id));
  if (unknown.length || !known.length)
    throw new ScenarioError(
      [
        {
          path: 'target',
          code: 'one-of',
          message: known.length
            ? `unknown target ${unknown.map((id) => JSON.stringify(id)).join(', ')}; targets: ${known.join(', ')}`
            : 'the scenario has no target to explain year by year; add one to its targets',
        },
      ],
      'unknown target',
      'invalid-option',
    );
  const targets = targetIds?.length ? targetIds.map((id) => model.targets.find((t) => t.id === id) as (typeof model.targets)[number]) : model.targets;
  const years = Array.from({ length: model.endYear - model.baseYear }, (_, k) => model.baseYear + 1 + k);
  const outputs: AnalysisOutput[] = targets.flatMap((t) =>
    years.map((year): AnalysisOutput => ({ id: `target:${t.id}@${year}`, kind: 'target', scopeIndex: t.scopeIndex, year, step: year - model.baseYear, threshold: t.value })),
  );
  const { values } = evaluateOutputs(model, outputs, options, signal);
  const s = givenDataSensitivity(model, outputs, values, inputQuantiles(model, options.seed, options.trials, options.design));
  return {
    method: 'given-data',
    trials: s.trials,
    bins: s.bins,
    ...(trialsForStableShares(s) ? { trialsNeeded: trialsForStableShares(s) } : {}),
    targets: targets.map((t, i) => ({
      target: t.id,
      scope: model.scopeIds[t.scopeIndex],
      value: t.value,
      years: years.map((year, k) => {
        const o = s.outputs[i * years.length + k];
        return { year, probability: { estimate: o.mean, se: probabilitySe(o.mean, s.trials) }, groups: o.groups, rest: o.rest };
      }),
    })),
  };
}
