/**
 * What performs a run's tasks for a worker pool: it keeps the setups of the runs it takes part in
 * (the compiled model arrives as data, never compiled again) and performs their step tasks (draw
 * and advance trials through a batch of years, search the required uplift of targets in the
 * batch before, and summarize that batch). Each worker thread has one (simulation-worker.ts).
 */
import { ScenarioError } from '../core/errors.ts';
import { advanceRange, attachRunTables, initRange, planRun, summarizeScopes, upliftsAt, type RunBuffers, type RunPlan } from '../core/run.ts';
import type { ColumnSummary } from '../core/summarize.ts';
import type { CompiledModel } from '../core/model.ts';
import { keepModel } from './keep-model.ts';
import type { PoolMessage, PoolReply, PoolTask, StepReply } from './pool.ts';

export class RunExecutor {
  private readonly runs = new Map<number, { plan: RunPlan; buffers: RunBuffers }>();
  /** The models kept for later runs, and their ids in the pool's order (keep-model.ts). */
  private readonly models = new Map<number, CompiledModel>();
  private readonly held: number[] = [];

  /** Handles a pool message; returns the reply of a task (setups and releases have none). */
  receive(message: PoolMessage): PoolReply | undefined {
    if (message.type === 'setup') {
      const { options, buffers, tables } = message.setup;
      if (message.setup.model) this.models.set(message.modelId, message.setup.model);
      keepModel(this.held, message.modelId);
      for (const id of this.models.keys()) if (!this.held.includes(id)) this.models.delete(id);
      const model = this.models.get(message.modelId);
      if (!model) throw new Error(`model ${message.modelId} was neither sent nor kept`);
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
      return err instanceof ScenarioError ? { id: message.id, ok: false, message: e.message, issues: err.issues, heading: err.heading, code: err.code } : { id: message.id, ok: false, message: e.message, stack: e.stack };
    }
  }

  private perform(group: number, task: PoolTask): unknown {
    const run = this.runs.get(group);
    if (!run) throw new Error(`no setup for run ${group}`);
    const { plan, buffers } = run;
    // advance first (it writes other sets of columns than the ones read below), then search and summarize
    for (let s = task.first; s <= task.last; s++) {
      if (s === 0) initRange(plan, buffers, task.from, task.to);
      else advanceRange(plan, buffers, s, task.from, task.to);
    }
    const uplifts = upliftsAt(plan, buffers, task.uplifts);
    const years: ColumnSummary[][] = [];
    if (task.summarize) for (let s = task.summarize[0]; s <= task.summarize[1]; s++) years.push(summarizeScopes(plan, buffers, s, task.scopes));
    return { years, uplifts } satisfies StepReply;
  }
}
