/**
 * A run, year-major: draw every trial's parameters, then for each year advance every trial one
 * step and summarize the year's columns (mean, type-7 percentiles, target checks) before the
 * next year overwrites them; then the required uplift per target and the result of DESIGN.md.
 *
 * The phases (`initRange`, `advanceRange`, `summarizeScopes`, `upliftFor`) are what an executor
 * performs: `runModel` does them in this thread; the Node worker pool does them on several
 * threads over shared buffers. Every trial draws from its own streams, so any split of trials
 * over threads gives the same numbers, bit for bit.
 */
import type { Result, TargetResult } from '../schema/result.ts';
import { initTrials, prepareStep, type ReplaySink } from './kernel/draw.ts';
import { multiplierPlane, replayLength, replayRow, type Layout } from './kernel/layout.ts';
import { allocateState, plainAllocator, type Allocator, type KernelState } from './kernel/state.ts';
import { yearStep, type YearStep } from './kernel/year.ts';
import type { CompiledModel } from './model.ts';
import { addColumn, addEffects, startAccumulator, summarizeColumn, targetPartials, type Accumulator, type ColumnSummary } from './summarize.ts';
import { requiredUplift, upliftMemo, type UpliftMemo } from './uplift.ts';
import type { BinSink } from './kernel/bins.ts';
import { columnEffects, runSensitivity, type OutputEffects } from './analysis/run-sensitivity.ts';

/** Version of the engine's numbers: bump when the same scenario and seed would give other results. */
export const ENGINE_VERSION = '2.1.0';

export { PERCENTILES } from './summarize.ts';
export { attachRunTables, BATCH_COLUMN_BYTES, columnSetsOf, planRun, runBytes, runTables, type RunOptions, type RunPlan } from './run-plan.ts';
import { type RunOptions, type RunPlan, planRun } from './run-plan.ts';
export { RUN_DEFAULTS } from './limits.ts';

/** Everything a run writes while it runs. */
export interface RunBuffers {
  readonly state: KernelState;
  /**
   * Sets of the year's columns, one column per scope: year s writes set s mod sets, then it is
   * summarized. A pool run has two, so a year is summarized while the next is computed.
   */
  readonly columnSets: readonly (readonly Float64Array[])[];
  /** Per target: a byte per trial, set once the target has been reached. */
  readonly reached: readonly Uint8Array[];
  readonly replay: Float64Array | undefined;
  /** The free sensitivity's bin of each input, trials × inputs (its first trials; plan.free). */
  readonly bins: Uint8Array | undefined;
}

/** Allocates a run's buffers with `columnSets` sets of year columns (a pool passes a shared allocator and columnSetsOf(plan)). */
export function allocateRun(plan: RunPlan, alloc: Allocator = plainAllocator, columnSets = 1): RunBuffers {
  const m = plan.model;
  const n = plan.trials;
  const state = allocateState(m, plan.layout, n, plan.keepInputs, alloc);
  const sets = Array.from({ length: columnSets }, () => m.scopeIds.map(() => alloc.f64(n)));
  const reached = m.targets.map(() => new Uint8Array(alloc.i32(Math.ceil(n / 4)).buffer, 0, n).fill(0));
  const replay = plan.replaySteps > 0 ? alloc.f64(replayLength(plan.replay)) : undefined;
  const size = plan.free ? plan.free.trials * plan.free.width : 0;
  const bins = plan.free ? new Uint8Array(alloc.i32(Math.ceil(size / 4)).buffer, 0, size) : undefined;
  return { state, columnSets: sets, reached, replay, bins };
}

const steps = new WeakMap<CompiledModel, YearStep>();

/** This thread's generated year step of the model (recording every scope). */
function stepOf(m: CompiledModel, layout: Layout): YearStep {
  let step = steps.get(m);
  if (!step) {
    step = yearStep(m, layout);
    steps.set(m, step);
  }
  return step;
}

/**
 * The replay sink of a run's buffers: an object literal, not a spread (`{ ...shape, record }` gets
 * a new hidden class at every call, and the drawing code optimized for the last one was thrown
 * away at the next: measured, 15 recompilations of prepareStep per worker in 25 API runs).
 */
function replaySink(plan: RunPlan, buffers: RunBuffers): ReplaySink | undefined {
  const r = plan.replay;
  return buffers.replay
    ? { fields: r.fields, trials: r.trials, steps: r.steps, planes: r.planes, planeOfStep: r.planeOfStep, targets: r.targets, record: buffers.replay }
    : undefined;
}

/** Where the draws write the free sensitivity's bins (RunBuffers.bins), when the run computes it. */
function binSink(plan: RunPlan, buffers: RunBuffers): BinSink | undefined {
  return plan.free && buffers.bins ? { table: buffers.bins, rows: plan.free.trials, bins: plan.free.bins } : undefined;
}

