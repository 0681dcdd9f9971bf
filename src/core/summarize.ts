/**
 * Summaries of one scope's values in one year (a column of all trials): mean, type-7
 * percentiles, and for each target on the scope the share at or above its value and the trials
 * reaching it for the first time.
 */
import type { Stats, TargetResult } from '../schema/result.ts';
import { ScenarioError } from './errors.ts';
import type { CompiledModel } from './model.ts';
import { clearPass, PASS_CHUNK, quantilesFromPass, sumAndCount } from './quantile.ts';
import { probabilitySe } from './analysis/paired.ts';
import type { OutputEffects } from './analysis/run-sensitivity.ts';

/** Percentiles reported for every scope and year. */
export const PERCENTILES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;
const STAT_KEYS = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

/** One scope in one year. */
export interface ColumnSummary {
  readonly scope: number;
  readonly step: number;
  readonly mean: number;
  readonly percentiles: readonly number[];
  /** Per target on this scope: trials newly at or above its value, and trials at or above it now. */
  readonly targets: readonly { readonly index: number; readonly newlyReached: number; readonly met: number }[];
}

/** Trials at or above a target [0] and newly so [1] (one column at a time in a thread). */
const reachedState = new Int32Array(2);

/** Counts trials [from, to) at or above `value` into state[0], and marks those reaching it for the first time (counted in state[1]). */
function markReached(column: Float64Array, flags: Uint8Array, value: number, from: number, to: number, state: Int32Array): void {
  let met = state[0];
  let newly = state[1];
  for (let t = from; t < to; t++) {
    if (column[t] >= value) {
      met++;
      if (flags[t] === 0) {
        flags[t] = 1;
        newly++;
      }
    }
  }
  state[0] = met;
  state[1] = newly;
}

/**
 * Summarizes `column` (scope `scope` at step `step`, one value per trial) and updates each
 * target's reached flags (`reached[index]`, one byte per trial). May reorder `column`.
 */
export function summarizeColumn(m: CompiledModel, scope: number, step: number, column: Float64Array, reached: readonly (Uint8Array | undefined)[]): ColumnSummary {
  const n = column.length;
  const pass = sumAndCount(column);
  const sum = pass.sum;
  if (!Number.isFinite(sum)) {
    clearPass(pass);
    let t = 0;
    while (t < n && Number.isFinite(column[t])) t++;
    throw new ScenarioError(
      [
        {
          path: m.scopeIds[scope],
          message: `output overflows (${column[t] ?? sum}) in ${m.years[step]} in trial ${t}: growth assumptions are too large to be meaningful; lower the rates or capacity`,
        },
      ],
      'scenario produces non-finite values',
      'non-finite',
    );
  }
  const targets: ColumnSummary['targets'][number][] = [];
  m.targets.forEach((target, index) => {
    if (target.scopeIndex !== scope || step === 0) return;
    const flags = reached[index] as Uint8Array;
    reachedState[0] = 0;
    reachedState[1] = 0;
    for (let from = 0; from < n; from += PASS_CHUNK) markReached(column, flags, target.value, from, Math.min(n, from + PASS_CHUNK), reachedState);
    targets.push({ index, newlyReached: reachedState[1], met: reachedState[0] });
  });
  return { scope, step, mean: sum / n, percentiles: quantilesFromPass(column, PERCENTILES, pass), targets };
}

/** What a run accumulates year by year. */
export interface Accumulator {
  readonly stats: Stats[];
  /** Per target: trials newly reaching it at each step, and trials meeting it in its year. */
  readonly reachedCount: number[][];
  readonly met: number[];
  /** The free sensitivity's effects by output id. */
  readonly effects: Map<string, OutputEffects>;
}

export function startAccumulator(m: CompiledModel): Accumulator {
  const scopes = m.scopeIds.length;
  const stats = Array.from({ length: scopes }, (): Stats => ({ mean: [], p5: [], p10: [], p25: [], p50: [], p75: [], p90: [], p95: [] }));
  return { stats, reachedCount: m.targets.map(() => new Array<number>(m.steps + 1).fill(0)), met: m.targets.map(() => 0), effects: new Map() };
}

/** Adds a column summary to the accumulator. */
export function addColumn(m: CompiledModel, acc: Accumulator, c: ColumnSummary): void {
  const stats = acc.stats[c.scope];
  stats.mean[c.step] = c.mean;
  STAT_KEYS.forEach((key, j) => {
    stats[key][c.step] = c.percentiles[j];
  });
  for (const t of c.targets) {
    acc.reachedCount[t.index][c.step] = t.newlyReached;
    if (c.step === m.targets[t.index].step) acc.met[t.index] = t.met;
  }
}

/**
 * Adds the free sensitivity's effects on an output of the inputs from `from` on (a worker's share
 * of the inputs: run-sensitivity.ts columnEffects) to the output's effects of every input.
 */
export function addEffects(acc: Accumulator, width: number, part: OutputEffects & { readonly from: number }): void {
  let e = acc.effects.get(part.output);
  if (!e) {
    const blank = () => new Array<number>(width).fill(0);
    e = { output: part.output, mean: part.mean, variance: part.variance, first: blank(), firstSe: blank(), low: blank(), high: blank(), swingSe: blank() };
    acc.effects.set(part.output, e);
  }
  for (const key of ['first', 'firstSe', 'low', 'high', 'swingSe'] as const) part[key].forEach((v, k) => ((e as OutputEffects)[key][part.from + k] = v));
}

/** The partial target results (all but the required uplift). */
export function targetPartials(m: CompiledModel, acc: Accumulator, trials: number): Omit<TargetResult, 'requiredGrowthUplift'>[] {
  return m.targets.map((target, k) => {
    const reachedByYear: Record<string, number> = {};
    let cumulative = 0;
    for (let s = 1; s <= m.steps; s++) {
      cumulative += acc.reachedCount[k][s];
      reachedByYear[String(m.years[s])] = cumulative / trials;
    }
    const p50 = acc.stats[target.scopeIndex].p50[target.step];
    return {
      id: target.id,
      ...(target.label !== undefined ? { label: target.label } : {}),
      year: target.year,
      scope: target.scope,
      value: target.value,
      probability: acc.met[k] / trials,
      probabilitySe: probabilitySe(acc.met[k] / trials, trials),
      p50,
      gapAtMedian: p50 - target.value,
      reachedByYear,
    };
  });
}
