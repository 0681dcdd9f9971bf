/**
 * The run service's slots and queue: p-queue runs at most `concurrentRuns` runs at once; its queue
 * class (FairQueue) hands a freed slot to the waiting client served least recently and takes a
 * dropped run out at once. Beyond `queueLimit` waiting runs, or half of them from one client, a run
 * gets a 503 with a Retry-After estimated from the trials queued and executing.
 */
import PQueue, { type Queue, type QueueAddOptions } from 'p-queue';
import { HttpError } from './errors.ts';

type RunFunction = () => Promise<unknown>;

/** What a run waits with: who asked (client address), and `drop`, which takes it out of the queue when it aborts. */
export type Waiting = QueueAddOptions & {
  readonly client: string;
  readonly drop?: AbortSignal;
};

/** p-queue's queue class: FIFO within a client, least recently served client first, dropped runs taken out at once. */
export class FairQueue implements Queue<RunFunction, Waiting> {
  private readonly entries: { readonly run: RunFunction; readonly client: string }[] = [];
  /** When each client last had a run started (a counter). */
  private readonly lastServed = new Map<string, number>();
  private served = 0;

  enqueue(run: RunFunction, options: Partial<Waiting> = {}): void {
    const entry = { run, client: options.client ?? '' };
    this.entries.push(entry);
    options.drop?.addEventListener(
      'abort',
      () => {
        const i = this.entries.indexOf(entry);
        if (i >= 0) this.entries.splice(i, 1);
      },
      { once: true },
    );
  }

  dequeue(): RunFunction | undefined {
    if (this.entries.length === 0) return undefined;
    const served = (client: string) => this.lastServed.get(client) ?? -1;
    let best = 0;
    for (let i = 1; i < this.entries.length; i++) if (served(this.entries[i].client) < served(this.entries[best].client)) best = i;
    const [next] = this.entries.splice(best, 1);
    if (this.lastServed.size > 10_000) this.lastServed.clear();
    this.lastServed.set(next.client, this.served++);
    return next.run;
  }

  /** The waiting runs of `options.client` (all, without one). */
  filter(options: Readonly<Partial<Waiting>>): RunFunction[] {
    return this.entries.filter((e) => options.client === undefined || e.client === options.client).map((e) => e.run);
  }

  /** Priorities are not used: order is by client. */
  setPriority(): void {}

  get size(): number {
    return this.entries.length;
  }
}

export class RunQueue {
  private readonly queue: PQueue<FairQueue, Waiting>;
  /** Trials of the runs waiting and executing, for Retry-After. */
  private readonly waiting = new Set<{ trials: number }>();
  private readonly executing = new Set<{ trials: number }>();
  /** Recent runs' durations and trials, for Retry-After. */
  private readonly recent: { ms: number; trials: number }[] = [];
  /** Runs dropped while they waited. */
  dropped = 0;

  constructor(
    private readonly concurrentRuns: number,
    private readonly queueLimit: number,
  ) {
    this.queue = new PQueue<FairQueue, Waiting>({ concurrency: concurrentRuns, queueClass: FairQueue });
  }

  /**
   * Runs `job` (a run of `trials`) in a free slot, or after waiting for one; rejects with
   * `drop.reason`, and leaves the queue, when `drop` aborts while it waits (once it executes, the
   * job itself listens). A full queue, or a client already holding half of it, is a 503.
   */
  async run<T>(job: () => Promise<T>, trials: number, client: string, drop: AbortSignal): Promise<T> {
    if (drop.aborted) throw drop.reason;
    if (this.queue.pending >= this.concurrentRuns || this.queue.size > 0) this.admit(client, trials);
    const mark = { trials };
    this.waiting.add(mark);
    let onDrop = () => {};
    const dropped = new Promise<never>((_, reject) => {
      onDrop = () => {
        if (!this.waiting.delete(mark)) return;
        this.dropped++;
        reject(drop.reason);
      };
    });
    drop.addEventListener('abort', onDrop, { once: true });
    const ran = this.queue.add(
      async () => {
        drop.removeEventListener('abort', onDrop);
        this.waiting.delete(mark);
        this.executing.add(mark);
        const started = performance.now();
        try {
          const value = await job();
          this.recent.push({ ms: performance.now() - started, trials });
          if (this.recent.length > 20) this.recent.shift();
          return value;
        } finally {
          this.executing.delete(mark);
        }
      },
      { client, drop },
    );
    return Promise.race([ran as Promise<T>, dropped]);
  }

  /** Throws the 503 of a run that would have to wait in a full queue, or past its client's share. */
  private admit(client: string, trials: number): void {
    const mine = this.queue.sizeBy({ client });
    const share = Math.max(1, Math.floor(this.queueLimit / 2));
    if (this.queue.size < this.queueLimit && mine < share) return;
    const seconds = this.retryAfterSeconds(trials);
    const why =
      mine >= share
        ? `you have ${mine} runs waiting, the most one client may (half the queue of ${this.queueLimit})`
        : `${this.queue.pending} runs executing and ${this.queue.size} waiting`;
    throw new HttpError(503, `the server is busy: ${why}; retry in about ${seconds} s`, [], { 'retry-after': String(seconds) });
  }

  /** Milliseconds a trial takes, from recent runs (10k trials ≈ 0.1 s before any has run). */
  private msPerTrial(): number {
    const trials = this.recent.reduce((a, r) => a + r.trials, 0);
    return trials > 0 ? this.recent.reduce((a, r) => a + r.ms, 0) / trials : 0.01;
  }

  /** Seconds until a run of `trials` would start and finish: the queued work ahead, half the executing, shared by the slots. */
  retryAfterSeconds(trials: number): number {
    const rate = this.msPerTrial();
    const sum = (marks: Set<{ trials: number }>) => [...marks].reduce((a, r) => a + r.trials, 0);
    const ms = ((sum(this.waiting) + sum(this.executing) / 2) * rate) / this.concurrentRuns + trials * rate;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  /** Runs executing and waiting. */
  get active(): number {
    return this.queue.pending;
  }

  get size(): number {
    return this.queue.size;
  }
}
