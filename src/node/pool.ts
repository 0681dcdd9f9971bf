/**
 * A pool of worker threads that perform the phases of runs (src/core/run.ts) over
 * SharedArrayBuffers: each run is a group with a setup (the compiled model as data, options,
 * buffers) that a worker receives once, before its first task of the run. Results are identical
 * to a single-threaded run because every trial draws from its own streams.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { ScenarioError, type ErrorCode, type Issue } from '../core/errors.ts';
import type { CompiledModel } from '../core/model.ts';
import type { RunBuffers, RunOptions } from '../core/run.ts';
import type { SharedTables } from '../core/sampler.ts';
import { keepModel } from './keep-model.ts';
import type { ColumnSummary } from '../core/summarize.ts';

/** What a worker needs once per run: the compiled model as data, the run's options and its shared buffers. */
export interface RunSetup {
  readonly model: CompiledModel;
  readonly options: RunOptions;
  readonly buffers: RunBuffers;
  /** The PERT z-tables, built by the workers together (the model arrives without them). */
  readonly tables?: SharedTables;
}

/** One task of a run (see src/core/run.ts), on the run's setup. */
export type PoolTask = {
  readonly kind: 'step';
  /** Advance trials [from, to) through years first … last (year 0: draw them; first > last: none). */
  readonly first: number;
  readonly last: number;
  readonly from: number;
  readonly to: number;
  /** Then summarize these scopes of the years `summarize` (a batch whose columns are complete), or none. */
  readonly scopes: readonly number[];
  readonly summarize: readonly [number, number] | null;
  /** And search these targets' required uplift (their years' columns are complete and still held; a target's searches in one task share their memo). */
  readonly uplifts: readonly { readonly index: number; readonly probability: number }[];
};

/** What a step task gives back: per summarized year, its scopes' summaries; per uplift search, its answer. */
export interface StepReply {
  readonly years: ColumnSummary[][];
  readonly uplifts: (number | null)[];
}

/** A message to a worker: a task of a run, a run's setup, or the release of a run. */
export type PoolMessage =
  | { readonly type: 'task'; readonly id: number; readonly group: number; readonly task: PoolTask }
  /**
   * A run's setup. Its model is numbered (`modelId`): a worker keeps the last models it was sent
   * (keep-model.ts), and a setup whose model the worker has leaves it out (`model` undefined).
   */
  | { readonly type: 'setup'; readonly group: number; readonly modelId: number; readonly setup: Omit<RunSetup, 'model'> & { readonly model: CompiledModel | undefined } }
  | { readonly type: 'release'; readonly group: number };

export type PoolReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly stack?: string; readonly issues?: readonly Issue[]; readonly heading?: string; readonly code?: ErrorCode };

interface Pending {
  readonly id: number;
  readonly group: number;
  readonly task: PoolTask;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

/** Default number of workers: the machine's parallelism, at most 8. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

// compiled (dist/node/pool.js or a chunk in dist/bundle/): the worker bundled into one CommonJS
// file (scripts/bundle.mjs); from the TypeScript sources (tests, `npm run dev`): a JS bootstrap
// that registers tsx inside the worker, then imports the TypeScript worker
const workerUrl = new URL(import.meta.url.endsWith('.js') ? '../bundle/simulation-worker.cjs' : './simulation-worker.mjs', import.meta.url);

/**
 * V8 flags for workers that have the cores to themselves: each compiles its hot code in its own
 * thread, when it needs it, instead of on helper threads that there only take turns with the
 * workers (measured: bench.yaml at 100k trials on two cores, 0.76 → 0.65 s). V8 reads them when a
 * thread starts, so they change only threads started after they are set. Only this one: the
 * flags for on-stack replacement and baseline code also made each worker's start ~25 ms slower
 * (its CPU profile then shows Node's own modules compiled afresh), which cost more than they
 * saved once the hot loops ran in short calls (0.654 → 0.642 s without them). The
 * garbage collector's flags are left alone (changed in a running process, they crash it).
 */
const EXCLUSIVE_FLAGS = ['--no-concurrent-recompilation'];

export interface PoolOptions {
  /**
   * The workers have the machine's cores to themselves while they run (the command line's runs):
   * sets EXCLUSIVE_FLAGS before they start (the thread that sets them keeps its own helper
   * threads). The server's pool does not: it was not measured there.
   */
  readonly exclusive?: boolean;
  /**
   * After a run that held at least this many bytes, replace every worker as it becomes idle (the
   * server's pools). A thread that was sent a run's shared buffers keeps them until its garbage
   * collector runs, which in an idle worker may be never: measured, four baseline runs of a
   * million trials in a row took a server from 1.1 to 2.5 GB. A new thread holds nothing.
   */
  readonly recycleAfterBytes?: number;
}

export class WorkerPool {
  readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly setups = new Map<number, RunSetup>();
  private readonly seen = new Map<Worker, Set<number>>();
  /** Per worker: the ids of the models it holds (keepModel). */
  private readonly held = new Map<Worker, number[]>();
  /** Model objects' ids: a model compiled once and run again (the server caches them) is sent to a worker once. */
  private readonly modelIds = new WeakMap<CompiledModel, number>();
  private nextModel = 1;
  private nextId = 1;
  private closed = false;

