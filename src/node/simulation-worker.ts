/**
 * Worker thread: keeps the setups of the runs it takes part in (the compiled model arrives as
 * data, never compiled again) and performs their phases: draw trials, advance them a year,
 * summarize year columns, search a target's required uplift.
 */
import { parentPort } from 'node:worker_threads';
import { ScenarioError } from '../core/errors.ts';
import { advanceRange, initRange, planRun, summarizeScopes, upliftAt, type RunBuffers, type RunPlan } from '../core/run.ts';
import type { PoolMessage, PoolReply, PoolTask } from './pool.ts';

const runs = new Map<number, { plan: RunPlan; buffers: RunBuffers }>();

function perform(group: number, task: PoolTask): unknown {
  const run = runs.get(group);
  if (!run) throw new Error(`no setup for run ${group}`);
  const { plan, buffers } = run;
  switch (task.kind) {
    case 'init':
      initRange(plan, buffers, task.from, task.to);
      return null;
    case 'advance':
      advanceRange(plan, buffers, task.s, task.from, task.to);
      return null;
    case 'summarize':
      return summarizeScopes(plan, buffers, task.s, task.scopes);
    case 'uplift':
      return upliftAt(plan, task.index, task.probability, buffers.replay as Float64Array, task.atZero);
    default:
      return task satisfies never;
  }
}

parentPort?.on('message', (message: PoolMessage) => {
  if (message.type === 'setup') {
    runs.set(message.group, { plan: planRun(message.setup.model, message.setup.options), buffers: message.setup.buffers });
    return;
  }
  if (message.type === 'release') {
    runs.delete(message.group);
    return;
  }
  let reply: PoolReply;
  try {
    reply = { id: message.id, ok: true, value: perform(message.group, message.task) };
  } catch (err) {
    const e = err as Error;
    reply = err instanceof ScenarioError ? { id: message.id, ok: false, message: e.message, issues: err.issues, heading: e.message.split(':\n')[0] } : { id: message.id, ok: false, message: e.message, stack: e.stack };
  }
  parentPort?.postMessage(reply);
});
