/**
 * Runs a compiled model: plans the passes (all scopes in one pass when they fit the memory
 * budget, else a few passes over the same trials, each recording some scopes), has an executor
 * fill each pass's buffers, then summarizes: means and type-7 percentiles per scope and year,
 * target probabilities, reach-by-year, required uplift and the central path.
 */
import type { Result, Stats, TargetResult } from '../schema/result.ts';
import { MAX_TRIALS } from '../schema/scenario.ts';
import { centralPath } from './central.ts';
import type { CompiledModel } from './compile.ts';
import { ScenarioError } from './errors.ts';
import { quantilesInPlace } from './quantile.ts';
import { replayStride, simulateRange, type Sink } from './simulate.ts';
import { requiredUplift, upliftMemo } from './uplift.ts';

/** Version of the engine's numbers: bump when the same scenario and seed would give other results. */
export const ENGINE_VERSION = '1.0.0';

/** Percentiles reported for every scope and year. */
export const PERCENTILES = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;
const STAT_KEYS = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

/** Defaults, in one place. */
export const RUN_DEFAULTS = {
  upliftTrials: 20_000,
  /** Bytes of recorded values per pass; more scopes than fit are split over passes. */
  memoryBudgetBytes: 384 * 1024 * 1024,
} as const;

export interface RunOptions {
  readonly trials?: number;
  readonly seed?: number;
  readonly upliftTrials?: number;
  readonly memoryBudgetBytes?: number;
}

/** One pass: which scopes it records, and whether it records the replay data. */
export interface Pass {
  readonly scopes: readonly number[];
  readonly replay: boolean;
}

export interface RunPlan {
  readonly model: CompiledModel;
  readonly trials: number;
  readonly seed: number;
  readonly upliftTrials: number;
  readonly replaySteps: number;
  readonly passes: readonly Pass[];
}

/** Buffers one pass fills: `scopes[i]` holds scope i (length (Y+1)·trials) or is undefined. */
export interface PassBuffers {
  readonly scopes: (Float64Array | undefined)[];
  readonly replay: Float64Array | undefined;
}

/** Allocates a Float64Array (a worker pool passes one backed by a SharedArrayBuffer). */
export type Allocate = (length: number) => Float64Array;

/** Checks run options and plans the passes. Throws a ScenarioError on bad options. */
export function planRun(model: CompiledModel, options: RunOptions = {}): RunPlan {
  const sim = model.scenario.simulation;
  const trials = options.trials ?? sim.trials;
  const seed = options.seed ?? sim.seed;
  const issues = [];
  if (!Number.isInteger(trials) || trials < 1 || trials > MAX_TRIALS) {
    issues.push({ path: 'trials', message: `must be a whole number from 1 to ${MAX_TRIALS.toLocaleString('en')}, got ${trials}` });
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 4294967295) issues.push({ path: 'seed', message: `must be a whole number from 0 to 4294967295, got ${seed}` });
  const upliftOption = options.upliftTrials ?? sim.upliftTrials ?? RUN_DEFAULTS.upliftTrials;
  if (!Number.isInteger(upliftOption) || upliftOption < 1) issues.push({ path: 'upliftTrials', message: `must be a whole number ≥ 1, got ${upliftOption}` });
  if (issues.length) throw new ScenarioError(issues, 'invalid run options');
  const upliftTrials = Math.min(trials, upliftOption);
  const replaySteps = model.targets.reduce((max, t) => Math.max(max, t.step), 0);
  const scopeCount = 1 + model.clusters.length + model.fields.length;
  const bytesPerScope = (model.steps + 1) * trials * 8;
  const budget = options.memoryBudgetBytes ?? RUN_DEFAULTS.memoryBudgetBytes;
  const perPass = Math.max(1, Math.floor(budget / bytesPerScope));
  const passes: Pass[] = [];
  for (let first = 0; first < scopeCount; first += perPass) {
    const scopes: number[] = [];
    for (let s = first; s < Math.min(scopeCount, first + perPass); s++) scopes.push(s);
    passes.push({ scopes, replay: passes.length === 0 && replaySteps > 0 });
  }
  return { model, trials, seed, upliftTrials, replaySteps, passes };
}