  /** Workers to replace when they finish their task (recycle). */
  private readonly recycling = new Set<Worker>();
  private readonly recycleAfterBytes: number;

  constructor(size = defaultPoolSize(), options: PoolOptions = {}) {
    this.size = size;
    this.recycleAfterBytes = options.recycleAfterBytes ?? Infinity;
    if (options.exclusive) for (const flag of EXCLUSIVE_FLAGS) setFlagsFromString(flag);
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(workerUrl);
    worker.unref();
    worker.on('message', (reply: PoolReply) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      if (!this.all.includes(worker)) return; // retired
      if (this.recycling.delete(worker)) this.retire(worker);
      else this.idle.push(worker);
      if (pending) {
        if (reply.ok) pending.resolve(reply.value);
        else if (reply.issues) pending.reject(new ScenarioError(reply.issues, reply.heading, reply.code));
        else {
          const err = new Error(`worker failed: ${reply.message}`);
          if (reply.stack) err.stack = reply.stack;
          pending.reject(err);
        }
      }
      this.pump();
    });
    worker.on('error', (err) => this.replace(worker, err));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(worker, new Error(`worker exited with code ${code}`));
    });
    this.all.push(worker);
    this.idle.push(worker);
  }

  private replace(worker: Worker, err: Error): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    const i = this.all.indexOf(worker);
    if (i >= 0) this.all.splice(i, 1);
    const j = this.idle.indexOf(worker);
    if (j >= 0) this.idle.splice(j, 1);
    this.seen.delete(worker);
    this.held.delete(worker);
    pending?.reject(err);
    if (!this.closed) {
      this.spawn();
      this.pump();
    }
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop() as Worker;
      const pending = this.queue.shift() as Pending;
      this.running.set(worker, pending);
      let seen = this.seen.get(worker);
      if (!seen) {
        seen = new Set();
        this.seen.set(worker, seen);
      }
      const setup = this.setups.get(pending.group);
      try {
        if (setup && !seen.has(pending.group)) {
          let modelId = this.modelIds.get(setup.model);
          if (modelId === undefined) {
            modelId = this.nextModel++;
            this.modelIds.set(setup.model, modelId);
          }
          let held = this.held.get(worker);
          if (!held) {
            held = [];
            this.held.set(worker, held);
          }
          const has = held.includes(modelId);
          worker.postMessage({ type: 'setup', group: pending.group, modelId, setup: { ...setup, model: has ? undefined : setup.model } } satisfies PoolMessage);
          keepModel(held, modelId);
          seen.add(pending.group);
        }
        worker.postMessage({ type: 'task', id: pending.id, group: pending.group, task: pending.task } satisfies PoolMessage);
      } catch (err) {
        // data that cannot be copied to a thread (too deep, say): this task fails, the worker stays free
        this.running.delete(worker);
        this.idle.push(worker);
        pending.reject(err as Error);
      }
    }
  }

  /** Registers a run's setup under `group`: each worker receives it before its first task of the group. */
  open(group: number, setup: RunSetup): void {
    this.setups.set(group, setup);
  }

  /** Forgets a run: workers drop its setup and buffers. */
  release(group: number): void {
    this.setups.delete(group);
    for (const [worker, seen] of this.seen) {
      if (seen.delete(group)) worker.postMessage({ type: 'release', group } satisfies PoolMessage);
    }
  }

  /** Runs one task of run `group` on the next free worker; resolves with its value. */
  run<T>(group: number, task: PoolTask): Promise<T> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, group, task, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /**
   * Cancels every task of `group`: queued ones are dropped and running ones stopped by replacing
   * their worker (a kernel chunk cannot be interrupted otherwise). Their promises reject with `reason`.
   */
  cancel(group: number, reason: Error): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].group === group) this.queue.splice(i, 1)[0].reject(reason);
    }
    for (const [worker, pending] of [...this.running]) {
      if (pending.group !== group) continue;
      this.running.delete(worker);
      pending.reject(reason);
      this.retire(worker);
    }
  }

  /** Replaces a worker whose task was cancelled. */
  private retire(worker: Worker): void {
    const i = this.all.indexOf(worker);
    if (i >= 0) this.all.splice(i, 1);
    const j = this.idle.indexOf(worker);
    if (j >= 0) this.idle.splice(j, 1);
    this.recycling.delete(worker);
    this.seen.delete(worker);
    this.held.delete(worker);
    worker.removeAllListeners('exit');
    worker.removeAllListeners('message');
    void worker.terminate();
    if (!this.closed) {
      this.spawn();
      this.pump();
    }
  }

  /** Called when a run that held `bytes` is released: past recycleAfterBytes, every worker is replaced (idle ones now, busy ones when their task ends). */
  finished(bytes: number): void {
    if (bytes < this.recycleAfterBytes || this.closed) return;
    for (const worker of [...this.all]) {
      if (this.running.has(worker)) this.recycling.add(worker);
      else this.retire(worker);
    }
  }

  /** The workers' thread ids (they change when workers are replaced). */
  get threadIds(): number[] {
    return this.all.map((w) => w.threadId);
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('pool closed'));
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
