/**
 * Planning a run: its options checked (trials, seeds, the uplift search's trials, a draw design)
 * and its memory counted against the budget before anything is allocated (run.ts runs the plan).
 */
import { drawSource, type DrawDesign, type DrawSource } from './draws.ts';
import { ScenarioError, type Issue } from './errors.ts';
import { grouped } from './format.ts';
import { layoutOf, replayLength, replayShapeOf, type Layout, type ReplayShape } from './kernel/layout.ts';
import { stateBytesPerTrial } from './kernel/state.ts';
import { MAX_TRIALS, RUN_DEFAULTS, SEED_MAX } from './limits.ts';
import type { CompiledModel } from './model.ts';
import { attachSharedTables, attachTables, sharedTables, type SharedTables } from './sampler.ts';
import { freeTierOf, type FreeTier } from './analysis/run-sensitivity.ts';

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
  /** Compute the free sensitivity (result.sensitivity; default true; analyses that read the trials themselves turn it off). */
  readonly sensitivity?: boolean;
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
  /** The free sensitivity's plan (analysis/run-sensitivity.ts), when the run computes it. */
  readonly free: FreeTier | undefined;
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
  const free = options.sensitivity === false ? undefined : freeTierOf(model, trials, layout.firstStep);
  const plan: RunPlan = { model, layout, trials, seed, source, upliftTrials, replaySteps, replay, keepInputs: options.keepInputs === true, free };
  const budget = options.memoryBudgetBytes ?? RUN_DEFAULTS.memoryBudgetBytes;
  const bytes = runBytes(plan);
  if (bytes > budget) {
    // the most trials that fit (their replay records and searches shrink with them below upliftTrials)
    const sized = (n: number) =>
      runBytes({
        ...plan,
        trials: n,
        upliftTrials: Math.min(n, upliftTrials),
        replay: { ...replay, trials: Math.min(n, upliftTrials) },
        free: free && { ...free, trials: Math.min(n, free.trials) },
      });
    let fit = 0;
    for (let step = 2 ** 30; step >= 1; step /= 2) if (fit + step < trials && sized(fit + step) <= budget) fit += step;
    const mib = (b: number) => `${grouped(b / 1048576, b < 10 * 1048576 ? 1 : 0)} MiB`;
    throw new ScenarioError(
      [
        {
          path: 'trials',
          message: `${grouped(trials)} trials of this scenario need ${mib(bytes)}, over the memory budget of ${mib(budget)}: run at most ${grouped(fit)} trials`,
        },
      ],
      'run too large',
      'too-large',
    );
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
 * fits however it runs: columnSetsOf), reached flags, replay records, the free sensitivity's bin
 * table (a byte per input per trial of its first trials), and the required-uplift
 * searches' memory (each target's values at its year, and two searches at once with their bounds
 * and rows: 20 bytes a trial each).
 */
export function runBytes(plan: RunPlan): number {
  const m = plan.model;
  const perTrial = stateBytesPerTrial(m, plan.layout, plan.keepInputs) + columnSetsOf(plan) * 8 * m.scopeIds.length + m.targets.length;
  const search = m.targets.length > 0 ? plan.upliftTrials * (8 * m.targets.length + 2 * 20) : 0;
  const bins = plan.free ? plan.free.trials * plan.free.width : 0;
  return plan.trials * perTrial + replayLength(plan.replay) * 8 + search + bins;
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