/** Allocates the buffers of one pass. */
export function allocatePass(plan: RunPlan, pass: Pass, allocate: Allocate): PassBuffers {
  const { model, trials } = plan;
  const scopes: (Float64Array | undefined)[] = new Array(1 + model.clusters.length + model.fields.length).fill(undefined);
  for (const s of pass.scopes) scopes[s] = allocate((model.steps + 1) * trials);
  const replay = pass.replay ? allocate(plan.upliftTrials * replayStride(model.fields.length, plan.replaySteps)) : undefined;
  return { scopes, replay };
}

/** The sink for trials [0, trials) over a pass's buffers. */
export function sinkFor(plan: RunPlan, buffers: PassBuffers): Sink {
  return { offset: 0, stride: plan.trials, scopes: buffers.scopes, replay: buffers.replay, replayTrials: plan.upliftTrials, replaySteps: plan.replaySteps };
}

/** What summarizing accumulates across passes. */
export interface RunState {
  readonly stats: (Stats | undefined)[];
  readonly targets: (Omit<TargetResult, 'requiredGrowthUplift'> | undefined)[];
  /** Per target: scope value at the target year for the first upliftTrials trials. */
  readonly atZero: (Float64Array | undefined)[];
  replay: Float64Array | undefined;
}

export function startState(plan: RunPlan): RunState {
  const scopeCount = 1 + plan.model.clusters.length + plan.model.fields.length;
  return { stats: new Array(scopeCount).fill(undefined), targets: plan.model.targets.map(() => undefined), atZero: plan.model.targets.map(() => undefined), replay: undefined };
}

function checkFinite(values: Float64Array, scope: string, year: number): void {
  for (let t = 0; t < values.length; t++) {
    if (!Number.isFinite(values[t])) {
      throw new ScenarioError([{ path: scope, message: `output overflows (${values[t]}) in ${year} in trial ${t}: growth assumptions are too large to be meaningful; lower the rates or capacity` }], 'scenario produces non-finite values');
    }
  }
}

/** What summarizing one scope yields: its stats, and the partial results of targets on it. */
export interface ScopeSummary {
  readonly scope: number;
  readonly stats: Stats;
  readonly targets: readonly { readonly index: number; readonly partial: Omit<TargetResult, 'requiredGrowthUplift'>; readonly atZero: Float64Array }[];
}

/** Summarizes one recorded scope (values at `[step * trials + trial]`). Reorders `buf`. */
export function summarizeScope(plan: RunPlan, scope: number, buf: Float64Array): ScopeSummary {
  const { model, trials: n } = plan;
  for (let s = 0; s <= model.steps; s++) checkFinite(buf.subarray(s * n, (s + 1) * n), model.scopeIds[scope], model.years[s]);
  const targets: ScopeSummary['targets'][number][] = [];
  model.targets.forEach((target, index) => {
    if (target.scopeIndex !== scope) return;
    const column = buf.subarray(target.step * n, (target.step + 1) * n);
    let met = 0;
    for (let t = 0; t < n; t++) if (column[t] >= target.value) met++;
    const firstReached = new Int32Array(model.steps + 2);
    for (let t = 0; t < n; t++) {
      let s = 1;
      while (s <= model.steps && !(buf[s * n + t] >= target.value)) s++;
      firstReached[s]++;
    }
    const reachedByYear: Record<string, number> = {};
    let cumulative = 0;
    for (let s = 1; s <= model.steps; s++) {
      cumulative += firstReached[s];
      reachedByYear[String(model.years[s])] = cumulative / n;
    }
    const p50 = quantilesInPlace(column.slice(), [0.5])[0];
    targets.push({
      index,
      atZero: column.slice(0, plan.upliftTrials),
      partial: {
        id: target.id,
        ...(target.label !== undefined ? { label: target.label } : {}),
        year: target.year,
        scope: target.scope,
        value: target.value,
        probability: met / n,
        p50,
        gapAtMedian: p50 - target.value,
        reachedByYear,
      },
    });
  });
  const stats: Stats = { mean: [], p5: [], p10: [], p25: [], p50: [], p75: [], p90: [], p95: [] };
  for (let s = 0; s <= model.steps; s++) {
    const column = buf.subarray(s * n, (s + 1) * n);
    let sum = 0;
    for (let t = 0; t < n; t++) sum += column[t];
    stats.mean.push(sum / n);
    const qs = quantilesInPlace(column, PERCENTILES);
    STAT_KEYS.forEach((key, j) => stats[key].push(qs[j]));
  }
  return { scope, stats, targets };
}

