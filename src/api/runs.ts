/**
 * The run service: resolves a run request to a scenario, derives the run's permanent id (a
 * content hash), answers from the store when the run exists, and otherwise runs it on the worker
 * pool through a bounded queue with a time budget, then stores the manifest.
 */
import { compileScenario, type CompiledModel, type Overrides } from '../core/compile.ts';
import { MORE_PATH, ScenarioError, type ErrorCode, type Issue } from '../core/errors.ts';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ENGINE_VERSION, planRun } from '../core/run.ts';
import { JobTimeout } from '../node/job-thread.ts';
import type { WorkerPool } from '../node/pool.ts';
import { runScenario } from '../node/runner.ts';
import type { RunManifest, RunOptionsRecord, ScenarioRef } from '../schema/manifest.ts';
import type { RunBody } from '../schema/requests.ts';
import { checkScenario } from '../schema/parse.ts';
import type { Scenario } from '../schema/scenario.ts';
import { Canonical, canonicalJson, contentHash, type Store } from '../store/store.ts';
import type { Catalog } from './catalog.ts';
import type { ApiConfig } from './config.ts';
import { HttpError } from './errors.ts';
import { RUN_DEFAULTS } from '../core/limits.ts';
import { grouped } from '../core/format.ts';

/** What a client asks for: a stored scenario (by id, optionally a version) or an inline one (the request body's one definition). */
export type RunRequest = Readonly<RunBody>;

/** The server settings a run service obeys (config.ts says what each means). */
export type RunLimits = Pick<ApiConfig, 'maxTrials' | 'memoryBudgetMb' | 'runStoreMb' | 'diskReserveMb' | 'databasePath' | 'runTimeoutMs' | 'concurrentRuns' | 'queueLimit'>;

/** A run's manifest as JSON text, and whether it came from the store. */
export interface RunOutcome {
  readonly id: string;
  readonly json: string;
  readonly cached: boolean;
}

/**
 * A stored run's manifest as JSON text, or a 404 saying how runs are made; `path` names the
 * request field that held the id, when there is one to name.
 */
export function storedRun(store: Store, id: string, path?: string, now = new Date()): string {
  const row = store.getRun(id, now.toISOString());
  if (!row) throw new HttpError(404, `no run with id ${id}; runs are created by POST /api/runs`, path ? [{ path, message: 'give the id of a stored run' }] : []);
  return row.manifest;
}

/** Drops overrides that change nothing (a shift of 0, an event left on or changed by nothing, a scale of 1), so equal requests hash equal. */
function normalizeOverrides(o: Overrides | undefined): Overrides {
  const out: Record<string, unknown> = {};
  const keep = <T>(m: Readonly<Record<string, T>> | undefined, changes: (v: T) => boolean) => {
    const kept = Object.entries(m ?? {}).filter(([, v]) => changes(v));
    return kept.length ? Object.fromEntries(kept) : undefined;
  };
  const leverDelivery = keep(o?.leverDelivery, () => true);
  const growthShift = keep(o?.growthShift, (v) => v !== 0);
  // an event change keeps only what changes something (an impact scale of 1 does not)
  const eventChanges = Object.entries(o?.events ?? {}).map(([id, v]) => [id, typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k, x]) => !(k === 'impactScale' && x === 1))) : v] as const);
  const events = keep(Object.fromEntries(eventChanges), (v) => v !== true && !(typeof v === 'object' && Object.keys(v).length === 0));
  if (leverDelivery) out.leverDelivery = leverDelivery;
  if (growthShift) out.growthShift = growthShift;
  if (events) out.events = events;
  if (o?.volatilityScale !== undefined && o.volatilityScale !== 1) out.volatilityScale = o.volatilityScale;
  return out as Overrides;
}

/**
 * Scenarios whose canonical JSON is at least this long compile on the compile thread: measured, a
 * 534 KB scenario (100 fields with 11 periods of expressions, 400 lever effects) took 0.19–0.35 s
 * to compile, and a 32 KB one under 10 ms.
 */
export const OFF_THREAD_COMPILE_CHARS = 32 * 1024;

/** A checked run request: its scenario, options and id, and the model unless the run is stored already. */
export interface PreparedRun {
  readonly scenario: Scenario;
  readonly ref: ScenarioRef;
  readonly options: Readonly<RunOptionsRecord>;
  readonly id: string;
  readonly model: CompiledModel | undefined;
}

/** Called with (steps done, steps in all) while a run executes. */
export type ProgressListener = (done: number, total: number) => void;

