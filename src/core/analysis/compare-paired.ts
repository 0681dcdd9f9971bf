/**
 * Paired comparison of two scenarios (issue 11): both run on the same random numbers (the same
 * seed and trials: each parameter's draw is keyed by its path, so trial j is the same world in
 * both), then trial by trial b − a for every output both have, the change in each target's
 * probability with its paired standard error, and, when they have the same fields, the gap in
 * each output's mean (a target's probability) split into channels by Shapley values over the 2⁵
 * hybrids of channels.ts, which do not depend on the order the channels are switched in.
 */
import { compileScenario } from '../compile.ts';
import type { RunOptions } from '../run.ts';
import { CHANNELS, channelMismatch, hybrid, type Channel, type Side } from './channels.ts';
import { headlineOutputs, type AnalysisOutput } from './output-ids.ts';
import { evaluateOutputs } from './outputs.ts';
import { pairedDifference, probabilityChange, type PairedDifference, type ProbabilityChange } from './paired.ts';
import { shapleyValues } from './shapley.ts';

interface PairedOutput {
  readonly output: string;
  readonly kind: 'target' | 'value';
  /** Means (a target: its probability) on each side. */
  readonly a: number;
  readonly b: number;
  readonly difference?: PairedDifference;
  readonly probability?: ProbabilityChange;
  /** The gap b − a in the mean split by channel (absent when the sides cannot be split). */
  readonly channels?: Readonly<Record<Channel, number>>;
}

export interface PairedComparison {
  readonly trials: number;
  readonly seed: number;
  readonly outputs: readonly PairedOutput[];
  /** Why there is no decomposition into channels, when there is none. */
  readonly noChannels?: string;
  /** Model evaluations (trials) used. */
  readonly evaluations: number;
}

const meanOf = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;

/** Compares b with a over their common outputs (a's ids; a target must have the same scope, year and value on both sides). */
export function pairedComparison(
  a: Side,
  b: Side,
  options: RunOptions & { readonly trials: number; readonly seed: number; readonly decompose?: boolean },
  signal?: AbortSignal,
): PairedComparison {
  const ma = compileScenario(a.scenario, a.overrides);
  const mb = compileScenario(b.scenario, b.overrides);
  const key = (o: AnalysisOutput) => `${o.id}|${o.scopeIndex}|${o.step}|${o.threshold ?? ''}`;
  const inB = new Set(headlineOutputs(mb).map(key));
  const outputs = headlineOutputs(ma).filter((o) => inB.has(key(o)));
  const run = (side: Side, model = compileScenario(side.scenario, side.overrides)) => evaluateOutputs(model, outputs, options, signal).values;
  const va = run(a, ma);
  const vb = run(b, mb);
  let evaluations = 2 * options.trials;
  const mismatch = options.decompose === false ? 'not asked for' : channelMismatch(a.scenario, b.scenario);
  let parts: number[][] | undefined;
  if (!mismatch) {
    const full = (1 << CHANNELS.length) - 1;
    const means = new Map<number, number[]>([
      [0, va.map(meanOf)],
      [full, vb.map(meanOf)],
    ]);
    for (let mask = 1; mask < full; mask++) {
      means.set(mask, run(hybrid(a, b, mask)).map(meanOf));
      evaluations += options.trials;
    }
    parts = outputs.map((_, k) => shapleyValues(CHANNELS.length, (mask) => (means.get(mask) as number[])[k]));
  }
  return {
    trials: options.trials,
    seed: options.seed,
    evaluations,
    ...(mismatch ? { noChannels: mismatch } : {}),
    outputs: outputs.map((o, k): PairedOutput => ({
      output: o.id,
      kind: o.kind,
      a: meanOf(va[k]),
      b: meanOf(vb[k]),
      ...(o.kind === 'target' ? { probability: probabilityChange(va[k], vb[k], 0.5) } : { difference: pairedDifference(va[k], vb[k]) }),
      ...(parts ? { channels: Object.fromEntries(CHANNELS.map((c, i) => [c, parts[k][i]])) as Record<Channel, number> } : {}),
    })),
  };
}
