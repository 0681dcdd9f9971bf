/**
 * What an analysis may ask of this server before it starts: a Sobol design within
 * MAX_SOBOL_EVALUATIONS model evaluations, and the analysis's arrays (drawn quantiles, the
 * outputs' values, the design) within MEMORY_BUDGET_MB. Each refusal names what to change.
 */
import { parameterGroups } from '../core/analysis/parameters.ts';
import { ScenarioError } from '../core/errors.ts';
import { grouped } from '../core/format.ts';
import { MAX_SOBOL_EVALUATIONS } from '../core/limits.ts';
import type { CompiledModel } from '../core/model.ts';

/** A request's analysis, as much as its cost needs. */
export interface AnalysisCost {
  readonly kind: 'given-data' | 'sobol' | 'by-year' | 'discover' | 'paired' | 'calibrate';
  readonly trials: number;
  readonly by?: 'group' | 'input';
  /** Outputs evaluated in each trial. */
  readonly outputs: number;
}

/** Factors a Sobol design varies: groups, or every input and the two streams. */
function sobolFactors(model: CompiledModel, by: 'group' | 'input'): number {
  const groups = parameterGroups(model);
  return by === 'group' ? groups.length : model.inputs.length + groups.filter((g) => g.stream).length;
}

/** Bytes an analysis holds besides the kernel's own buffers (the run's plan checks those). */
function analysisBytes(model: CompiledModel, c: AnalysisCost): number {
  const width = model.inputs.length;
  const n = c.trials;
  switch (c.kind) {
    case 'given-data':
    case 'by-year':
      // each input's quantiles (8 bytes) and bins (1), each output's values
      return n * (9 * width + 8 * c.outputs);
    case 'discover':
      // the drawn inputs, and PRIM's columns of them
      return n * (16 * width + 8 * (model.clusters.length + 2));
    case 'sobol': {
      const blocks = sobolFactors(model, c.by ?? 'group') + 2;
      return blocks * n * (8 * width + 8 * c.outputs);
    }
    case 'paired':
      return 2 * n * 8 * c.outputs;
    case 'calibrate':
      // every scope's column of every year, and the weights, log-likelihoods and a sort order
      return n * 8 * (model.scopeIds.length * (model.steps + 1) + 3);
    default:
      return c.kind satisfies never;
  }
}

/** Throws a ScenarioError (422) at `trials` when the analysis is over this server's limits. */
export function checkAnalysisCost(model: CompiledModel, c: AnalysisCost, memoryBudgetMb: number): void {
  if (c.kind === 'sobol') {
    const factors = sobolFactors(model, c.by ?? 'group');
    const evaluations = c.trials * (factors + 2);
    if (evaluations > MAX_SOBOL_EVALUATIONS) {
      const fewer = Math.floor(MAX_SOBOL_EVALUATIONS / (factors + 2));
      const byGroup = c.by === 'input' ? `, or by: group (${sobolFactors(model, 'group')} factors)` : '';
      throw new ScenarioError(
        [
          {
            path: 'trials',
            code: 'limit',
            message: `Sobol by ${c.by ?? 'group'} at ${grouped(c.trials)} trials is ${grouped(evaluations)} model evaluations (trials × (${factors} factors + 2)); this server allows ${grouped(MAX_SOBOL_EVALUATIONS)}: ask for at most ${grouped(fewer)} trials${byGroup}`,
          },
        ],
        'analysis too large',
        'too-large',
      );
    }
  }
  const bytes = analysisBytes(model, c);
  const budget = memoryBudgetMb * 1024 * 1024;
  if (bytes > budget) {
    const fewer = Math.max(1, Math.floor((c.trials * budget) / bytes));
    throw new ScenarioError(
      [
        {
          path: 'trials',
          code: 'limit',
          message: `this analysis at ${grouped(c.trials)} trials needs about ${grouped(Math.ceil(bytes / 1048576))} MiB; this server's MEMORY_BUDGET_MB is ${grouped(memoryBudgetMb)}: ask for at most ${grouped(fewer)} trials${c.kind === 'sobol' && c.by === 'input' ? ', or by: group' : ''}`,
        },
      ],
      'analysis too large',
      'too-large',
    );
  }
}
