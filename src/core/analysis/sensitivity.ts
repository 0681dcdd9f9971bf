/**
 * The sensitivity that comes free with a run (issue 11, tier 1): from the run's own trials, each
 * output's first-order variance share and tornado bar for every uncertain input, and the share
 * of each group (given-data.ts), each with its Monte Carlo standard error. No model evaluation
 * beyond the run's own.
 */
import type { CompiledModel } from '../model.ts';
import { binCount, binsOf, binSums, momentsOf, shareOf, sumByBin, sumOf, tornadoOf, trialsForStableSe, type Estimate, type TornadoBar } from './given-data.ts';
import type { AnalysisOutput } from './output-ids.ts';
import { parameterGroups } from './parameters.ts';

/** One input's effect on one output. */
interface InputEffect {
  /** The input's path (`model.inputs`) and group (parameters.ts). */
  readonly input: number;
  readonly share: Estimate;
  readonly tornado: TornadoBar;
}

interface OutputSensitivity {
  readonly output: string;
  readonly mean: number;
  readonly variance: number;
  /** Every input, in the model's order. */
  readonly inputs: readonly InputEffect[];
  /** Each group of inputs: the sum of its members' shares. */
  readonly groups: readonly { readonly id: string; readonly share: Estimate }[];
  /** 1 − the inputs' shares: annual noise, event occurrence and interactions. */
  readonly rest: Estimate;
}

export interface GivenDataSensitivity {
  readonly method: 'given-data';
  readonly trials: number;
  readonly bins: number;
  readonly outputs: readonly OutputSensitivity[];
}

/**
 * Given-data sensitivity of each output (values[k]: output k's value in every trial) to the
 * inputs whose per-trial quantiles are `u` (quantiles.ts).
 */
export function givenDataSensitivity(model: CompiledModel, outputs: readonly AnalysisOutput[], values: readonly Float64Array[], u: readonly Float64Array[]): GivenDataSensitivity {
  const trials = values[0]?.length ?? 0;
  const bins = binCount(trials);
  const binned = u.map((x) => binsOf(x, bins));
  const scratch = binSums(bins);
  const groups = parameterGroups(model).filter((g) => !g.stream);
  return {
    method: 'given-data',
    trials,
    bins,
    outputs: outputs.map((o, k) => {
      const y = values[k];
      const m = momentsOf(y);
      const inputs = binned.map((bin, input): InputEffect => {
        const sums = sumByBin(bin, y, scratch);
        return { input, share: shareOf(sums, m), tornado: tornadoOf(sums) };
      });
      const all = sumOf(inputs.map((e) => e.share));
      return {
        output: o.id,
        mean: m.mean,
        variance: trials > 1 ? m.sst / (trials - 1) : 0,
        inputs,
        groups: groups.map((g) => ({ id: g.id, share: sumOf(g.inputs.map((i) => inputs[i].share)) })),
        rest: { estimate: Math.max(0, 1 - all.estimate), se: all.se },
      };
    }),
  };
}

/**
 * Trials needed for every share's standard error to fall to ±0.02 (given-data.ts
 * trialsForStableSe), or undefined when they already have.
 */
export function trialsForStableShares(s: GivenDataSensitivity): number | undefined {
  let worst = 0;
  for (const o of s.outputs) for (const e of o.inputs) worst = Math.max(worst, e.share.se);
  return trialsForStableSe(s.trials, worst);
}
