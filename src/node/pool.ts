/**
 * A pool of worker threads that perform the phases of runs (src/core/run.ts) over
 * SharedArrayBuffers: each run is a group with a setup (the compiled model as data, options,
 * buffers) that a worker receives once, before its first task of the run. Results are identical
 * to a single-threaded run because every trial draws from its own streams. A pool may count
 * the calling thread as one of its lanes (the command line's, whose thread has nothing else to
 * do): one thread fewer to start.
 */
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RunExecutor } from './executor.ts';
import { ScenarioError, type Issue } from '../core/errors.ts';
import type { CompiledModel } from '../core/model.ts';
import type { RunBuffers, RunOptions } from '../core/run.ts';

/** What a worker needs once per run: the compiled model as data, the run's options and its shared buffers. */
export interface RunSetup {
  readonly model: CompiledModel;
  readonly options: RunOptions;
  readonly buffers: RunBuffers;
}

/** One phase of a run (see src/core/run.ts), on the run's setup. */
export type PoolTask =
  | { readonly kind: 'init'; readonly from: number; readonly to: number }
  | { readonly kind: 'advance'; readonly s: number; readonly from: number; readonly to: number }
  | { readonly kind: 'summarize'; readonly s: number; readonly scopes: readonly number[] }
  | { readonly kind: 'uplift'; readonly index: number; readonly probability: number; readonly atZero: Float64Array };

/** A message to a worker: a task of a run, a run's setup, or the release of a run. */
export type PoolMessage =
  | { readonly type: 'task'; readonly id: number; readonly group: number; readonly task: PoolTask }
  | { readonly type: 'setup'; readonly group: number; readonly setup: RunSetup }
  | { readonly type: 'release'; readonly group: number };

export type PoolReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly stack?: string; readonly issues?: readonly Issue[]; readonly heading?: string };

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

// compiled (dist/): the worker's own JavaScript; from the TypeScript sources (tests, `npm run dev`):
// a JS bootstrap that registers tsx inside the worker, then imports the TypeScript worker
const workerUrl = new URL(import.meta.url.endsWith('.js') ? './simulation-worker.js' : './simulation-worker.mjs', import.meta.url);

/** What the pool sends tasks to: a worker thread, or the in-thread lane. */
interface Lane {
  postMessage(message: PoolMessage): void;
  on(event: 'message', listener: (reply: PoolReply) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  removeAllListeners(event: string): unknown;
  terminate(): Promise<number>;
}

/**
 * The calling thread as a lane: setups and releases are taken at once; a task runs on a later
 * turn of the event loop (after the caller has sent the workers theirs), blocking this thread
 * while it runs, and its reply is emitted as a worker's would be.
 */
class InThreadLane extends EventEmitter {
  private readonly executor = new RunExecutor();
  private readonly scheduled = new Set<NodeJS.Immediate>();

  postMessage(message: PoolMessage): void {
    if (message.type !== 'task') {
      this.executor.receive(message);
      return;
    }
    const timer = setImmediate(() => {
      this.scheduled.delete(timer);
      this.emit('message', this.executor.receive(message));
    });
    this.scheduled.add(timer);
  }

  terminate(): Promise<number> {
    for (const timer of this.scheduled) clearImmediate(timer);
    this.scheduled.clear();
    return Promise.resolve(0);
  }
}

export interface PoolOptions {
  /** Count the calling thread as one of the `size` lanes (only for a caller with nothing else to do while a run executes: the command line). */
  readonly inThread?: boolean;
}

export class WorkerPool {
  readonly size: number;
  private readonly all: Lane[] = [];
  /** Per lane: the tasks sent to it, in order (the first is running). */
  private readonly assigned = new Map<Lane, Pending[]>();
  private readonly queue: Pending[] = [];
  private readonly setups = new Map<number, RunSetup>();
  private readonly seen = new Map<Lane, Set<number>>();
  /** Tasks whose promise was settled by a cancel while a worker still holds them (their reply is dropped). */
  private readonly dropped = new Set<Pending>();
  private readonly inThread: boolean;
  private nextId = 1;
  private closed = false;

  constructor(size = defaultPoolSize(), options: PoolOptions = {}) {
    this.size = size;
    this.inThread = options.inThread === true;
    for (let i = 0; i < size; i++) this.spawn(this.inThread && i === 0);
  }

