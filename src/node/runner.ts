/**
 * Runs scenarios from Node: in this thread for small runs, on a worker pool for large ones, with
 * progress reports and the run's wall time. Same scenario, seed and trials give the same result
 * either way.
 */
import { compileScenario, type CompiledModel, type Overrides } from '../core/compile.ts';
import { allocatePass, finishRun, planRun, sinkFor, startState, summarizePass, type RunOptions } from '../core/run.ts';
import { simulateRange } from '../core/simulate.ts';
import type { Result } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { WorkerPool } from './pool.ts';

export interface NodeRunOptions extends RunOptions {
  readonly overrides?: Overrides;
  /** Runs on this pool when given (and trials ≥ minTrialsForPool). */
  readonly pool?: WorkerPool;
  /** Smaller runs stay in this thread: worker hand-off costs more than it saves. Default 20,000. */
  readonly minTrialsForPool?: number;
  /** Called with (trials done, trials in all passes). */
  readonly onProgress?: (done: number, total: number) => void;
}

const CHUNK = 5000;

/** Compiles and runs a scenario; throws a ScenarioError on bad input. */
export async function runScenario(scenario: Scenario, options: NodeRunOptions = {}): Promise<Result> {
  const started = performance.now();
  const overrides = options.overrides ?? {};
  const model = compileScenario(scenario, overrides);
  const plan = planRun(model, options);
  const state = startState(plan);
  const usePool = options.pool && options.pool.size > 1 && plan.trials >= (options.minTrialsForPool ?? 20_000);
  const totalWork = plan.trials * plan.passes.length;
  let done = 0;
  for (const pass of plan.passes) {
    if (usePool && options.pool) {
      const pool = options.pool;
      const buffers = allocatePass(plan, pass, (length) => new Float64Array(new SharedArrayBuffer(length * 8)));
      const chunks = Math.max(pool.size, Math.min(pool.size * 8, Math.ceil(plan.trials / CHUNK)));
      const size = Math.ceil(plan.trials / chunks);
      const modelKey = JSON.stringify([scenario, overrides]);
      const tasks: Promise<void>[] = [];
      for (let start = 0; start < plan.trials; start += size) {
        const end = Math.min(plan.trials, start + size);
        tasks.push(
          pool
            .runChunk({
              modelKey,
              scenario,
              overrides,
              seed: plan.seed,
              start,
              end,
              stride: plan.trials,
              scopes: buffers.scopes.map((b) => b?.buffer as SharedArrayBuffer | undefined),
              replay: buffers.replay?.buffer as SharedArrayBuffer | undefined,
              replayTrials: plan.upliftTrials,
              replaySteps: plan.replaySteps,
            })
            .then(() => {
              done += end - start;
              options.onProgress?.(done, totalWork);
            }),
        );
      }
      await Promise.all(tasks);
      summarizePass(plan, state, pass, buffers);
    } else {
      const buffers = allocatePass(plan, pass, (length) => new Float64Array(length));
      const sink = sinkFor(plan, buffers);
      for (let start = 0; start < plan.trials; start += CHUNK) {
        const end = Math.min(plan.trials, start + CHUNK);
        simulateRange(model, plan.seed, start, end, sink);
        done += end - start;
        options.onProgress?.(done, totalWork);
      }
      summarizePass(plan, state, pass, buffers);
    }
  }
  const result = finishRun(plan, state);
  return { ...result, meta: { ...result.meta, durationMs: Math.round((performance.now() - started) * 10) / 10 } };
}

/** Compiles only (validation), throwing a ScenarioError listing every problem. */
export function validateScenario(scenario: Scenario, overrides: Overrides = {}): CompiledModel {
  return compileScenario(scenario, overrides);
}