/** Draws trials [from, to) and writes their base-year values (year 0's columns). */
export function initRange(plan: RunPlan, buffers: RunBuffers, from: number, to: number): void {
  const { model, layout, source } = plan;
  initTrials(model, layout, source, buffers.state, from, to, replaySink(plan, buffers), binSink(plan, buffers));
  stepOf(
    model,
    layout,
  )({
    model,
    state: buffers.state,
    cols: columnsOf(buffers, 0),
    from,
    to,
    s: 0,
    eventSeed: source.eventSeed,
    streamTrial: source.streamTrial,
    replay: undefined,
    replayMult: -1,
    replayTrials: 0,
    replayRow: 0,
  });
}

/** Advances trials [from, to) from step s − 1 to s and writes year s's columns. */
export function advanceRange(plan: RunPlan, buffers: RunBuffers, s: number, from: number, to: number): void {
  const { model, layout, source } = plan;
  prepareStep(model, layout, source, buffers.state, s, from, to, replaySink(plan, buffers), binSink(plan, buffers));
  stepOf(
    model,
    layout,
  )({
    model,
    state: buffers.state,
    cols: columnsOf(buffers, s),
    from,
    to,
    s,
    eventSeed: source.eventSeed,
    streamTrial: source.streamTrial,
    replay: buffers.replay,
    replayMult: buffers.replay && s <= plan.replaySteps ? multiplierPlane(plan.replay, s - 1) : -1,
    replayTrials: plan.upliftTrials,
    replayRow: replayRow(plan.replay),
  });
}

/** The columns year s is written to. */
export function columnsOf(buffers: RunBuffers, s: number): readonly Float64Array[] {
  return buffers.columnSets[s % buffers.columnSets.length];
}

/**
 * Summarizes the given scopes' columns of year s. A column the free sensitivity reads is
 * summarized from a copy, so it stays in trial order while other threads read it (freeEffectsAt).
 */
export function summarizeScopes(plan: RunPlan, buffers: RunBuffers, s: number, scopes: readonly number[]): ColumnSummary[] {
  const cols = columnsOf(buffers, s);
  const kept = (k: number) => plan.free?.columns.has(k * (plan.model.steps + 1) + s) === true;
  return scopes.map((k) => summarizeColumn(plan.model, k, s, kept(k) ? cols[k].slice() : cols[k], buffers.reached));
}

/** The free sensitivity's effects of inputs [from, to) on the outputs of year s (none when it has none). */
export function freeEffectsAt(plan: RunPlan, buffers: RunBuffers, s: number, from: number, to: number): (OutputEffects & { from: number })[] {
  const tier = plan.free;
  if (!tier || !buffers.bins || from >= to) return [];
  const cols = columnsOf(buffers, s);
  const out: (OutputEffects & { from: number })[] = [];
  for (let k = 0; k < cols.length; k++) {
    const spec = tier.columns.get(k * (plan.model.steps + 1) + s);
    if (spec) for (const e of columnEffects(tier, buffers.bins, cols[k], spec, from, to)) out.push({ ...e, from });
  }
  return out;
}

/** Adds effects from freeEffectsAt to the accumulator. */
export function addFreeEffects(plan: RunPlan, acc: Accumulator, parts: readonly (OutputEffects & { from: number })[]): void {
  for (const p of parts) addEffects(acc, plan.model.inputs.length, p);
}

/** The uplift trials' values of target `index` in its year (its columns must still hold that year): the search's δ = 0. */
export function targetValues(plan: RunPlan, buffers: RunBuffers, index: number): Float64Array {
  const target = plan.model.targets[index];
  return columnsOf(buffers, target.step)[target.scopeIndex].slice(0, plan.upliftTrials);
}

/** Required growth uplift of target `index` for 50% and 80%, from the replay records and the target's values in its year (targetValues). */
export function upliftFor(plan: RunPlan, index: number, record: Float64Array, atZero: Float64Array): TargetResult['requiredGrowthUplift'] {
  const input = upliftInput(plan, index, record, atZero);
  const memo = upliftMemo(input);
  return { p50: requiredUplift(input, 0.5, memo), p80: requiredUplift(input, 0.8, memo) };
}

/**
 * The required uplifts of the listed targets and probabilities, in order (the same numbers as
 * upliftFor's: the searches of one target share a memo, which only saves replays), once the
 * targets' years are computed and while their columns hold them.
 */
