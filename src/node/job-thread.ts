/**
 * One worker thread for slow jobs the server must not do on its own thread (compiling a big
 * scenario, drawing a chart image, an analysis): jobs run one at a time, each within a time
 * budget (the thread's, or the job's own). A job over its budget, or whose caller stops waiting
 * (its signal aborts), stops its thread (a loop in JavaScript cannot be interrupted otherwise)
 * and fails; the next job starts a new thread. The thread starts with the first job. A job may
 * report progress while it runs (`{id, progress: {done, total}}` from the thread).
 */
import { Worker } from 'node:worker_threads';
import { ScenarioError, type ErrorCode, type Issue } from '../core/errors.ts';

/** What a job thread's script posts back for a job: progress while it runs, then its answer. */
type JobReply =
  | { readonly id: number; readonly progress: { readonly done: number; readonly total: number } }
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly message: string;
      readonly stack?: string;
      readonly issues?: readonly Issue[];
      readonly heading?: string;
      readonly code?: ErrorCode;
    };

/** Most time a new thread's script may take to load (its jobs' budgets start after). */
const START_LIMIT_MS = 30_000;

/** What a job thread's script posts once it has loaded, before any reply. */
const READY = { ready: true } as const;

/** A job that ran past its time budget (its thread was stopped). */
export class JobTimeout extends Error {
  constructor(
    readonly job: string,
    readonly budgetMs: number,
  ) {
    super(`${job} took longer than ${budgetMs >= 1000 ? `${budgetMs / 1000} s` : `${budgetMs} ms`}`);
  }
}

const TSX_BOOTSTRAP = new URL('./tsx-worker.mjs', import.meta.url);

