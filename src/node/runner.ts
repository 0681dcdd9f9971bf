/**
 * Runs scenarios from Node: in this thread for small runs, on a worker pool for large ones (the
 * pool's workers draw and advance ranges of trials year by year, and summarize each year's
 * columns while the next year is computed), with progress reports and the run's wall time.
 * Same scenario, seed and trials give the same result either way.
 */
import { compileScenario, type CompiledModel, type Overrides } from '../core/compile.ts';
import { allocateRun, COLUMN_SETS, finishRun, planRun, runBytes, runModelFull, runTables, type RunOptions, type RunPlan } from '../core/run.ts';
import { addColumn, startAccumulator, type ColumnSummary } from '../core/summarize.ts';
import type { Result, TargetResult } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import { BufferArena } from './arena.ts';
import type { WorkerPool } from './pool.ts';
import { RUN_DEFAULTS } from '../core/limits.ts';

const localArena = new BufferArena(false);
/** Runs from this size touch their fresh shared buffers in one thread before the workers start. */
const PREFAULT_BYTES = 256 * 1024 * 1024;
const sharedArena = new BufferArena(true);

export interface NodeRunOptions extends RunOptions {
  readonly overrides?: Overrides;
  /** Runs on this pool when given (and trials ≥ minTrialsForPool). */
  readonly pool?: WorkerPool;
  /** Smaller runs stay in this thread: the hand-off to workers costs more than it saves (default RUN_DEFAULTS.minTrialsForPool). */
  readonly minTrialsForPool?: number;
  /** Called with (steps done, steps in all). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborts the run (pool runs stop their workers' tasks; in-thread runs stop between years). */
  readonly signal?: AbortSignal;
  /** The scenario already compiled with these overrides (a caller that validated first), so it is not compiled twice. */
  readonly model?: CompiledModel;
}

let nextGroup = 1;

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('run aborted');
}

/** Splits [0, n) into `parts` ranges of nearly equal length. */
function ranges(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  const size = Math.ceil(n / parts);
  for (let from = 0; from < n; from += size) out.push([from, Math.min(n, from + size)]);
  return out;
}

/** Scope indices in `parts` groups of nearly equal size. */
function scopeGroups(count: number, parts: number): number[][] {
  const out: number[][] = Array.from({ length: Math.min(parts, count) }, () => []);
  for (let k = 0; k < count; k++) out[k % out.length].push(k);
  return out;
}

async function onPool(pool: WorkerPool, plan: RunPlan, options: NodeRunOptions): Promise<Result> {
  const { model } = plan;
  const { onProgress, signal } = options;
  const group = nextGroup++;
  // fresh shared memory is faulted in by this thread first for big runs (measured: a million
  // trials on two workers 8.0 s → 4.3 s); at 100k trials it is no faster, so small runs skip it
  const lease = sharedArena.lease(runBytes(plan) >= PREFAULT_BYTES);
  const buffers = allocateRun(plan, lease.alloc, COLUMN_SETS);
  const design = options.design;
  const sharedDesign = design && { ...design, values: new Float64Array(new SharedArrayBuffer(design.values.byteLength)) };
  if (design && sharedDesign) sharedDesign.values.set(design.values);
  const runOptions: RunOptions = { trials: plan.trials, seed: plan.seed, noiseSeed: plan.source.noiseSeed, eventSeed: plan.source.eventSeed, upliftTrials: plan.upliftTrials, keepInputs: plan.keepInputs, design: sharedDesign };
  pool.open(group, { model, options: runOptions, buffers, tables: runTables(model) });
  if (signal?.aborted) throw abortReason(signal);
  const onAbort = () => pool.cancel(group, abortReason(signal as AbortSignal));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const acc = startAccumulator(model);
    const parts = ranges(plan.trials, pool.size);
    const groups = scopeGroups(model.scopeIds.length, pool.size);
    const Y = model.steps;
    let done = 0;
    const advanced = (n: number) => {
      done += n;
      onProgress?.(done, plan.trials * (Y + 1));
    };
    const uplifts: Promise<TargetResult['requiredGrowthUplift']>[] = [];
    const summarized = (s: number, lists: readonly ColumnSummary[][]) => {
      for (const list of lists) for (const c of list) addColumn(model, acc, c);
      // a target's uplift search needs its year's values and the replay records up to it: both are
      // complete now, so it runs while the later years are simulated
      model.targets.forEach((target, index) => {
        if (target.step !== s) return;
        // the 50% and 80% searches on two workers (the same numbers as one search sharing its memo)
        const [p50, p80] = [0.5, 0.8].map((probability) => pool.run<number | null>(group, { kind: 'uplift', index, probability, atZero: acc.atZero[index] as Float64Array }));
        const search = Promise.all([p50, p80]).then(([a, b]) => ({ p50: a, p80: b }));
        search.catch(() => undefined); // awaited below; a failure of a later year must not leave it unhandled
        uplifts[index] = search;
      });
    };
    await Promise.all(parts.map(([from, to]) => pool.run(group, { kind: 'init', from, to }).then(() => advanced(to - from))));
    // one round trip a year: each worker advances its trials to year s in one set of columns and
    // summarizes its scopes of year s − 1 from the other (at 10k trials, 24 round trips become 13:
    // in-process baseline runs on two workers, p50 74–79 → 66–76 ms)
    for (let s = 1; s <= Y; s++) {
      const lists = await Promise.all(parts.map(([from, to], w) => pool.run<ColumnSummary[]>(group, { kind: 'step', s, from, to, scopes: groups[w] ?? [] }).then((list) => (advanced(to - from), list))));
      summarized(s - 1, lists);
    }
    summarized(Y, await Promise.all(groups.map((scopes) => pool.run<ColumnSummary[]>(group, { kind: 'summarize', s: Y, scopes }))));
    return finishRun(plan, acc, await Promise.all(uplifts));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    pool.release(group);
    // a cancelled run's tasks may still be writing: only a finished run gives its buffers back
    if (!signal?.aborted) lease.release();
  }
}

/** Compiles and runs a scenario; throws a ScenarioError on bad input. */
export async function runScenario(scenario: Scenario, options: NodeRunOptions = {}): Promise<Result> {
  const started = performance.now();
  const overrides = options.overrides ?? {};
  const model = options.model ?? compileScenario(scenario, overrides);
  // planned without the PERT tables: a pool's workers build them together, runModelFull here
  const plan = planRun(model, options, false);
  let result: Result;
  // a pool of any size keeps the caller's thread free (the API passes one); the CLI makes one for big runs
  if (options.pool && plan.trials >= (options.minTrialsForPool ?? RUN_DEFAULTS.minTrialsForPool)) result = await onPool(options.pool, plan, options);
  else {
    const Y = model.steps;
    const lease = localArena.lease();
    try {
      result = runModelFull(model, options, { signal: options.signal, allocator: lease.alloc, onProgress: options.onProgress && ((s) => options.onProgress?.(s * plan.trials, (Y + 1) * plan.trials)) }).result;
    } finally {
      lease.release();
    }
  }
  return { ...result, meta: { ...result.meta, durationMs: Math.round((performance.now() - started) * 10) / 10 } };
}

/** Compiles only (validation), throwing a ScenarioError listing every problem. */
export function validateScenario(scenario: Scenario, overrides: Overrides = {}): CompiledModel {
  return compileScenario(scenario, overrides);
}
