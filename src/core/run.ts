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
import { drawSource, type DrawDesign, type DrawSource } from './draws.ts';
import { ScenarioError, type Issue } from './errors.ts';
import { initTrials, prepareStep, type ReplaySink } from './kernel/draw.ts';
import { layoutOf, multiplierPlane, replayLength, replayRow, replayShapeOf, type Layout, type ReplayShape } from './kernel/layout.ts';
import { allocateState, plainAllocator, stateBytesPerTrial, type Allocator, type KernelState } from './kernel/state.ts';
import { yearStep, type YearStep } from './kernel/year.ts';
import { grouped } from './format.ts';
import { MAX_TRIALS, RUN_DEFAULTS, SEED_MAX } from './limits.ts';
import type { CompiledModel } from './model.ts';
import { addColumn, startAccumulator, summarizeColumn, targetPartials, type Accumulator, type ColumnSummary } from './summarize.ts';
import { attachSharedTables, attachTables, sharedTables, type SharedTables } from './sampler.ts';
import { requiredUplift, upliftMemo, type UpliftMemo } from './uplift.ts';

/** Every parameter of a model. */
function* modelParams(m: CompiledModel) {
  for (const f of m.fields) {
    yield f.base;
    yield* f.rates;
    if (f.capacity) yield f.capacity;
  }
  for (const l of m.levers) {
    yield l.delivery;
    for (const e of l.effects) yield e.param;
  }
  for (const e of m.events) yield e.impact;
}

/** Version of the engine's numbers: bump when the same scenario and seed would give other results. */
export const ENGINE_VERSION = '2.0.0';

export { PERCENTILES } from './summarize.ts';
export { RUN_DEFAULTS } from './limits.ts';

export interface RunOptions {
  readonly trials?: number;
  /** Seed of the parameter draws (default: the scenario's). */
  readonly seed?: number;
  /** Seed of the annual noise (default: the run's seed). */
  readonly noiseSeed?: number;
  /** Seed of the event occurrences (default: the run's seed). */
  readonly eventSeed?: number;
  readonly upliftTrials?: number;
  /** A draw design: its rows are the trials' input uniforms (see draws.ts). */
  readonly design?: DrawDesign;
  /** Hand back every trial's drawn input values (`RunOutput.inputs`). */
  readonly keepInputs?: boolean;
  /** Most bytes the run may hold (default RUN_DEFAULTS.memoryBudgetBytes); a bigger run is refused. */
  readonly memoryBudgetBytes?: number;
}

export interface RunPlan {
  readonly model: CompiledModel;
  readonly layout: Layout;
  readonly trials: number;
  readonly seed: number;
  readonly source: DrawSource;
  readonly upliftTrials: number;
  readonly replaySteps: number;
  /** The replay record's shape (the first upliftTrials trials, up to the last target's year). */
  readonly replay: ReplayShape;
  readonly keepInputs: boolean;
}

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
}

function wholeNumber(name: string, value: number, min: number, max: number, issues: Issue[]): void {
  if (!Number.isInteger(value) || value < min || value > max) issues.push({ path: name, message: `must be a whole number from ${min} to ${grouped(max)}, got ${value}` });
}

/**
 * Checks run options and plans the run. Throws a ScenarioError on bad options or a bad design.
 * `tables: false` leaves the PERT z-tables to the threads that draw (runTables).
 */
export function planRun(model: CompiledModel, options: RunOptions = {}, tables = true): RunPlan {
  const sim = model.scenario.simulation;
  const design = options.design;
  const designRows = design && design.columns.length > 0 ? design.values.length / design.columns.length : undefined;
  const trials = options.trials ?? (designRows !== undefined && Number.isInteger(designRows) ? designRows : sim.trials);
  const seed = options.seed ?? sim.seed;
  const issues: Issue[] = [];
  wholeNumber('trials', trials, 1, MAX_TRIALS, issues);
  wholeNumber('seed', seed, 0, SEED_MAX, issues);
  const noiseSeed = options.noiseSeed ?? seed;
  const eventSeed = options.eventSeed ?? seed;
  wholeNumber('noiseSeed', noiseSeed, 0, SEED_MAX, issues);
  wholeNumber('eventSeed', eventSeed, 0, SEED_MAX, issues);
  const upliftOption = options.upliftTrials ?? sim.upliftTrials ?? RUN_DEFAULTS.upliftTrials;
  if (!Number.isInteger(upliftOption) || upliftOption < 1) issues.push({ path: 'upliftTrials', message: `must be a whole number ≥ 1, got ${upliftOption}` });
  if (issues.length) throw new ScenarioError(issues, 'invalid run options', 'invalid-option');
  const source = drawSource(model, { seed, noiseSeed, eventSeed }, trials, design);
  if (tables) attachTables(modelParams(model));
  const layout = layoutOf(model);
  const replaySteps = model.targets.reduce((max, t) => Math.max(max, t.step), 0);
  const upliftTrials = Math.min(trials, upliftOption);
  const replay = replayShapeOf(layout, model.fields.length, upliftTrials, replaySteps, model.targets.length);
  const plan: RunPlan = { model, layout, trials, seed, source, upliftTrials, replaySteps, replay, keepInputs: options.keepInputs === true };
  const budget = options.memoryBudgetBytes ?? RUN_DEFAULTS.memoryBudgetBytes;
  const bytes = runBytes(plan);
  if (bytes > budget) {
    // the most trials that fit (their replay records and searches shrink with them below upliftTrials)
    const sized = (n: number) => runBytes({ ...plan, trials: n, upliftTrials: Math.min(n, upliftTrials), replay: { ...replay, trials: Math.min(n, upliftTrials) } });
    let fit = 0;
    for (let step = 2 ** 30; step >= 1; step /= 2) if (fit + step < trials && sized(fit + step) <= budget) fit += step;
    const mib = (b: number) => `${grouped(b / 1048576, b < 10 * 1048576 ? 1 : 0)} MiB`;
    throw new ScenarioError([{ path: 'trials', message: `${grouped(trials)} trials of this scenario need ${mib(bytes)}, over the memory budget of ${mib(budget)}: run at most ${grouped(fit)} trials` }], 'run too large', 'too-large');
  }
  return plan;
}

