/**
 * The worker pool (piscina) that performs the phases of runs (src/core/run.ts) over
 * SharedArrayBuffers. A run is a group with a setup (the compiled model, options, buffers) that a
 * worker installs on its first task of the run: the group's first tasks, one per worker, carry it,
 * and a worker that gets a later task without having it answers `needSetup` and gets the task again
 * with it. The model travels as shared bytes (v8.serialize, once per model), so carrying it costs
 * nothing and a worker decodes it once. Results are identical to a single-threaded run because
 * every trial draws from its own streams.
 */
import { availableParallelism } from 'node:os';
import { serialize, setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ScenarioError, type ErrorCode, type Issue } from '../core/errors.ts';
import type { CompiledModel } from '../core/model.ts';
import type { RunBuffers, RunOptions } from '../core/run.ts';
import type { SharedTables } from '../core/sampler.ts';
import type { ColumnSummary } from '../core/summarize.ts';
import type { freeEffectsAt } from '../core/run.ts';

/** What a worker needs once per run: the compiled model, the run's options and its shared buffers. */
export interface RunSetup {
  readonly model: CompiledModel;
  readonly options: RunOptions;
  readonly buffers: RunBuffers;
  /** The PERT z-tables, built by the workers together (the model arrives without them). */
  readonly tables?: SharedTables;
}

/** A setup as a task carries it: the model as v8-serialized shared bytes, numbered so a worker decodes each model once. */
export interface WireSetup extends Omit<RunSetup, 'model'> {
  readonly modelId: number;
  readonly model: Uint8Array;
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
  /** And the free sensitivity of inputs [inputs[0], inputs[1]) on those years' outputs (its columns stay in trial order: run.ts summarizeScopes). */
  readonly inputs: readonly [number, number];
  /** And search these targets' required uplift (their years' columns are complete and still held; a target's searches in one task share their memo). */
  readonly uplifts: readonly { readonly index: number; readonly probability: number }[];
};

/** What a step task gives back: per summarized year, its scopes' summaries; per uplift search, its answer. */
export interface StepReply {
  readonly years: ColumnSummary[][];
  readonly uplifts: (number | null)[];
  /** The free sensitivity's effects of the task's inputs on the summarized years' outputs. */
  readonly effects: ReturnType<typeof freeEffectsAt>;
}

/** What a worker is sent: a task of run `group`, maybe with the run's setup, and the runs still open (a worker forgets the others). */
export interface PoolMessage {
  readonly group: number;
  readonly task: PoolTask;
  readonly setup?: WireSetup;
  readonly live: readonly number[];
}

/** A worker's answer (errors travel as values: a ScenarioError keeps its issues and heading). */
export type PoolReply =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly needSetup?: true;
      readonly message: string;
      readonly stack?: string;
      readonly issues?: readonly Issue[];
      readonly heading?: string;
      readonly code?: ErrorCode;
    };

/** Default number of workers: the machine's parallelism, at most 8. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

// compiled (dist/node/pool.js or a chunk in dist/bundle/): the worker bundled into one CommonJS
// file (scripts/bundle.mjs); from the TypeScript sources (tests, `npm run dev`): a JS bootstrap
// that registers tsx inside the worker, then exports the TypeScript worker's function
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
   * After a run that held at least this many bytes, replace every worker (the server's pools;
   * running tasks finish on the old ones). A thread that was sent a run's shared buffers keeps
   * them until its garbage collector runs, which in an idle worker may be never: measured, four
   * baseline runs of a million trials in a row took a server from 1.1 to 2.5 GB. A new thread
   * holds nothing.
   */
  readonly recycleAfterBytes?: number;
}

/** An open run: its setup, and how many of its tasks carried it. */
interface Group {
  readonly setup: WireSetup;
  carried: number;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('run aborted');
}

export class WorkerPool {
  readonly size: number;
  private threads: Piscina<PoolMessage, PoolReply>;
  private readonly groups = new Map<number, Group>();
  /** Each model's id and shared bytes: a model compiled once and run again (the server caches them) is serialized once. */
  private readonly models = new WeakMap<CompiledModel, { id: number; bytes: Uint8Array }>();
  private nextModel = 1;
  private closed = false;
  private readonly recycleAfterBytes: number;

  constructor(size = defaultPoolSize(), options: PoolOptions = {}) {
    this.size = size;
    this.recycleAfterBytes = options.recycleAfterBytes ?? Infinity;
    if (options.exclusive) for (const flag of EXCLUSIVE_FLAGS) setFlagsFromString(flag);
    this.threads = this.start();
  }

  private start(): Piscina<PoolMessage, PoolReply> {
    const threads = new Piscina<PoolMessage, PoolReply>({ filename: fileURLToPath(workerUrl), minThreads: this.size, maxThreads: this.size, idleTimeout: Infinity });
    // piscina emits 'error' for a worker that fails between tasks (it replaces the worker) and for
    // a close that times out (it then stops the workers): neither may bring the process down; a
    // task's own failure reaches its caller
    threads.on('error', () => {});
    return threads;
  }

  private wire(model: CompiledModel): { id: number; bytes: Uint8Array } {
    let wired = this.models.get(model);
    if (!wired) {
      const local = serialize(model);
      const bytes = new Uint8Array(new SharedArrayBuffer(local.byteLength));
      bytes.set(local);
      wired = { id: this.nextModel++, bytes };
      this.models.set(model, wired);
    }
    return wired;
  }

  /** Registers a run's setup under `group`: each worker installs it on its first task of the group. */
  open(group: number, setup: RunSetup): void {
    const { id, bytes } = this.wire(setup.model);
    this.groups.set(group, { setup: { ...setup, modelId: id, model: bytes }, carried: 0 });
  }

  /** Forgets a run: workers drop its setup and buffers on their next task. */
  release(group: number): void {
    this.groups.delete(group);
  }

  /** Runs one task of run `group` on the next free worker; resolves with its value. `signal` cancels it (a running task's worker is replaced). */
  async run<T>(group: number, task: PoolTask, signal?: AbortSignal): Promise<T> {
    if (this.closed) throw new Error('pool is closed');
    const open = this.groups.get(group);
    // the group's first tasks carry its setup (one per worker, most likely a task each); later ones only when asked
    const carry = open !== undefined && open.carried < this.size;
    if (carry) open.carried++;
    let reply = await this.post(group, task, carry, signal);
    if (!reply.ok && reply.needSetup && open && !carry) reply = await this.post(group, task, true, signal);
    if (reply.ok) return reply.value as T;
    if (reply.issues) throw new ScenarioError(reply.issues, reply.heading, reply.code);
    const err = new Error(`worker failed: ${reply.message}`);
    if (reply.stack) err.stack = reply.stack;
    throw err;
  }

  private async post(group: number, task: PoolTask, carry: boolean, signal?: AbortSignal): Promise<PoolReply> {
    const setup = carry ? this.groups.get(group)?.setup : undefined;
    try {
      return await this.threads.run({ group, task, setup, live: [...this.groups.keys()] }, { signal });
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      throw err;
    }
  }

  /** Called when a run that held `bytes` is released: past recycleAfterBytes, every worker is replaced. */
  finished(bytes: number): void {
    if (bytes < this.recycleAfterBytes || this.closed) return;
    const old = this.threads;
    this.threads = this.start();
    for (const open of this.groups.values()) open.carried = 0;
    old.close().catch(() => {});
  }

  /** The workers' thread ids (they change when workers are replaced). */
  get threadIds(): number[] {
    return this.threads.threads.map((w) => w.threadId);
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    await this.threads.destroy();
  }
}
