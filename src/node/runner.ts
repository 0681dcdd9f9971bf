/**
 * Runs scenarios from Node: in this thread for small runs, on a worker pool for large ones (the
 * pool simulates chunks of trials, summarizes scopes and searches required uplifts in parallel),
 * with progress reports and the run's wall time. Same scenario, seed and trials give the same
 * result either way.
 */
import { compileScenario, type CompiledModel, type Overrides } from '../core/compile.ts';
import { addSummary, allocatePass, finishRun, planRun, sinkFor, startState, summarizePass, type RunOptions, type RunPlan, type RunState, type ScopeSummary } from '../core/run.ts';
import { simulateRange } from '../core/simulate.ts';
import type { Result, TargetResult } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import { BufferArena } from './arena.ts';
import type { WorkerPool } from './pool.ts';

export interface NodeRunOptions extends RunOptions {
  readonly overrides?: Overrides;
  /** Runs on this pool when given (and trials ≥ minTrialsForPool). */
  readonly pool?: WorkerPool;
  /** Smaller runs stay in this thread: the hand-off to workers costs more than it saves. Default 20,000. */
  readonly minTrialsForPool?: number;
  /** Called with (trials done, trials in all passes). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborts the run (pool runs stop their workers' tasks; in-thread runs stop between chunks). */
  readonly signal?: AbortSignal;
  /** The scenario already compiled with these overrides (a caller that validated first), so it is not compiled twice. */
  readonly model?: CompiledModel;
}

let nextGroup = 1;

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('run aborted');
}

const CHUNK = 5000;
const localArena = new BufferArena(false);
const sharedArena = new BufferArena(true);

function inThisThread(plan: RunPlan, state: RunState, onProgress: NodeRunOptions['onProgress'], signal: AbortSignal | undefined): void {
  const total = plan.trials * plan.passes.length;
  let done = 0;
  for (const pass of plan.passes) {
    const buffers = allocatePass(plan, pass, (length) => localArena.take(length));
    const sink = sinkFor(plan, buffers);
    for (let start = 0; start < plan.trials; start += CHUNK) {
      const end = Math.min(plan.trials, start + CHUNK);
      if (signal?.aborted) throw abortReason(signal);
      simulateRange(plan.model, plan.seed, start, end, sink);
      done += end - start;
      onProgress?.(done, total);
    }
    summarizePass(plan, state, pass, buffers);
    localArena.give(buffers.scopes); // the replay records stay with the state until the uplift search
  }
}

async function onPool(pool: WorkerPool, plan: RunPlan, state: RunState, scenario: Scenario, overrides: Overrides, options: NodeRunOptions): Promise<TargetResult['requiredGrowthUplift'][]> {
  const { onProgress, signal } = options;
  const group = nextGroup++;
  const base = { group, modelKey: JSON.stringify([scenario, overrides]), scenario, overrides, options: { trials: plan.trials, seed: plan.seed, upliftTrials: options.upliftTrials } };
  if (signal?.aborted) throw abortReason(signal);
  const onAbort = () => pool.cancel(group, abortReason(signal as AbortSignal));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await poolPasses(pool, plan, state, base, onProgress);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

type TaskBase = { group: number; modelKey: string; scenario: Scenario; overrides: Overrides; options: RunOptions };

async function poolPasses(pool: WorkerPool, plan: RunPlan, state: RunState, base: TaskBase, onProgress: NodeRunOptions['onProgress']): Promise<TargetResult['requiredGrowthUplift'][]> {
  const total = plan.trials * plan.passes.length;
  let done = 0;
  let replay: Float64Array | undefined;
  for (const pass of plan.passes) {
    const buffers = allocatePass(plan, pass, (length) => sharedArena.take(length));
    replay ??= buffers.replay;
    const chunks = Math.max(pool.size, Math.min(pool.size * 8, Math.ceil(plan.trials / CHUNK)));
    const size = Math.ceil(plan.trials / chunks);
    const tasks: Promise<unknown>[] = [];
    for (let start = 0; start < plan.trials; start += size) {
      const end = Math.min(plan.trials, start + size);
      const task = {
        ...base,
        kind: 'simulate' as const,
        start,
        end,
        scopes: buffers.scopes.map((b) => b?.buffer as SharedArrayBuffer | undefined),
        replay: buffers.replay?.buffer as SharedArrayBuffer | undefined,
      };
      tasks.push(
        pool.run(task).then(() => {
          done += end - start;
          onProgress?.(done, total);
        }),
      );
    }
    await Promise.all(tasks);
    const summaries = await Promise.all(
      pass.scopes.map((scope) => pool.run<ScopeSummary>({ ...base, kind: 'summarize', scope, buffer: buffers.scopes[scope]?.buffer as SharedArrayBuffer })),
    );
    summaries.forEach((s) => addSummary(state, s));
    sharedArena.give(buffers.scopes);
  }
  if (!plan.model.targets.length) return [];
  if (!replay) throw new Error('no replay records for the required uplift');
  const record = replay;
  const uplifts = await Promise.all(
    plan.model.targets.map((_, index) =>
      pool.run<TargetResult['requiredGrowthUplift']>({ ...base, kind: 'uplift', index, replay: record.buffer as SharedArrayBuffer, atZero: state.atZero[index] as Float64Array }),
    ),
  );
  sharedArena.give([record]);
  return uplifts;
}

/** Compiles and runs a scenario; throws a ScenarioError on bad input. */
export async function runScenario(scenario: Scenario, options: NodeRunOptions = {}): Promise<Result> {
  const started = performance.now();
  const overrides = options.overrides ?? {};
  const model = options.model ?? compileScenario(scenario, overrides);
  const plan = planRun(model, options);
  const state = startState(plan);
  let result: Result;
  // a pool of any size keeps the caller's thread free (the API passes one); the CLI only makes one for 2+ workers
  if (options.pool && plan.trials >= (options.minTrialsForPool ?? 20_000)) {
    const uplifts = await onPool(options.pool, plan, state, scenario, overrides, options);
    result = finishRun(plan, state, uplifts);
  } else {
    inThisThread(plan, state, options.onProgress, options.signal);
    result = finishRun(plan, state);
    if (state.replay) localArena.give([state.replay]);
  }
  return { ...result, meta: { ...result.meta, durationMs: Math.round((performance.now() - started) * 10) / 10 } };
}

/** Compiles only (validation), throwing a ScenarioError listing every problem. */
export function validateScenario(scenario: Scenario, overrides: Overrides = {}): CompiledModel {
  return compileScenario(scenario, overrides);
}