/** Records a scope summary in the run state. */
export function addSummary(state: RunState, summary: ScopeSummary): void {
  state.stats[summary.scope] = summary.stats;
  for (const t of summary.targets) {
    state.targets[t.index] = t.partial;
    state.atZero[t.index] = t.atZero;
  }
}

/** Summarizes the scopes a pass recorded. Reorders the pass's buffers (they are spent afterwards). */
export function summarizePass(plan: RunPlan, state: RunState, pass: Pass, buffers: PassBuffers): void {
  if (buffers.replay) state.replay = buffers.replay;
  for (const scope of pass.scopes) {
    const buf = buffers.scopes[scope];
    if (buf) addSummary(state, summarizeScope(plan, scope, buf));
  }
}

/** Required growth uplift of target `index` for 50% and 80%, from the replay records. */
export function upliftFor(plan: RunPlan, index: number, record: Float64Array, atZero: Float64Array): TargetResult['requiredGrowthUplift'] {
  const { model } = plan;
  const input = { model, target: model.targets[index], record, recordStride: replayStride(model.fields.length, plan.replaySteps), replaySteps: plan.replaySteps, trials: plan.upliftTrials, atZero };
  const memo = upliftMemo(input);
  return { p50: requiredUplift(input, 0.5, memo), p80: requiredUplift(input, 0.8, memo) };
}

/** Finishes a run: required uplift per target (unless given), central path, and the result of DESIGN.md. */
export function finishRun(plan: RunPlan, state: RunState, uplifts?: readonly TargetResult['requiredGrowthUplift'][]): Result {
  const { model } = plan;
  const C = model.clusters.length;
  const targets: TargetResult[] = model.targets.map((target, k) => {
    const partial = state.targets[k];
    const atZero = state.atZero[k];
    if (!partial || !atZero) throw new Error(`target ${target.id} was not summarized`);
    if (uplifts?.[k]) return { ...partial, requiredGrowthUplift: uplifts[k] };
    if (!state.replay) throw new Error('no replay records for the required uplift');
    return { ...partial, requiredGrowthUplift: upliftFor(plan, k, state.replay, atZero) };
  });
  const central = centralPath(model);
  const stat = (i: number): Stats => {
    const s = state.stats[i];
    if (!s) throw new Error(`scope ${model.scopeIds[i]} was not summarized`);
    return s;
  };
  const result: Result = {
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
    total: stat(0),
    clusters: Object.fromEntries(model.clusters.map((c, i) => [c.id, stat(1 + i)])),
    fields: Object.fromEntries(model.fields.map((f, i) => [f.id, stat(1 + C + i)])),
    targets,
    central: {
      total: [...central[0]],
      clusters: Object.fromEntries(model.clusters.map((c, i) => [c.id, [...central[1 + i]]])),
      fields: Object.fromEntries(model.fields.map((f, i) => [f.id, [...central[1 + C + i]]])),
    },
  };
  assertFinite(result, '');
  return result;
}

/** Throws a ScenarioError at the first number in the result that is not finite (a sum or the central path overflowed). */
function assertFinite(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new ScenarioError([{ path: path || 'result', message: `is ${value}: the growth assumptions produce numbers too large to be meaningful; lower the rates or capacities` }], 'scenario produces non-finite values');
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertFinite(v, path ? `${path}.${k}` : k);
}

/** Runs a model in this thread. `durationMs` is left 0: adapters that own a clock fill it in. */
export function runModel(model: CompiledModel, options: RunOptions = {}): Result {
  const plan = planRun(model, options);
  const state = startState(plan);
  for (const pass of plan.passes) {
    const buffers = allocatePass(plan, pass, (length) => new Float64Array(length));
    simulateRange(model, plan.seed, 0, plan.trials, sinkFor(plan, buffers));
    summarizePass(plan, state, pass, buffers);
  }
  return finishRun(plan, state);
}
