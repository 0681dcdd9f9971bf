/**
 * The sensitivity every run computes for free (issue 11, tier 1), while it summarizes its years:
 * for each target's success, the total in the target years (the end year when there is no
 * target) and a target's own scope in its year, every input's first-order variance share and
 * tornado bar from the run's own first trials (up to SENSITIVITY_TRIALS_MAX), by the given-data
 * estimator of given-data.ts, each with its Monte Carlo standard error; groups' shares are their
 * members' sums. Each output costs a pass over inputs × trials (measured: about 2.6 ns a trial
 * and input for a value), so clusters and fields are explained on request (sensitivity.ts over
 * the same estimator), not on every run.
 *
 * Each trial's bin of each input (which of M equal-probability bins its quantile falls in) is
 * written where the input is first drawn (kernel/bins.ts), into an inputs × trials byte table; a
 * year's column is then read once per input drawn by that year, adding its values to the input's
 * bins (summarizeColumn); an input first drawn later cannot move it, and explains none of it.
 * Both are splits by trial or by scope, so a pool's workers do them in parallel with the same numbers.
 */
import type { RunSensitivity } from '../../schema/result.ts';
import { SENSITIVITY_TRIALS_MAX } from '../limits.ts';
import type { CompiledModel } from '../model.ts';
import { binCount, momentsOf, shareOf, sumOf, tornadoOf, trialsForStableSe, type BinSums, type Moments } from './given-data.ts';
import { headlineOutputs } from './output-ids.ts';
import { groupOf, parameterGroups } from './parameters.ts';

/** What is explained in one scope's column of one year: its value, and the targets on it. */
export interface FreeColumn {
  readonly step: number;
  /** The output id of the column's value (`total@2030`), when it is one. */
  readonly value?: string;
  readonly targets: readonly { readonly output: string; readonly threshold: number }[];
}

/** A run's plan of its free sensitivity. */
export interface FreeTier {
  /** Trials 0 … trials − 1 are used. */
  readonly trials: number;
  readonly bins: number;
  /** Inputs (model.inputs.length): the bin table's row width. */
  readonly width: number;
  /** Per input, the step of its first draw, when its bins are written (layout.firstStep; a common factor's is 0). */
  readonly drawnAt: Int32Array;
  /** By `scope · (steps + 1) + step`. */
  readonly columns: ReadonlyMap<number, FreeColumn>;
  /** Output ids in the result's order. */
  readonly outputs: readonly string[];
}

/** The free sensitivity of a run of `trials` trials, or undefined when the model has no uncertain input. */
export function freeTierOf(model: CompiledModel, trials: number, drawnAt: Int32Array): FreeTier | undefined {
  if (model.inputs.length === 0 || trials < 2) return undefined;
  const used = Math.min(trials, SENSITIVITY_TRIALS_MAX);
  const own = new Set(model.targets.map((t) => `${t.scopeIndex}@${t.step}`));
  const outputs = headlineOutputs(model).filter((o) => o.kind === 'target' || o.scopeIndex === 0 || own.has(`${o.scopeIndex}@${o.step}`));
  const columns = new Map<number, { step: number; value?: string; targets: { output: string; threshold: number }[] }>();
  for (const o of outputs) {
    const key = o.scopeIndex * (model.steps + 1) + o.step;
    const column = columns.get(key) ?? { step: o.step, targets: [] };
    if (o.kind === 'value') column.value = o.id;
    else column.targets.push({ output: o.id, threshold: o.threshold as number });
    columns.set(key, column);
  }
  return { trials: used, bins: binCount(used), width: model.inputs.length, drawnAt: drawnSteps(model, drawnAt), columns, outputs: outputs.map((o) => o.id) };
}

/**
 * Each input's first step, or one past the end for an input nothing draws (the impact of an event
 * switched off stays among the inputs, so results list the same inputs, but is never drawn).
 */
function drawnSteps(model: CompiledModel, firstStep: Int32Array): Int32Array {
  const drawn = new Uint8Array(model.inputs.length);
  const mark = (p: { readonly input: number } | undefined) => {
    if (p && p.input >= 0) drawn[p.input] = 1;
  };
  for (const f of model.fields) [f.base, ...f.rates, f.capacity].forEach(mark);
  for (const l of model.levers) [l.delivery, ...l.effects.map((e) => e.param)].forEach(mark);
  for (const e of model.events) mark(e.impact);
  for (const i of model.copulaInputs) drawn[i] = 1;
  return Int32Array.from(firstStep, (s, i) => (drawn[i] ? s : model.steps + 1));
}

/** One output's effects, aligned with model.inputs. */
export interface OutputEffects {
  readonly output: string;
  readonly mean: number;
  readonly variance: number;
  readonly first: number[];
  readonly firstSe: number[];
  readonly low: number[];
  readonly high: number[];
  readonly swingSe: number[];
}

/** Each input's trials per bin, counted once per bin table and input (every column of a run has the same). */
const countsOf = new WeakMap<Uint8Array, (Float64Array | undefined)[]>();

function countsAt(tier: FreeTier, bins: Uint8Array, input: number): Float64Array {
  let all = countsOf.get(bins);
  if (!all) countsOf.set(bins, (all = []));
  let c = all[input];
  if (!c) {
    c = new Float64Array(tier.bins);
    addCounts(bins, input * tier.trials, tier.trials, c);
    all[input] = c;
  }
  return c;
}

function addCounts(bins: Uint8Array, row: number, n: number, count: Float64Array): void {
  for (let j = 0; j < n; j++) count[bins[row + j]] += 1;
}

/** Adds one input's row of trials [0, n) to its bins' sums and sums of squares (a leaf loop). */
function addValues(bins: Uint8Array, row: number, column: Float64Array, n: number, sum: Float64Array, square: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const b = bins[row + j];
    const v = column[j];
    sum[b] += v;
    square[b] += v * v;
  }
}

