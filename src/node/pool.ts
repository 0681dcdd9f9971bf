/**
 * A pool of worker threads that simulate chunks of trials into SharedArrayBuffers. The main
 * thread plans, validates and summarizes; workers only run the kernel. Results are identical
 * to a single-threaded run because every trial draws from its own streams.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Overrides } from '../core/compile.ts';
import type { Scenario } from '../schema/scenario.ts';

/** One chunk of work sent to a worker. */
export interface ChunkTask {
  readonly id: number;
  readonly modelKey: string;
  readonly scenario: Scenario;
  readonly overrides: Overrides;
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  readonly stride: number;
  readonly scopes: readonly (SharedArrayBuffer | undefined)[];
  readonly replay: SharedArrayBuffer | undefined;
  readonly replayTrials: number;
  readonly replaySteps: number;
}

export type ChunkReply = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly message: string; readonly stack?: string };

interface Pending {
  readonly task: ChunkTask;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** Default number of workers: the machine's parallelism, at most 8. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const workerUrl = new URL('./simulation-worker.ts', import.meta.url);

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
    const worker = new Worker(workerUrl, { execArgv: ['--import', tsxLoader] });
    worker.unref();
    worker.on('message', (reply: ChunkReply) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      if (pending) {
        if (reply.ok) pending.resolve();
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

  /** Runs one chunk; resolves when the worker has written its trials. */
  runChunk(task: Omit<ChunkTask, 'id'>): Promise<void> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('pool closed'));
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