/** Shared memory in which the threads of a pool run build the model's PERT z-tables together (undefined: none to build). */
export function runTables(model: CompiledModel): SharedTables | undefined {
  return sharedTables(modelParams(model));
}

/** In a thread of a pool run: builds its share of the z-tables and attaches them all to its copy of the model. */
export function attachRunTables(model: CompiledModel, tables: SharedTables): void {
  attachSharedTables(modelParams(model), tables);
}

/**
 * Bytes a run holds while it runs: state, the year's columns (the sets a pool run uses, so a run
 * fits however it runs: columnSetsOf), reached flags, replay records, and the required-uplift
 * searches' memory (each target's values at its year, and two searches at once with their bounds
 * and rows: 20 bytes a trial each).
 */
export function runBytes(plan: RunPlan): number {
  const m = plan.model;
  const perTrial = stateBytesPerTrial(m, plan.layout, plan.keepInputs) + columnSetsOf(plan) * 8 * m.scopeIds.length + m.targets.length;
  const search = m.targets.length > 0 ? plan.upliftTrials * (8 * m.targets.length + 2 * 20) : 0;
  return plan.trials * perTrial + replayLength(plan.replay) * 8 + search;
}

/** Memory for year columns within which a pool run keeps more than two sets, to batch its years. */
export const BATCH_COLUMN_BYTES = 64 * 1024 * 1024;

/**
 * Sets of year columns of a pool run: two at least (a batch of years is computed while the one
 * before is summarized), and as many as fit in BATCH_COLUMN_BYTES, up to one per year (small
 * runs then need few round trips between threads). runBytes counts them whatever runs the run.
 */
export function columnSetsOf(plan: { readonly model: CompiledModel; readonly trials: number }): number {
  const set = 8 * plan.model.scopeIds.length * plan.trials;
  return Math.max(2, Math.min(plan.model.steps + 1, Math.floor(BATCH_COLUMN_BYTES / set)));
}

/** Allocates a run's buffers with `columnSets` sets of year columns (a pool passes a shared allocator and columnSetsOf(plan)). */
export function allocateRun(plan: RunPlan, alloc: Allocator = plainAllocator, columnSets = 1): RunBuffers {
  const m = plan.model;
  const n = plan.trials;
  const state = allocateState(m, plan.layout, n, plan.keepInputs, alloc);
  const sets = Array.from({ length: columnSets }, () => m.scopeIds.map(() => alloc.f64(n)));
  const reached = m.targets.map(() => new Uint8Array(alloc.i32(Math.ceil(n / 4)).buffer, 0, n).fill(0));
  const replay = plan.replaySteps > 0 ? alloc.f64(replayLength(plan.replay)) : undefined;
  return { state, columnSets: sets, reached, replay };
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
  return buffers.replay ? { fields: r.fields, trials: r.trials, steps: r.steps, planes: r.planes, planeOfStep: r.planeOfStep, targets: r.targets, record: buffers.replay } : undefined;
}

/** Draws trials [from, to) and writes their base-year values (year 0's columns). */
export function initRange(plan: RunPlan, buffers: RunBuffers, from: number, to: number): void {
  const { model, layout, source } = plan;
  initTrials(model, layout, source, buffers.state, from, to, replaySink(plan, buffers));
  stepOf(model, layout)({ model, state: buffers.state, cols: columnsOf(buffers, 0), from, to, s: 0, eventSeed: source.eventSeed, streamTrial: source.streamTrial, replay: undefined, replayMult: -1, replayTrials: 0, replayRow: 0 });
}

/** Advances trials [from, to) from step s − 1 to s and writes year s's columns. */
export function advanceRange(plan: RunPlan, buffers: RunBuffers, s: number, from: number, to: number): void {
  const { model, layout, source } = plan;
  prepareStep(model, layout, source, buffers.state, s, from, to, replaySink(plan, buffers));
  stepOf(model, layout)({ model, state: buffers.state, cols: columnsOf(buffers, s), from, to, s, eventSeed: source.eventSeed, streamTrial: source.streamTrial, replay: buffers.replay, replayMult: buffers.replay && s <= plan.replaySteps ? multiplierPlane(plan.replay, s - 1) : -1, replayTrials: plan.upliftTrials, replayRow: replayRow(plan.replay) });
}

/** The columns year s is written to. */
export function columnsOf(buffers: RunBuffers, s: number): readonly Float64Array[] {
  return buffers.columnSets[s % buffers.columnSets.length];
}

/** Summarizes the given scopes' columns of year s (reading them only). */
export function summarizeScopes(plan: RunPlan, buffers: RunBuffers, s: number, scopes: readonly number[]): ColumnSummary[] {
  const cols = columnsOf(buffers, s);
  return scopes.map((k) => summarizeColumn(plan.model, k, s, cols[k], buffers.reached));
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
