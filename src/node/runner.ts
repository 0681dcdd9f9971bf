/**
 * Runs scenarios from Node: in this thread for small runs, on a worker pool for large ones (the
 * pool's workers draw and advance ranges of trials year by year, and summarize each year's
 * columns while the next year is computed), with progress reports and the run's wall time.
 * Same scenario, seed and trials give the same result either way.
 */
import { compileScenario, type CompiledModel, type Overrides } from '../core/compile.ts';
import { addFreeEffects, allocateRun, columnSetsOf, finishRun, planRun, runBytes, runModelFull, runTables, type RunOptions, type RunPlan } from '../core/run.ts';
import { addColumn, startAccumulator } from '../core/summarize.ts';
import type { Result } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import { BufferArena } from './arena.ts';
import type { StepReply, WorkerPool } from './pool.ts';
import { RUN_DEFAULTS } from '../core/limits.ts';

const localArena = new BufferArena(false);
/** Runs from this size touch their fresh shared buffers in one thread before the workers start. */
const PREFAULT_BYTES = 256 * 1024 * 1024;
// idle shared buffers kept up to 1 GiB (the server's default MEMORY_BUDGET_MB): a run as big as a
// server allows reuses the last one's buffers instead of allocating anew while the old ones wait
// for the garbage collector (measured: a second million-trial baseline run, 1.1 -> 1.6 GB of RSS)
const sharedArena = new BufferArena(true, 1024 * 1024 * 1024);

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
  /** Fewer sets of year columns than a pool run would use (columnSetsOf; at least 2), for tests of the batching. */
  readonly columnSets?: number;
}

let nextGroup = 1;

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

/**
 * The years 0 … Y in batches for a pool run with `sets` sets of year columns: each worker advances
 * its trials through a batch while it summarizes the batch before, so two batches in a row must
 * fit in the sets. A batch ends at each target's year, so the target's uplift searches run in the
 * next task, while the years after it are computed. A 10k-trial run has a set per year: 3 round
 * trips between threads instead of one or two a year, and no worker waits for the other at every
 * year.
 */
export function yearBatches(Y: number, sets: number, targetSteps: readonly number[]): [number, number][] {
  const ends = new Set(targetSteps);
  const out: [number, number][] = [];
  let first = 0;
  let before = 0; // length of the previous batch
  for (let s = 0; s <= Y; s++) {
    const length = s - first + 1;
    // cut here when one more year would not fit beside the batch before, or would leave the next no set
    if (s === Y || ends.has(s) || length + 1 + before > sets || length + 1 > sets - 1) {
      out.push([first, s]);
      before = length;
      first = s + 1;
    }
  }
  return out;
}

async function onPool(pool: WorkerPool, plan: RunPlan, options: NodeRunOptions): Promise<Result> {
  const { model } = plan;
  const { onProgress, signal } = options;
  const group = nextGroup++;
  // fresh shared memory is faulted in by this thread first for big runs (measured: a million
  // trials on two workers 8.0 s → 4.3 s); at 100k trials it is no faster, so small runs skip it
  const lease = sharedArena.lease(runBytes(plan) >= PREFAULT_BYTES);
  const sets = Math.max(2, Math.min(columnSetsOf(plan), options.columnSets ?? Infinity));
  const buffers = allocateRun(plan, lease.alloc, sets);
  const design = options.design;
  const sharedDesign = design && { ...design, values: new Float64Array(new SharedArrayBuffer(design.values.byteLength)) };
  if (design && sharedDesign) sharedDesign.values.set(design.values);
  const runOptions: RunOptions = {
    trials: plan.trials,
    seed: plan.seed,
    noiseSeed: plan.source.noiseSeed,
    eventSeed: plan.source.eventSeed,
    upliftTrials: plan.upliftTrials,
    keepInputs: plan.keepInputs,
    design: sharedDesign,
    sensitivity: plan.free !== undefined,
  };
  pool.open(group, { model, options: runOptions, buffers, tables: runTables(model) });
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
    const batches = yearBatches(
      Y,
      sets,
      model.targets.map((t) => t.step),
    );
    // a task per worker: its range of trials (none when there are fewer trials than workers) and its scopes
    const lanes = Array.from({ length: Math.max(parts.length, groups.length) }, (_, w): [number, number] => parts[w] ?? [0, 0]);
    // each target's 50% and 80% searches (the same numbers as one search sharing its memo) in the
    // task after its year's batch, spread over the workers; the searches of the first targets then
    // run while later years are computed
    // the free sensitivity's inputs, split evenly over the lanes (each input's effects are one lane's)
    const width = model.inputs.length;
    const inputShares = lanes.map((_, w): [number, number] => [Math.floor((w * width) / lanes.length), Math.floor(((w + 1) * width) / lanes.length)]);
    const searches = batches.map(() => lanes.map((): { index: number; probability: number }[] => []));
    model.targets.forEach((target, index) => {
      const j = batches.findIndex(([, last]) => last >= target.step);
      [0.5, 0.8].forEach((probability, i) => searches[j][(index + i) % lanes.length].push({ index, probability }));
    });
    const uplifts = model.targets.map(() => ({ p50: null as number | null, p80: null as number | null }));
    for (let j = 0; j <= batches.length; j++) {
      const batch = j < batches.length ? batches[j] : null;
      const summarize = j > 0 ? batches[j - 1] : null;
      const replies = await Promise.all(
        lanes.map(([from, to], w) => {
          const task = {
            kind: 'step' as const,
            first: batch ? batch[0] : 1,
            last: batch ? batch[1] : 0,
            from,
            to,
            scopes: groups[w] ?? [],
            summarize,
            inputs: inputShares[w],
            uplifts: j > 0 ? searches[j - 1][w] : [],
          };
          return pool.run<StepReply>(group, task, signal).then((reply) => {
            if (batch) advanced((to - from) * (batch[1] - batch[0] + 1));
            task.uplifts.forEach((u, k) => (uplifts[u.index][u.probability === 0.5 ? 'p50' : 'p80'] = reply.uplifts[k]));
            return reply;
          });
        }),
      );
      if (summarize) for (let s = summarize[0]; s <= summarize[1]; s++) for (const reply of replies) for (const c of reply.years[s - summarize[0]]) addColumn(model, acc, c);
      for (const reply of replies) addFreeEffects(plan, acc, reply.effects);
    }
    return finishRun(plan, acc, uplifts);
  } finally {
    pool.release(group);
    // a cancelled run's tasks may still be writing: only a finished run gives its buffers back
    if (!signal?.aborted) lease.release();
    pool.finished(runBytes(plan));
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
      result = runModelFull(model, options, {
        signal: options.signal,
        allocator: lease.alloc,
        onProgress: options.onProgress && ((s) => options.onProgress?.(s * plan.trials, (Y + 1) * plan.trials)),
      }).result;
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