/** A job thread's script beside the module at `base` (its import.meta.url): `name`.js when compiled, `name`.ts from the sources. */
export function jobScript(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/** How one job runs. */
export interface JobOptions {
  /** Buffers the job's message moves to the thread instead of copying. */
  readonly transfer?: readonly ArrayBuffer[];
  /** This job's time budget, ms, in place of the thread's. */
  readonly budgetMs?: number;
  /** Called with the job's progress as its thread reports it. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborted: the job leaves the queue, or its thread is stopped; it fails with the signal's reason. */
  readonly signal?: AbortSignal;
}

interface Pending {
  readonly id: number;
  readonly message: unknown;
  readonly options: JobOptions;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class JobThread {
  private worker: Worker | undefined;
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: NodeJS.Timeout | undefined } | undefined;
  /** Threads whose script has loaded (it says so first): a job's clock starts then. */
  private readonly ready = new WeakSet<Worker>();
  private nextId = 1;
  private closed = false;

  /**
   * @param script the worker's module (it answers `{ id, ...job }` messages with a JobReply)
   * @param name what a job is called in a JobTimeout's message ("drawing the image")
   * @param budgetMs each job's time budget
   */
  constructor(
    private readonly script: URL,
    private readonly name: string,
    readonly budgetMs: number,
  ) {}

  /** Runs a job (a structured-cloneable message); resolves with the script's value. */
  run<T>(job: object, options: JobOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('job thread is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(reasonOf(signal));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      const pending: Pending = { id, message: { ...job, id }, options, resolve: resolve as (v: unknown) => void, reject };
      if (signal) {
        const abort = () => this.abort(pending, reasonOf(signal));
        signal.addEventListener('abort', abort, { once: true });
        const done = () => signal.removeEventListener('abort', abort);
        pending.resolve = (v) => (done(), resolve(v as T));
        pending.reject = (e) => (done(), reject(e));
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  /** A job whose caller stopped waiting: out of the queue, or its thread stopped. */
  private abort(pending: Pending, reason: Error): void {
    const at = this.queue.indexOf(pending);
    if (at >= 0) {
      this.queue.splice(at, 1);
      pending.reject(reason);
      return;
    }
    if (this.current?.pending !== pending) return;
    clearTimeout(this.current.timer);
    this.current = undefined;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    pending.reject(reason);
    this.pump();
  }

  /** Jobs waiting or running. */
  get pending(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // a TypeScript script (tests, `npm run dev`) starts through a bootstrap that registers tsx
    const worker = this.script.pathname.endsWith('.ts') ? new Worker(TSX_BOOTSTRAP, { workerData: { script: this.script.href } }) : new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: JobReply | typeof READY) => this.settle(worker, reply));
    // a thread whose script never finishes loading fails its job (and is stopped) after START_LIMIT_MS
    const start = setTimeout(() => {
      if (this.ready.has(worker)) return;
      this.fail(worker, new Error(`${this.name} failed: its thread did not start within ${START_LIMIT_MS / 1000} s`));
      void worker.terminate();
    }, START_LIMIT_MS);
    start.unref();
    worker.on('error', (err) => this.fail(worker, err));
    worker.on('exit', (code) => this.fail(worker, new Error(`job thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.current || this.queue.length === 0 || this.closed) return;
    const pending = this.queue.shift() as Pending;
    const worker = this.thread();
    this.current = { pending, timer: undefined };
    // the budget counts the job, not the thread's start: a new thread's clock starts when its script is loaded
    if (this.ready.has(worker)) this.startClock(worker);
    try {
      worker.postMessage(pending.message, [...(pending.options.transfer ?? [])]);
    } catch (err) {
      // a job that cannot be copied to the thread fails alone
      clearTimeout(this.current.timer);
      this.current = undefined;
      pending.reject(err as Error);
      this.pump();
    }
  }

  private startClock(worker: Worker): void {
    const current = this.current;
    if (!current || current.timer !== undefined) return;
    const { pending } = current;
    const budgetMs = pending.options.budgetMs ?? this.budgetMs;
    current.timer = setTimeout(() => {
      // over budget: the thread is stopped, and the next job gets a new one
      if (this.current?.pending !== pending) return;
      this.current = undefined;
      this.worker = undefined;
      void worker.terminate();
      pending.reject(new JobTimeout(this.name, budgetMs));
      this.pump();
    }, budgetMs);
  }

  private settle(worker: Worker, message: JobReply | typeof READY): void {
    if ('ready' in message) {
      this.ready.add(worker);
      if (worker === this.worker) this.startClock(worker);
      return;
    }
    const reply = message;
    const current = this.current;
    if (worker !== this.worker || !current || current.pending.id !== reply.id) return;
    if ('progress' in reply) {
      current.pending.options.onProgress?.(reply.progress.done, reply.progress.total);
      return;
    }
    clearTimeout(current.timer);
    this.current = undefined;
    if (reply.ok) current.pending.resolve(reply.value);
    else if (reply.issues) current.pending.reject(new ScenarioError(reply.issues, reply.heading, reply.code));
    else {
      const err = new Error(`${this.name} failed: ${reply.message}`);
      if (reply.stack) err.stack = reply.stack;
      current.pending.reject(err);
    }
    this.pump();
  }

  private fail(worker: Worker, err: Error): void {
    if (worker !== this.worker) return; // a thread stopped for its budget, or replaced
    this.worker = undefined;
    const current = this.current;
    if (current) {
      clearTimeout(current.timer);
      this.current = undefined;
      current.pending.reject(err);
    }
    this.pump();
  }

  /** Stops the thread; waiting and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('job thread is closed');
    for (const p of this.queue.splice(0)) p.reject(err);
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.pending.reject(err);
      this.current = undefined;
    }
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/** The error of an aborted signal. */
function reasonOf(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the job was cancelled');
}

/**
 * The body of a job thread's script: answers each job with `perform(job, progress)`'s value (or
 * its error, a ScenarioError keeping its issues), transferring the buffers `transfer` names;
 * `progress(done, total)` tells the job's caller how far it is.
 */
export function answerJobs(
  port: import('node:worker_threads').MessagePort,
  perform: (job: never, progress: (done: number, total: number) => void) => unknown,
  transfer: (value: unknown) => ArrayBuffer[] = () => [],
): void {
  port.postMessage(READY);
  port.on('message', (message: { id: number }) => {
    let reply: JobReply;
    let moved: ArrayBuffer[] = [];
    try {
      const value = perform(message as never, (done, total) => port.postMessage({ id: message.id, progress: { done, total } }));
      moved = transfer(value);
      reply = { id: message.id, ok: true, value };
    } catch (err) {
      const e = err as Error;
      reply =
        err instanceof ScenarioError
          ? { id: message.id, ok: false, message: e.message, issues: err.issues, heading: err.heading, code: err.code }
          : { id: message.id, ok: false, message: e.message, stack: e.stack };
    }
    port.postMessage(reply, moved);
  });
}
