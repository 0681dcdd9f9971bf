/**
 * A pool of worker threads that simulate chunks of trials into SharedArrayBuffers. The main
 * thread plans, validates and summarizes; workers only run the kernel. Results are identical
 * to a single-threaded run because every trial draws from its own streams.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Overrides } from '../core/compile.ts';
import type { RunOptions } from '../core/run.ts';
import type { Scenario } from '../schema/scenario.ts';

interface TaskBase {
  readonly id: number;
  /** Tasks of one run share a group, so the run can be cancelled as a whole. */
  readonly group?: number;
  /** Cache key of the compiled model in the worker: the scenario and overrides as JSON. */
  readonly modelKey: string;
  readonly scenario: Scenario;
  readonly overrides: Overrides;
  readonly options: RunOptions;
}

/** Simulate trials [start, end) into shared buffers (one per recorded scope, and the replay records). */
export interface SimulateTask extends TaskBase {
  readonly kind: 'simulate';
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly (SharedArrayBuffer | undefined)[];
  readonly replay: SharedArrayBuffer | undefined;
}

/** Summarize one scope's shared buffer. */
export interface SummarizeTask extends TaskBase {
  readonly kind: 'summarize';
  readonly scope: number;
  readonly buffer: SharedArrayBuffer;
}

/** Search the required uplift of one target. */
export interface UpliftTask extends TaskBase {
  readonly kind: 'uplift';
  readonly index: number;
  readonly replay: SharedArrayBuffer;
  readonly atZero: Float64Array;
}

/** Work sent to a worker. */
export type PoolTask = SimulateTask | SummarizeTask | UpliftTask;

/** Distributes Omit over a union, so each task kind keeps its own keys. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export type PoolReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string; readonly stack?: string };

interface Pending {
  readonly task: PoolTask;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

/** Default number of workers: the machine's parallelism, at most 8. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

// a JS bootstrap registers tsx inside the worker, then imports the TypeScript worker
const workerUrl = new URL('./simulation-worker.mjs', import.meta.url);

export class WorkerPool {
  readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(size = defaultPoolSize()) {
    this.size = size;
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(workerUrl);
    worker.unref();
    worker.on('message', (reply: PoolReply) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      if (!this.all.includes(worker)) return; // retired
      this.idle.push(worker);
      if (pending) {
        if (reply.ok) pending.resolve(reply.value);
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
      worker.postMessage(pending.task);
    }
  }

  /** Runs one task on the next free worker; resolves with its value. */
  run<T>(task: WithoutId<PoolTask>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ } as PoolTask, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /**
   * Cancels every task of `group`: queued ones are dropped and running ones stopped by replacing
   * their worker (a kernel chunk cannot be interrupted otherwise). Their promises reject with `reason`.
   */
  cancel(group: number, reason: Error): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].task.group === group) this.queue.splice(i, 1)[0].reject(reason);
    }
    for (const [worker, pending] of [...this.running]) {
      if (pending.task.group !== group) continue;
      this.running.delete(worker);
      pending.reject(reason);
      this.retire(worker);
    }
  }

  /** Replaces a worker whose task was cancelled. */
  private retire(worker: Worker): void {
    const i = this.all.indexOf(worker);
    if (i >= 0) this.all.splice(i, 1);
    worker.removeAllListeners('exit');
    worker.removeAllListeners('message');
    void worker.terminate();
    if (!this.closed) {
      this.spawn();
      this.pump();
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('pool closed'));
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