/** addValues and addHits in one pass (a column holding a value and a target: the total in a target's year). */
function addValuesAndHits(bins: Uint8Array, row: number, column: Float64Array, n: number, sum: Float64Array, square: Float64Array, threshold: number, hits: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const b = bins[row + j];
    const v = column[j];
    sum[b] += v;
    square[b] += v * v;
    hits[b] += v >= threshold ? 1 : 0;
  }
}

/** Adds one input's row of trials [0, n) at or above a threshold to its bins (a leaf loop). */
function addHits(bins: Uint8Array, row: number, column: Float64Array, n: number, threshold: number, hits: Float64Array): void {
  for (let j = 0; j < n; j++) if (column[j] >= threshold) hits[bins[row + j]] += 1;
}

/** Scratch per-bin sums of one input (refilled input by input). */
const scratch = { sum: new Float64Array(0), square: new Float64Array(0), hits: new Float64Array(0) };

/**
 * The effects of inputs [from, to) on the outputs of one column (its first tier.trials trials, in
 * trial order: read it before anything reorders it), from the bin table `bins` (inputs × trials).
 * Each input's effects are the same whoever computes them, so a pool splits the inputs.
 */
export function columnEffects(tier: FreeTier, bins: Uint8Array, column: Float64Array, spec: FreeColumn, from = 0, to = tier.width): OutputEffects[] {
  const n = tier.trials;
  const B = tier.bins;
  if (scratch.sum.length !== B) {
    scratch.sum = new Float64Array(B);
    scratch.square = new Float64Array(B);
    scratch.hits = new Float64Array(B);
  }
  const { sum, square, hits } = scratch;
  const value = spec.value ? blank(spec.value, momentsOf(column.subarray(0, n))) : undefined;
  const targets = spec.targets.map((t) => {
    let met = 0;
    for (let j = 0; j < n; j++) if (column[j] >= t.threshold) met++;
    const p = met / n;
    return { threshold: t.threshold, effects: blank(t.output, { n, mean: p, sst: n * p * (1 - p) }) };
  });
  for (let i = from; i < to; i++) {
    if (tier.drawnAt[i] > spec.step) {
      // drawn after this year: it cannot have moved the column
      for (const t of targets) none(t.effects);
      if (value) none(value);
      continue;
    }
    const row = i * n;
    const c = countsAt(tier, bins, i);
    if (value) {
      sum.fill(0);
      square.fill(0);
      const fused = targets[0];
      if (fused) {
        hits.fill(0);
        addValuesAndHits(bins, row, column, n, sum, square, fused.threshold, hits);
        push(fused.effects, { count: c, sum: hits, square: hits });
      } else addValues(bins, row, column, n, sum, square);
      push(value, { count: c, sum, square });
    }
    for (const t of value ? targets.slice(1) : targets) {
      hits.fill(0);
      addHits(bins, row, column, n, t.threshold, hits);
      // a success is 0 or 1, so its sum of squares per bin is its sum
      push(t.effects, { count: c, sum: hits, square: hits });
    }
  }
  return [...targets.map((t) => t.effects.e), ...(value ? [value.e] : [])];
}

/** An output's effects to be filled input by input. */
function blank(output: string, m: Moments): { e: OutputEffects; m: Moments } {
  return { e: { output, mean: m.mean, variance: m.n > 1 ? m.sst / (m.n - 1) : 0, first: [], firstSe: [], low: [], high: [], swingSe: [] }, m };
}

/** Appends a share of exactly 0 and a bar of no swing at the mean for the next input. */
function none({ e }: { e: OutputEffects }): void {
  e.first.push(0);
  e.firstSe.push(0);
  e.low.push(e.mean);
  e.high.push(e.mean);
  e.swingSe.push(0);
}

/** Appends the next input's share and tornado bar from its bin sums. */
function push({ e, m }: { e: OutputEffects; m: Moments }, s: BinSums): void {
  const share = shareOf(s, m);
  const bar = tornadoOf(s);
  e.first.push(share.estimate);
  e.firstSe.push(share.se);
  e.low.push(bar.low);
  e.high.push(bar.high);
  e.swingSe.push(bar.swing.se);
}

/** The run's result.sensitivity from every output's effects (by output id). */
export function runSensitivity(model: CompiledModel, tier: FreeTier, effects: ReadonlyMap<string, OutputEffects>): RunSensitivity {
  const groups = parameterGroups(model).filter((g) => !g.stream);
  let worst = 0;
  for (const e of effects.values()) for (const se of e.firstSe) worst = Math.max(worst, se);
  const needed = trialsForStableSe(tier.trials, worst);
  return {
    method: 'given-data',
    trials: tier.trials,
    bins: tier.bins,
    ...(needed ? { trialsNeeded: needed } : {}),
    inputs: model.inputs.map((input, i) => ({ path: input.path, group: groupOf(model, i) })),
    groups: groups.map((g) => g.id),
    outputs: tier.outputs.map((id) => {
      const e = effects.get(id) as OutputEffects;
      const at = (i: number) => ({ estimate: e.first[i], se: e.firstSe[i] });
      const shares = groups.map((g) => sumOf(g.inputs.map(at)));
      const all = sumOf(model.inputs.map((_, i) => at(i)));
      return {
        ...e,
        groupFirst: shares.map((x) => x.estimate),
        groupSe: shares.map((x) => x.se),
        // an output that never varies has nothing to explain: no rest either
        rest: e.variance > 0 ? Math.max(0, 1 - all.estimate) : 0,
        restSe: e.variance > 0 ? all.se : 0,
      };
    }),
  };
}
