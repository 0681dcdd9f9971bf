/**
 * Worker thread: compiles a scenario (cached per scenario and overrides) and does one piece of a
 * run: simulate a range of trials into shared buffers, summarize one scope, or search one
 * target's required uplift.
 */
import { parentPort } from 'node:worker_threads';
import { compileScenario, type CompiledModel } from '../core/compile.ts';
import { planRun, summarizeScope, upliftFor, type RunPlan } from '../core/run.ts';
import { simulateRange } from '../core/simulate.ts';
import type { PoolReply, PoolTask } from './pool.ts';

const cache = new Map<string, CompiledModel>();

function planFor(task: PoolTask): RunPlan {
  let model = cache.get(task.modelKey);
  if (!model) {
    model = compileScenario(task.scenario, task.overrides);
    if (cache.size >= 8) cache.delete(cache.keys().next().value as string);
    cache.set(task.modelKey, model);
  }
  return planRun(model, task.options);
}

function perform(task: PoolTask): unknown {
  const plan = planFor(task);
  switch (task.kind) {
    case 'simulate':
      simulateRange(plan.model, plan.seed, task.start, task.end, {
        offset: 0,
        stride: plan.trials,
        scopes: task.scopes.map((b) => (b ? new Float64Array(b) : undefined)),
        replay: task.replay ? new Float64Array(task.replay) : undefined,
        replayTrials: plan.upliftTrials,
        replaySteps: plan.replaySteps,
      });
      return null;
    case 'summarize':
      return summarizeScope(plan, task.scope, new Float64Array(task.buffer));
    case 'uplift':
      return upliftFor(plan, task.index, new Float64Array(task.replay), task.atZero);
    default:
      return task satisfies never;
  }
}

parentPort?.on('message', (task: PoolTask) => {
  let reply: PoolReply;
  try {
    reply = { id: task.id, ok: true, value: perform(task) };
  } catch (err) {
    reply = { id: task.id, ok: false, message: (err as Error).message, stack: (err as Error).stack };
  }
  parentPort?.postMessage(reply);
});
