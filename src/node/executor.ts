/**
 * What performs a run's phases for a worker pool: it keeps the setups of the runs it takes part
 * in (the compiled model arrives as data, never compiled again) and performs their tasks (draw
 * and advance trials through a batch of years while summarizing the batch before, search a target's
 * required uplift). Each worker thread has one (simulation-worker.ts).
 */
import { ScenarioError } from '../core/errors.ts';
import { advanceRange, attachRunTables, initRange, planRun, summarizeScopes, upliftAt, type RunBuffers, type RunPlan } from '../core/run.ts';
import type { ColumnSummary } from '../core/summarize.ts';
import type { PoolMessage, PoolReply, PoolTask } from './pool.ts';

export class RunExecutor {
  private readonly runs = new Map<number, { plan: RunPlan; buffers: RunBuffers }>();

  /** Handles a pool message; returns the reply of a task (setups and releases have none). */
  receive(message: PoolMessage): PoolReply | undefined {
    if (message.type === 'setup') {
      const { model, options, buffers, tables } = message.setup;
      if (tables) attachRunTables(model, tables);
      this.runs.set(message.group, { plan: planRun(model, options), buffers });
      return undefined;
    }
    if (message.type === 'release') {
      this.runs.delete(message.group);
      return undefined;
    }
    try {
      return { id: message.id, ok: true, value: this.perform(message.group, message.task) };
    } catch (err) {
      const e = err as Error;
      return err instanceof ScenarioError ? { id: message.id, ok: false, message: e.message, issues: err.issues, heading: e.message.split(':\n')[0] } : { id: message.id, ok: false, message: e.message, stack: e.stack };
    }
  }

  private perform(group: number, task: PoolTask): unknown {
    const run = this.runs.get(group);
    if (!run) throw new Error(`no setup for run ${group}`);
    const { plan, buffers } = run;
    switch (task.kind) {
      case 'step': {
        for (let s = task.first; s <= task.last; s++) {
          if (s === 0) initRange(plan, buffers, task.from, task.to);
          else advanceRange(plan, buffers, s, task.from, task.to);
        }
        const years: ColumnSummary[][] = [];
        if (task.summarize) for (let s = task.summarize[0]; s <= task.summarize[1]; s++) years.push(summarizeScopes(plan, buffers, s, task.scopes));
        return years;
      }
      case 'uplift':
        return upliftAt(plan, task.index, task.probability, buffers.replay as Float64Array, task.atZero);
      default:
        return task satisfies never;
    }
  }
}