/** A run queued or executing. */
interface InFlight {
  readonly promise: Promise<RunOutcome>;
  /** Requests waiting for it; when the last one goes, the run is dropped (queued) or stopped (executing). */
  waiters: number;
  readonly drop: AbortController;
  readonly listeners: Set<ProgressListener>;
  /** The latest progress, for a request that joins a run already under way. */
  last?: { readonly done: number; readonly total: number };
}

/** Catalog scenarios, and models per scenario, that a RunService keeps compiled. */
const KNOWN_KEPT = 32;

/** What a RunService keeps of a catalog scenario: the canonical JSON that run ids hash, and its models by overrides. */
interface Known {
  readonly canonical: Canonical;
  readonly models: Map<string, CompiledModel>;
}

export class RunService {
  private active = 0;
  /** Runs dropped from the queue or stopped while executing because their clients went away (reported by the health route). */
  private dropped = 0;
  /** Runs waiting for a slot: who asked (client address), how many trials, and how to start it. */
  private readonly waiting: { readonly go: () => void; readonly client: string; readonly trials: number }[] = [];
  /** Trials of the runs executing now. */
  private readonly executing = new Set<{ trials: number }>();
  /** When each client last had a run started (a counter): the next slot goes to whoever waited longest since. */
  private readonly lastServed = new Map<string, number>();
  private served = 0;
  /** Runs queued or executing, with how many requests wait for each, a way to drop one, and who follows its progress. */
  private readonly inFlight = new Map<string, InFlight>();
  /** Recent runs' durations and trials, for Retry-After estimates. */
  private readonly recent: { ms: number; trials: number }[] = [];
  /**
   * Of the scenarios the catalog holds (bundled, or a saved version: neither ever changes), by
   * source, id and version: the canonical JSON that run ids hash, and the models compiled with each
   * set of overrides. A model compiled once is sent to each worker once (pool.ts) and keeps the
   * JIT's work there; an inline scenario is compiled for each request.
   */
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly pool: WorkerPool,
    private readonly limits: RunLimits,
    private readonly now: () => Date = () => new Date(),
    /** Compiles on another thread (a JobThread running compile-worker); without it, big scenarios compile here too. */
    private readonly compileAway?: (scenario: Scenario, overrides: Overrides) => Promise<CompiledModel>,
  ) {}

  /**
   * Compiles a scenario (ScenarioError on bad input): a big one (canonical JSON of `size`
   * characters from OFF_THREAD_COMPILE_CHARS) on the compile thread, so this thread keeps
   * answering; a small one here, at once.
   */
  async compile(scenario: Scenario, overrides: Overrides = {}, size = canonicalJson(scenario).length): Promise<CompiledModel> {
    if (!this.compileAway || size < OFF_THREAD_COMPILE_CHARS) return compileScenario(scenario, overrides);
    try {
      return await this.compileAway(scenario, overrides);
    } catch (err) {
      if (err instanceof JobTimeout) throw new HttpError(422, `compiling the scenario took longer than this server's budget of ${err.budgetMs / 1000} s; give it fewer or simpler expressions`);
      throw err;
    }
  }

  /** Stores a run within RUN_STORE_MB; a disk that fills up meanwhile is a 507, not a 500. */
  private storeRun(row: Parameters<Store['putRun']>[0]): void {
    try {
      this.store.putRun(row, this.limits.runStoreMb * 1024 * 1024);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) throw new HttpError(507, `the run finished but could not be stored: the server's disk is full (${code}); free space, or lower RUN_STORE_MB so fewer runs are kept`);
      throw err;
    }
  }

  /** A new run needs room on the store's disk: 507 before it starts when free space is below the reserve. */
  private checkDisk(): void {
    if (this.limits.databasePath === ':memory:') return;
    let free: number;
    try {
      const fs = statfsSync(dirname(this.limits.databasePath));
      free = fs.bavail * fs.bsize;
    } catch {
      return; // a file system that cannot say: the write will tell
    }
    const mb = (b: number) => Math.floor(b / 1048576);
    if (free < this.limits.diskReserveMb * 1048576) {
      throw new HttpError(507, `the server's disk is nearly full (${mb(free)} MB free, ${this.limits.diskReserveMb} MB kept in reserve): no new run is started; free space, or lower RUN_STORE_MB so fewer runs are kept`);
    }
  }

  private get memoryBudgetBytes(): number {
    return this.limits.memoryBudgetMb * 1024 * 1024;
  }

  /** Resolves the request's scenario; 404 for unknown ids, ScenarioError for a bad inline one. */
  resolve(req: RunRequest, path = ''): { scenario: Scenario; ref: ScenarioRef } {
    const at = (key: string) => (path ? `${path}.${key}` : key);
    if (req.scenario !== undefined && req.scenarioId !== undefined) {
      throw new ScenarioError([{ path: at('scenarioId'), message: 'give either scenarioId (a stored scenario) or scenario (inline), not both' }], 'invalid run request', 'invalid-request');
    }
    if (req.scenario !== undefined) {
      if (req.version !== undefined) {
        throw new ScenarioError([{ path: at('version'), message: 'version selects a saved scenario by scenarioId; an inline scenario has none' }], 'invalid run request', 'invalid-request');
      }
      try {
        const scenario = checkScenario(req.scenario);
        return { scenario, ref: { id: scenario.id, source: 'inline', version: null } };
      } catch (err) {
        if (err instanceof ScenarioError) throw err.with(err.issues.map((i) => ({ ...i, path: i.path === MORE_PATH ? i.path : i.path ? `${at('scenario')}.${i.path}` : at('scenario') })), 'invalid scenario');
        throw err;
      }
    }
    if (req.scenarioId === undefined) throw new ScenarioError([{ path: at('scenarioId'), code: 'missing', message: 'is missing: give scenarioId (see GET /api/scenarios) or an inline scenario' }], 'invalid run request', 'invalid-request');
    const found = this.catalog.get(req.scenarioId, req.version);
    if (!found) {
      const known = this.catalog.has(req.scenarioId);
      throw new HttpError(404, known ? `scenario ${req.scenarioId} has no version ${req.version}` : `no scenario with id ${req.scenarioId}; see GET /api/scenarios`);
    }
    return found;
  }

  /**
   * Checks the request (scenario, overrides, limits) and computes the run's id and options. Paths of
   * problems start with `path` (a or b in a comparison).
   */
  async prepare(req: RunRequest, path = '', trialsPath = path ? `${path}.trials` : 'trials'): Promise<PreparedRun> {
    const { scenario, ref } = this.resolve(req, path);
    const trials = req.trials ?? scenario.simulation.trials;
    const seed = req.seed ?? scenario.simulation.seed;
    const overrides = normalizeOverrides(req.overrides);
    const issues: Issue[] = [];
    if (trials > this.limits.maxTrials) {
      const fromScenario = req.trials === undefined;
      issues.push({
        code: 'limit',
        path: fromScenario ? (path ? `${path}.scenario.simulation.trials` : 'scenario.simulation.trials') : trialsPath,
        message: `at most ${grouped(this.limits.maxTrials)} trials per run on this server, got ${grouped(trials)}${fromScenario ? ' from the scenario; pass trials to ask for fewer' : ''}`,
      });
    }
    if (issues.length) throw new ScenarioError(issues, 'invalid run request', 'too-large');
    const upliftTrials = Math.min(trials, scenario.simulation.upliftTrials ?? RUN_DEFAULTS.upliftTrials);
    const options = { trials, seed, upliftTrials, overrides };
    // the scenario's source and version are part of the id: a run refers to the version it used
    const known = this.knownOf(scenario, ref);
    const canonical = known?.canonical ?? new Canonical(canonicalJson(scenario));
    const id = contentHash({ engineVersion: ENGINE_VERSION, scenario: canonical, ref, trials, seed, upliftTrials, overrides });
    // a stored run was checked when it was made: answered from the store, it is not compiled again
    if (this.store.hasRun(id)) return { scenario, ref, options, id, model: undefined };
    const overridesKey = canonicalJson(overrides);
    let model = known?.models.get(overridesKey);
    let code: ErrorCode = 'invalid-request';
    try {
      if (!model) {
        model = await this.compile(scenario, overrides, canonical.json.length);
        if (known && known.models.size < KNOWN_KEPT) known.models.set(overridesKey, model);
      }
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      code = err.code;
      // an inline scenario's own problems are at the request's scenario key (as its shape problems are); overrides' are the request's already
      const inScenario = (p: string) => ref.source === 'inline' && p !== MORE_PATH && !p.startsWith('overrides');
      for (const i of err.issues) {
        const at = inScenario(i.path) ? `scenario.${i.path}` : i.path;
        issues.push({ ...i, path: path && at !== MORE_PATH ? `${path}.${at}` : at });
      }
    }
    if (issues.length || !model) throw new ScenarioError(issues, 'invalid run request', code);
    // the memory budget, checked before the run waits for a slot or allocates anything
    try {
      planRun(model, { trials, seed, upliftTrials, memoryBudgetBytes: this.memoryBudgetBytes }, false);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      throw err.with(err.issues.map((i) => ({ ...i, code: 'limit' as const, path: i.path === 'trials' ? trialsPath : i.path, message: `${i.message} (this server's MEMORY_BUDGET_MB)` })));
    }
    return { scenario, ref, options, id, model };
  }

  /** What is kept of a catalog scenario (undefined for an inline one). */
  private knownOf(scenario: Scenario, ref: ScenarioRef): Known | undefined {
    if (ref.source === 'inline') return undefined;
    const key = `${ref.source}\n${ref.id}\n${ref.version}`;
    let known = this.known.get(key);
    if (!known) {
      if (this.known.size >= KNOWN_KEPT) this.known.clear();
      known = { canonical: new Canonical(canonicalJson(scenario)), models: new Map() };
      this.known.set(key, known);
    }
    return known;
  }

  /** Runs (or finds) the run of a request. `gone` aborts when the client stops waiting. */
  async run(req: RunRequest, path = '', gone?: AbortSignal, client = ''): Promise<RunOutcome> {
    return this.runPrepared(await this.prepare(req, path), gone, undefined, client);
  }

  /**
   * Runs (or finds) a prepared request; `onProgress` follows the run while it executes (a request
   * that joins a run under way hears its latest progress at once). When every request waiting for
   * a run has gone (`gone` aborted: the page moved on to other assumptions, or its user pressed
   * Cancel), the run is dropped from the queue, or stopped if it is executing: its slot is freed
   * and nothing is stored, so a dragged slider or a cancelled long run does not keep the server busy.
   */
  async runPrepared(prepared: PreparedRun, gone?: AbortSignal, onProgress?: ProgressListener, client = ''): Promise<RunOutcome> {
    const stored = this.store.getRun(prepared.id, this.now().toISOString());
    if (stored) return { id: prepared.id, json: stored.manifest, cached: true };
    let entry = this.inFlight.get(prepared.id);
    if (!entry) this.checkDisk();
    if (!entry) {
      const drop = new AbortController();
      const listeners = new Set<ProgressListener>();
      const created: InFlight = {
        promise: this.execute(prepared, drop.signal, client, (done, total) => {
          created.last = { done, total };
          for (const listener of listeners) listener(done, total);
        }).finally(() => {
          if (this.inFlight.get(prepared.id) === created) this.inFlight.delete(prepared.id);
        }),
        waiters: 0,
        drop,
        listeners,
      };
      entry = created;
      this.inFlight.set(prepared.id, entry);
    }
    const run = entry;
    run.waiters++;
    if (onProgress) {
      run.listeners.add(onProgress);
      if (run.last) onProgress(run.last.done, run.last.total);
    }
    const settled = () => {
      if (onProgress) run.listeners.delete(onProgress);
    };
    run.promise.then(settled, settled);
    if (gone) {
      const leave = () => {
        run.waiters--;
        settled();
        if (run.waiters > 0) return;
        // a request for the same run from now on starts it afresh instead of joining one being stopped
        if (this.inFlight.get(prepared.id) === run) this.inFlight.delete(prepared.id);
        // 499, nginx's "client closed request": nobody reads it, and it is not a server error
        run.drop.abort(new HttpError(499, 'every client waiting for this run has gone; it was dropped (queued) or stopped (executing)'));
      };
      if (gone.aborted) leave();
      else {
        gone.addEventListener('abort', leave, { once: true });
        run.promise.then(
          () => gone.removeEventListener('abort', leave),
          () => gone.removeEventListener('abort', leave),
        );
      }
    }
    return run.promise;
  }

  /** Milliseconds a trial takes, from recent runs (10k trials ≈ 0.1 s before any has run). */
  private msPerTrial(): number {
    const trials = this.recent.reduce((a, r) => a + r.trials, 0);
    return trials > 0 ? this.recent.reduce((a, r) => a + r.ms, 0) / trials : 0.01;
  }

  /** Seconds until a run of `trials` would start and finish: the queued work ahead, half the executing, shared by the slots. */
  private retryAfterSeconds(trials: number): number {
    const rate = this.msPerTrial();
    const queued = this.waiting.reduce((a, w) => a + w.trials, 0);
    const executing = [...this.executing].reduce((a, r) => a + r.trials, 0);
    const ms = ((queued + executing / 2) * rate) / this.limits.concurrentRuns + trials * rate;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  /**
   * Waits for a free run slot; rejects (and leaves the queue) when `drop` aborts first. A full
   * queue, or a client already holding half of it, is a 503 with an estimated Retry-After.
   */
  private async slot(drop: AbortSignal, client: string, trials: number): Promise<void> {
    if (drop.aborted) throw drop.reason;
    if (this.active < this.limits.concurrentRuns && this.waiting.length === 0) {
      this.active++;
      this.lastServed.set(client, this.served++);
      return;
    }
    const mine = this.waiting.filter((w) => w.client === client).length;
    const share = Math.max(1, Math.floor(this.limits.queueLimit / 2));
    if (this.waiting.length >= this.limits.queueLimit || mine >= share) {
      const seconds = this.retryAfterSeconds(trials);
      const why = mine >= share ? `you have ${mine} runs waiting, the most one client may (half the queue of ${this.limits.queueLimit})` : `${this.active} runs executing and ${this.waiting.length} waiting`;
      throw new HttpError(503, `the server is busy: ${why}; retry in about ${seconds} s`, [], { 'retry-after': String(seconds) });
    }
    await new Promise<void>((resolve, reject) => {
      const onDrop = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        this.dropped++;
        reject(drop.reason);
      };
      const entry = {
        client,
        trials,
        go: () => {
          drop.removeEventListener('abort', onDrop);
          resolve();
        },
      };
      drop.addEventListener('abort', onDrop, { once: true });
      this.waiting.push(entry);
    });
  }

  /**
   * Frees a slot and starts waiting runs while slots are free: each time the run of the client
   * served least recently (first in line among equals), so no client's burst holds the slots
   * while others wait.
   */
  private release(): void {
    this.active--;
    while (this.active < this.limits.concurrentRuns && this.waiting.length) {
      let best = 0;
      for (let i = 1; i < this.waiting.length; i++) {
        if ((this.lastServed.get(this.waiting[i].client) ?? -1) < (this.lastServed.get(this.waiting[best].client) ?? -1)) best = i;
      }
      const [next] = this.waiting.splice(best, 1);
      this.active++;
      this.lastServed.set(next.client, this.served++);
      if (this.lastServed.size > 10_000) this.lastServed.clear();
      next.go();
    }
  }

  private async execute(p: PreparedRun, drop: AbortSignal, client: string, onProgress: ProgressListener): Promise<RunOutcome> {
    await this.slot(drop, client, p.options.trials);
    const mark = { trials: p.options.trials };
    this.executing.add(mark);
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('time budget exceeded')), this.limits.runTimeoutMs);
    // every client gone: the run stops (the pool cancels its tasks) and frees its slot
    const stop = () => controller.abort(drop.reason);
    if (drop.aborted) stop();
    else drop.addEventListener('abort', stop, { once: true });
    try {
      const result = await runScenario(p.scenario, {
        trials: p.options.trials,
        seed: p.options.seed,
        upliftTrials: p.options.upliftTrials,
        overrides: p.options.overrides,
        pool: this.pool,
        minTrialsForPool: 1,
        memoryBudgetBytes: this.memoryBudgetBytes,
        // compiled in prepare, unless the run was stored then (and has gone from the store since)
        model: p.model ?? (await this.compile(p.scenario, p.options.overrides)),
        signal: controller.signal,
        onProgress,
      });
      const manifest: RunManifest = {
        id: p.id,
        engineVersion: ENGINE_VERSION,
        createdAt: this.now().toISOString(),
        scenarioRef: p.ref,
        scenario: p.scenario,
        options: p.options,
        result,
      };
      const json = JSON.stringify(manifest);
      this.storeRun({
        id: p.id,
        createdAt: manifest.createdAt,
        scenarioId: p.ref.id,
        scenarioVersion: p.ref.version,
        engineVersion: ENGINE_VERSION,
        trials: p.options.trials,
        seed: p.options.seed,
        manifest: json,
      });
      this.recent.push({ ms: performance.now() - started, trials: p.options.trials });
      if (this.recent.length > 20) this.recent.shift();
      return { id: p.id, json, cached: false };
    } catch (err) {
      if (drop.aborted) {
        this.dropped++;
        throw drop.reason;
      }
      if (controller.signal.aborted) {
        throw new ScenarioError(
          [{ path: 'trials', message: `the run took longer than this server's budget of ${this.limits.runTimeoutMs >= 1000 ? `${Math.round(this.limits.runTimeoutMs / 1000)} s` : `${this.limits.runTimeoutMs} ms`}; ask for fewer trials (${grouped(p.options.trials)} requested)` }],
          'run exceeded its time budget',
          'too-large',
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
      drop.removeEventListener('abort', stop);
      this.executing.delete(mark);
      this.release();
    }
  }

  /** Runs executing and waiting, and runs dropped or stopped because their clients went, for the health route. */
  get load(): { active: number; waiting: number; dropped: number } {
    return { active: this.active, waiting: this.waiting.length, dropped: this.dropped };
  }
}