export function upliftsAt(plan: RunPlan, buffers: RunBuffers, searches: readonly { readonly index: number; readonly probability: number }[]): (number | null)[] {
  const memos = new Map<number, { input: ReturnType<typeof upliftInput>; memo: UpliftMemo }>();
  return searches.map(({ index, probability }) => {
    let kept = memos.get(index);
    if (!kept) {
      const input = upliftInput(plan, index, buffers.replay as Float64Array, targetValues(plan, buffers, index));
      kept = { input, memo: upliftMemo(input) };
      memos.set(index, kept);
    }
    return requiredUplift(kept.input, probability, kept.memo);
  });
}

function upliftInput(plan: RunPlan, index: number, record: Float64Array, atZero: Float64Array) {
  return { model: plan.model, target: plan.model.targets[index], record, shape: plan.replay, trials: plan.upliftTrials, atZero };
}

/** The result of DESIGN.md from the accumulated summaries and each target's required uplift. */
export function finishRun(plan: RunPlan, acc: Accumulator, uplifts: readonly TargetResult['requiredGrowthUplift'][]): Result {
  const { model } = plan;
  const C = model.clusters.length;
  const partials = targetPartials(model, acc, plan.trials);
  const central = model.central;
  return {
    scenario: { id: model.scenario.id, title: model.scenario.title },
    meta: {
      engineVersion: ENGINE_VERSION,
      seed: plan.seed,
      trials: plan.trials,
      baseYear: model.baseYear,
      endYear: model.endYear,
      unit: 'CNY_BN',
      durationMs: 0,
      upliftTrials: plan.upliftTrials,
      overrides: model.overrides,
    },
    years: [...model.years],
    total: acc.stats[0],
    clusters: Object.fromEntries(model.clusters.map((c, i) => [c.id, acc.stats[1 + i]])),
    fields: Object.fromEntries(model.fields.map((f, i) => [f.id, acc.stats[1 + C + i]])),
    targets: partials.map((p, k) => ({ ...p, requiredGrowthUplift: uplifts[k] })),
    central: {
      total: [...central[0]],
      clusters: Object.fromEntries(model.clusters.map((c, i) => [c.id, [...central[1 + i]]])),
      fields: Object.fromEntries(model.fields.map((f, i) => [f.id, [...central[1 + C + i]]])),
    },
    ...(plan.free ? { sensitivity: runSensitivity(model, plan.free, acc.effects) } : {}),
  };
}

/** A run's result and, on request, every trial's drawn inputs (trials × model.inputs, row-major). */
export interface RunOutput {
  readonly result: Result;
  readonly inputs: Float64Array | undefined;
}

/** Hooks of a run in this thread (tests and analyses read the trials' values). */
export interface RunHooks {
  /** Called with each year's columns (one per scope index, one value per trial) before they are summarized. */
  readonly onYear?: (step: number, columns: readonly Float64Array[]) => void;
  /** Called after each year with (trials × years done, trials × years in all). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between years: a run whose signal is aborted stops with its reason. */
  readonly signal?: AbortSignal;
  /** Where the run's buffers come from (a Node runner reuses them across runs). */
  readonly allocator?: Allocator;
}

/** Runs a model in this thread. `durationMs` is left 0: adapters that own a clock fill it in. */
export function runModelFull(model: CompiledModel, options: RunOptions = {}, hooks: RunHooks = {}): RunOutput {
  const plan = planRun(model, options);
  const buffers = allocateRun(plan, hooks.allocator);
  const acc = startAccumulator(model);
  const all = model.scopeIds.map((_, k) => k);
  const Y = model.steps;
  // one set of columns: each target's values are taken in its year, before the next overwrites them
  const atZero: Float64Array[] = [];
  for (let s = 0; s <= Y; s++) {
    if (hooks.signal?.aborted) throw hooks.signal.reason instanceof Error ? hooks.signal.reason : new Error('run aborted');
    if (s === 0) initRange(plan, buffers, 0, plan.trials);
    else advanceRange(plan, buffers, s, 0, plan.trials);
    hooks.onYear?.(s, columnsOf(buffers, s));
    addFreeEffects(plan, acc, freeEffectsAt(plan, buffers, s, 0, model.inputs.length));
    for (const c of summarizeScopes(plan, buffers, s, all)) addColumn(model, acc, c);
    model.targets.forEach((t, k) => {
      if (t.step === s) atZero[k] = targetValues(plan, buffers, k);
    });
    hooks.onProgress?.(s + 1, Y + 1);
  }
  const uplifts = model.targets.map((_, k) => upliftFor(plan, k, buffers.replay as Float64Array, atZero[k]));
  return { result: finishRun(plan, acc, uplifts), inputs: buffers.state.inputs };
}

/** Runs a model in this thread and returns its result. */
export function runModel(model: CompiledModel, options: RunOptions = {}): Result {
  return runModelFull(model, options).result;
}