  private spawn(inThread = false): void {
    let lane: Lane;
    if (inThread) lane = new InThreadLane();
    else {
      const thread = new Worker(workerUrl);
      thread.unref();
      lane = thread;
    }
    lane.on('message', (reply: PoolReply) => {
      if (!this.all.includes(lane)) return; // retired
      const pending = this.assigned.get(lane)?.shift();
      if (pending && !this.dropped.delete(pending)) {
        if (reply.ok) pending.resolve(reply.value);
        else if (reply.issues) pending.reject(new ScenarioError(reply.issues, reply.heading));
        else {
          const err = new Error(`worker failed: ${reply.message}`);
          if (reply.stack) err.stack = reply.stack;
          pending.reject(err);
        }
      }
      this.pump();
    });
    lane.on('error', (err) => this.replace(lane, err));
    lane.on('exit', (code) => {
      if (!this.closed) this.replace(lane, new Error(`worker exited with code ${code}`));
    });
    this.all.push(lane);
    this.assigned.set(lane, []);
  }

  /** Takes a lane out: its running task gets `err`, the ones behind it go back to the queue's front. */
  private drop(lane: Lane, err: Error | undefined): void {
    const list = this.assigned.get(lane) ?? [];
    this.assigned.delete(lane);
    const i = this.all.indexOf(lane);
    if (i >= 0) this.all.splice(i, 1);
    this.seen.delete(lane);
    const [running, ...waiting] = list;
    if (running && err && !this.dropped.delete(running)) running.reject(err);
    const again = waiting.filter((w) => !this.dropped.has(w));
    for (const w of waiting) this.dropped.delete(w);
    this.queue.unshift(...again);
  }

  private replace(lane: Lane, err: Error): void {
    this.drop(lane, err);
    if (!this.closed) {
      this.spawn(lane instanceof InThreadLane);
      this.pump();
    }
  }

  /**
   * The lane for the next task: an idle worker, else the idle in-thread lane; with an in-thread
   * lane, else a worker with one task running (it starts the next as soon as it is done instead
   * of waiting for this thread, busy with its own task, to read its reply).
   */
  private pick(): Lane | undefined {
    let local: Lane | undefined;
    let busyWorker: Lane | undefined;
    for (const lane of this.all) {
      const n = this.assigned.get(lane)?.length ?? 0;
      if (lane instanceof InThreadLane) {
        if (n === 0) local = lane;
      } else if (n === 0) return lane;
      else if (n === 1 && this.inThread) busyWorker ??= lane;
    }
    return local ?? busyWorker;
  }

  private pump(): void {
    while (this.queue.length) {
      const lane = this.pick();
      if (!lane) return;
      const pending = this.queue.shift() as Pending;
      (this.assigned.get(lane) as Pending[]).push(pending);
      let seen = this.seen.get(lane);
      if (!seen) {
        seen = new Set();
        this.seen.set(lane, seen);
      }
      const setup = this.setups.get(pending.group);
      if (setup && !seen.has(pending.group)) {
        lane.postMessage({ type: 'setup', group: pending.group, setup } satisfies PoolMessage);
        seen.add(pending.group);
      }
      lane.postMessage({ type: 'task', id: pending.id, group: pending.group, task: pending.task } satisfies PoolMessage);
    }
  }

  /** Registers a run's setup under `group`: each worker receives it before its first task of the group. */
  open(group: number, setup: RunSetup): void {
    this.setups.set(group, setup);
  }

  /** Forgets a run: workers drop its setup and buffers. */
  release(group: number): void {
    this.setups.delete(group);
    for (const [lane, seen] of this.seen) {
      if (seen.delete(group)) lane.postMessage({ type: 'release', group } satisfies PoolMessage);
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
    for (const lane of [...this.all]) {
      const list = this.assigned.get(lane) ?? [];
      // a task sent behind the running one cannot be taken back: its reply will be dropped
      for (const p of list.slice(1)) {
        if (p.group === group && !this.dropped.has(p)) {
          this.dropped.add(p);
          p.reject(reason);
        }
      }
      if (list[0]?.group === group) this.retire(lane, reason);
    }
  }

  /** Replaces a lane whose running task was cancelled. */
  private retire(lane: Lane, reason: Error): void {
    this.drop(lane, reason);
    lane.removeAllListeners('exit');
    lane.removeAllListeners('message');
    void lane.terminate();
    if (!this.closed) {
      this.spawn(lane instanceof InThreadLane);
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
