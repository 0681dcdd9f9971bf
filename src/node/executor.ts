/**
 * What performs a run's tasks in a pool worker: it keeps the setups of the runs it takes part in
 * (the compiled model arrives as serialized bytes, decoded once per model and never compiled
 * again) and performs their step tasks (draw and advance trials through a batch of years, search
 * the required uplift of targets in the batch before, and summarize that batch). Each worker
 * thread has one (simulation-worker.ts).
 */
import { deserialize } from 'node:v8';
import { ScenarioError } from '../core/errors.ts';
import { advanceRange, attachRunTables, freeEffectsAt, initRange, planRun, summarizeScopes, upliftsAt, type RunBuffers, type RunPlan } from '../core/run.ts';
import type { ColumnSummary } from '../core/summarize.ts';
import type { CompiledModel } from '../core/model.ts';
import type { PoolMessage, PoolReply, PoolTask, StepReply, WireSetup } from './pool.ts';

/** Models a worker keeps decoded for later runs (a server runs the same few scenarios again and again). */
export const MODELS_KEPT = 8;

/**
 * A model from its shared bytes (WireSetup.model), decoded from a copy: the decoded typed arrays
 * are views into the buffer decoded, which must be this thread's own (measured: a 10k baseline
 * run through the API, 5–10 ms slower with the model's arrays in memory shared with other threads).
 */
export function decodeModel(bytes: Uint8Array): CompiledModel {
  return deserialize(Buffer.from(bytes)) as CompiledModel;
}

export class RunExecutor {
  private readonly runs = new Map<number, { plan: RunPlan; buffers: RunBuffers }>();
  /** Decoded models by id, least recently used first. */
  private readonly models = new Map<number, CompiledModel>();

  /** Performs a task (installing the run's setup first when it carries one); a task of a run this worker has no setup for answers needSetup. */
  receive(message: PoolMessage): PoolReply {
    for (const group of this.runs.keys()) if (!message.live.includes(group)) this.runs.delete(group);
    try {
      let run = this.runs.get(message.group);
      if (!run) {
        if (!message.setup) return { ok: false, needSetup: true, message: `no setup for run ${message.group}` };
        run = this.install(message.setup);
        this.runs.set(message.group, run);
      }
      return { ok: true, value: this.perform(run, message.task) };
    } catch (err) {
      const e = err as Error;
      return err instanceof ScenarioError
        ? { ok: false, message: e.message, issues: err.issues, heading: err.heading, code: err.code }
        : { ok: false, message: e.message, stack: e.stack };
    }
  }

  /** Decoded groups this worker holds (tests). */
  get held(): number[] {
    return [...this.runs.keys()];
  }

  private install(setup: WireSetup): { plan: RunPlan; buffers: RunBuffers } {
    let model = this.models.get(setup.modelId);
    if (model) this.models.delete(setup.modelId);
    else model = decodeModel(setup.model);
    this.models.set(setup.modelId, model);
    if (this.models.size > MODELS_KEPT) this.models.delete(this.models.keys().next().value as number);
    if (setup.tables) attachRunTables(model, setup.tables);
    return { plan: planRun(model, setup.options), buffers: setup.buffers };
  }

  private perform({ plan, buffers }: { plan: RunPlan; buffers: RunBuffers }, task: PoolTask): StepReply {
    // advance first (it writes other sets of columns than the ones read below), then search and summarize
    for (let s = task.first; s <= task.last; s++) {
      if (s === 0) initRange(plan, buffers, task.from, task.to);
      else advanceRange(plan, buffers, s, task.from, task.to);
    }
    const uplifts = upliftsAt(plan, buffers, task.uplifts);
    const years: ColumnSummary[][] = [];
    const effects: StepReply['effects'] = [];
    if (task.summarize)
      for (let s = task.summarize[0]; s <= task.summarize[1]; s++) {
        effects.push(...freeEffectsAt(plan, buffers, s, task.inputs[0], task.inputs[1]));
        years.push(summarizeScopes(plan, buffers, s, task.scopes));
      }
    return { years, uplifts, effects };
  }
}
