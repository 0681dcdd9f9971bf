/**
 * The analyses of issue 11 over HTTP: POST /api/sensitivity, /api/discover and
 * /api/compare/paired answer the documents `future-sim sensitivity`, `discover` and `compare
 * --paired` print with `--format json` (report/analysis-json.ts), computed on the analysis
 * thread (node/analysis-worker.ts) within ANALYSIS_TIMEOUT_MS, with `?progress=ndjson` as
 * POST /api/runs streams. A request resolves its scenario as a run request does
 * (RunService.prepare). Results are deterministic in what was asked, so the last documents are
 * kept by a content hash of it, and a request the same as one under way waits for that one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { ScenarioError, type Issue } from '../../core/errors.ts';
import { ENGINE_VERSION } from '../../core/run.ts';
import type { AnalysisJob } from '../../node/analysis-job.ts';
import { JobTimeout, type JobThread } from '../../node/job-thread.ts';
import { analysisStreamLine, DiscoveryDocument, PairedDocument, SensitivityDocument } from '../../schema/analysis.ts';
import { CompareBody, DiscoverBody, RunQuery, SensitivityBody, type RunBody } from '../../schema/requests.ts';
import { contentHash } from '../../store/store.ts';
import { checkAnalysisCost, type AnalysisCost } from '../analysis-limits.ts';
import { perMinuteLimit } from '../config.ts';
import { HttpError } from '../errors.ts';
import { ndjsonStream, wantsNdjson } from '../ndjson.ts';
import type { PreparedRun, RunService } from '../runs.ts';
import { described, errors } from '../schemas.ts';

interface Deps {
  readonly runs: RunService;
  /** The thread that performs analyses (node/analysis-worker.ts). */
  readonly analyst: JobThread;
  /** Each analysis's time budget (ANALYSIS_TIMEOUT_MS). */
  readonly analysisTimeoutMs: number;
  readonly memoryBudgetMb: number;
  /** Analyses per minute per client address (0: only the global limit). */
  readonly rateLimitMax: number;
}

/** Analyses running (one at a time) and waiting; beyond, 503 with Retry-After. */
const MAX_WAITING = 4;
/** Documents kept: the most, and their most characters in all. */
const CACHE = { max: 64, chars: 64 * 1024 * 1024 } as const;

/** An analysis under way, with the requests that wait for it. */
interface Flight {
  readonly promise: Promise<string>;
  readonly stop: AbortController;
  readonly listeners: Set<(done: number, total: number) => void>;
  waiters: number;
  last?: { readonly done: number; readonly total: number };
}

/** What an analysis request resolved to: the job, its cache key and its cost. */
interface Planned {
  readonly job: AnalysisJob;
  readonly key: string;
  readonly cost: AnalysisCost;
}

const CACHE_HEADER = { 'x-analysis-cache': { type: 'string', description: 'hit: the same analysis was answered before; miss: it ran now' } };

/** The run request inside an analysis request. */
const runPart = (b: RunBody): RunBody => ({ scenarioId: b.scenarioId, version: b.version, scenario: b.scenario, trials: b.trials, seed: b.seed, overrides: b.overrides });

export const analysisRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, { runs, analyst, analysisTimeoutMs, memoryBudgetMb, rateLimitMax }) => {
  const limited = perMinuteLimit(rateLimitMax);
  const cache = new LRUCache<string, string>({ max: CACHE.max, maxSize: CACHE.chars, sizeCalculation: (json) => Math.max(1, json.length) });
  const flights = new Map<string, Flight>();

  /** The model of a prepared run (compiled by prepare unless the run is stored already). */
  const modelOf = (p: PreparedRun) => p.model ?? runs.compile(p.scenario, p.options.overrides);

  /** Starts (or joins) the analysis of `planned`; resolves with its document as JSON text. */
  function follow(planned: Planned, gone: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<string> {
    let flight = flights.get(planned.key);
    if (!flight) {
      if (analyst.pending >= MAX_WAITING) throw new HttpError(503, `busy with ${analyst.pending} analyses; retry in a few seconds`, [], { 'retry-after': '5' });
      const stop = new AbortController();
      const listeners = new Set<(done: number, total: number) => void>();
      const created: Flight = {
        stop,
        listeners,
        waiters: 0,
        promise: analyst
          .run<unknown>(planned.job, {
            budgetMs: analysisTimeoutMs,
            signal: stop.signal,
            onProgress: (done, total) => {
              created.last = { done, total };
              for (const l of listeners) l(done, total);
            },
          })
          .then(
            (doc) => {
              const json = JSON.stringify(doc);
              cache.set(planned.key, json);
              return json;
            },
            (err: unknown) => {
              throw overBudget(err, planned);
            },
          )
          .finally(() => {
            if (flights.get(planned.key) === created) flights.delete(planned.key);
          }),
      };
      flight = created;
      flights.set(planned.key, flight);
    }
    const f = flight;
    f.waiters++;
    if (onProgress) {
      f.listeners.add(onProgress);
      if (f.last) onProgress(f.last.done, f.last.total);
    }
    const leave = () => {
      if (onProgress) f.listeners.delete(onProgress);
      if (--f.waiters > 0) return;
      if (flights.get(planned.key) === f) flights.delete(planned.key);
      // 499, nginx's "client closed request": nobody reads it
      f.stop.abort(new HttpError(499, 'every client waiting for this analysis has gone; it was stopped'));
    };
    if (gone.aborted) leave();
    else gone.addEventListener('abort', leave, { once: true });
    const settled = () => {
      gone.removeEventListener('abort', leave);
      if (onProgress) f.listeners.delete(onProgress);
    };
    f.promise.then(settled, settled);
    return f.promise;
  }

  /** A JobTimeout said as what to change. */
  function overBudget(err: unknown, planned: Planned): unknown {
    if (!(err instanceof JobTimeout)) return err;
    const seconds = err.budgetMs >= 1000 ? `${Math.round(err.budgetMs / 1000)} s` : `${err.budgetMs} ms`;
    const byGroup = planned.cost.kind === 'sobol' && planned.cost.by === 'input' ? ', or by: group' : '';
    return new ScenarioError(
      [{ path: 'trials', code: 'limit', message: `the analysis took longer than this server's budget of ${seconds} (ANALYSIS_TIMEOUT_MS); ask for fewer trials${byGroup}` }],
      'analysis exceeded its time budget',
      'too-large',
    );
  }

  /** Answers a planned analysis: from the cache, or when it is done; as JSON or as NDJSON lines. */
  async function answer(request: FastifyRequest, reply: FastifyReply, plan: () => Promise<Planned>) {
    const gone = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    reply.header('vary', 'accept');
    if (!wantsNdjson(request)) {
      const planned = await plan();
      const hit = cache.get(planned.key);
      reply.header('x-analysis-cache', hit ? 'hit' : 'miss');
      return reply.type('application/json; charset=utf-8').send(hit ?? (await follow(planned, gone.signal)));
    }
    const stream = ndjsonStream(request, reply, gone.signal);
    plan()
      .then((planned) => {
        const hit = cache.get(planned.key);
        if (hit) return { json: hit, cached: true };
        return follow(planned, gone.signal, (done, total) => stream.progress(done, total, { 'x-analysis-cache': 'miss' })).then((json) => ({ json, cached: false }));
      })
      .then(
        ({ json, cached }) => stream.end(`{"type":"result",${json.slice(1)}`, { 'x-analysis-cache': cached ? 'hit' : 'miss' }),
        (err: Error) => stream.fail(err),
      );
    return reply;
  }

  const key = (kind: string, runIds: readonly string[], options: object) => contentHash({ engineVersion: ENGINE_VERSION, kind, runs: runIds, options });
  const streamDoc = (description: string, schema: Parameters<typeof analysisStreamLine>[0]) => ({
    200: described(description, { 'application/json': schema, 'application/x-ndjson': analysisStreamLine(schema) }, CACHE_HEADER),
    ...errors(400, 404, 413, 415, 422, 429, 503),
  });
  const streamNote =
    'With `?progress=ndjson` or `Accept: application/x-ndjson` the answer is 200 with one JSON object per line: `{"type":"progress","done","total"}` (model evaluations) while it runs, then `{"type":"result", …document}` or `{"type":"error", statusCode, error, message, details}`. ' +
    'The same request answers the same document (kept in memory: `x-analysis-cache: hit`). Each analysis runs within ANALYSIS_TIMEOUT_MS; a client that closes the request stops it when no other waits for it.';

  app.post(
    '/api/sensitivity',
    {
      ...limited,
      schema: {
        tags: ['analyses'],
        summary: "Which uncertain inputs matter: given-data shares and tornado bars from the run's own trials, Sobol indices by group or input, or shares year by year",
        description: `The document \`future-sim sensitivity --format json\` prints (with \`byYear\`, \`--by-year\`). Sobol runs trials × (factors + 2) model evaluations, at most 1,000,000. ${streamNote}`,
        querystring: RunQuery,
        body: SensitivityBody,
        response: streamDoc('the sensitivity document; with progress, NDJSON lines ending in it or an error', SensitivityDocument),
      },
    },
    (request, reply) =>
      answer(request, reply, async () => {
        const b = request.body;
        const method = b.method ?? 'given-data';
        const by = b.by ?? 'group';
        if (b.byYear && method === 'sobol')
          throw new ScenarioError(
            [{ path: 'byYear', code: 'invalid', message: "is given data from the run's own trials: leave out method sobol" }],
            'invalid request',
            'invalid-request',
          );
        const prepared = await runs.prepare(runPart(b));
        const model = await modelOf(prepared);
        const { trials, seed, overrides } = prepared.options;
        const kind = b.byYear ? 'by-year' : method;
        // outputs evaluated per trial: each target's years, or those named (default: the targets and the total in each target year)
        const years = new Set(model.targets.map((t) => t.year)).size || 1;
        const outputs = b.byYear ? (b.outputs?.length || model.targets.length) * (model.endYear - model.baseYear) : b.outputs?.length || model.targets.length + years;
        const cost: AnalysisCost = { kind, trials, by, outputs };
        checkAnalysisCost(model, cost, memoryBudgetMb);
        const options = { method, by, outputs: b.outputs, byYear: b.byYear === true, lang: b.lang ?? 'en' };
        const job: AnalysisJob = { kind: 'sensitivity', scenario: prepared.scenario, overrides, trials, seed, ...options, byYear: options.byYear };
        return { job, cost, key: key('sensitivity', [prepared.id], options) };
      }),
  );

  app.post(
    '/api/discover',
    {
      ...limited,
      schema: {
        tags: ['analyses'],
        summary: 'In which simulated worlds a target is met: PRIM boxes with coverage, density, mass and the peeling trajectory, each as a sentence',
        description: `The document \`future-sim discover --format json\` prints. ${streamNote}`,
        querystring: RunQuery,
        body: DiscoverBody,
        response: streamDoc('the discovery document; with progress, NDJSON lines ending in it or an error', DiscoveryDocument),
      },
    },
    (request, reply) =>
      answer(request, reply, async () => {
        const b = request.body;
        const prepared = await runs.prepare(runPart(b));
        const model = await modelOf(prepared);
        const { trials, seed, overrides } = prepared.options;
        const cost: AnalysisCost = { kind: 'discover', trials, outputs: 1 };
        checkAnalysisCost(model, cost, memoryBudgetMb);
        const options = { target: b.target, lang: b.lang ?? 'en', unit: b.unit ?? 'cny' };
        const job: AnalysisJob = { kind: 'discover', scenario: prepared.scenario, overrides, trials, seed, ...options };
        return { job, cost, key: key('discover', [prepared.id], options) };
      }),
  );

  app.post(
    '/api/compare/paired',
    {
      ...limited,
      schema: {
        tags: ['analyses'],
        summary:
          "Compare b with a world by world on the same random numbers: quantiles of b − a, P(b > a), each target's change with its paired standard error, the gap by channel",
        description: `The document \`future-sim compare a b --paired --format json\` prints. Each side has its own overrides (on b alone: a scenario against its changed self). ${streamNote}`,
        querystring: RunQuery,
        body: CompareBody,
        response: streamDoc('the paired comparison; with progress, NDJSON lines ending in it or an error', PairedDocument),
      },
    },
    (request, reply) =>
      answer(request, reply, async () => {
        const { a, b } = request.body;
        // both sides are checked before either runs, and every problem of both is reported
        const issues: Issue[] = [];
        const attempt = async (fn: () => Promise<PreparedRun>): Promise<PreparedRun | undefined> => {
          try {
            return await fn();
          } catch (err) {
            if (!(err instanceof ScenarioError)) throw err;
            issues.push(...err.issues);
            return undefined;
          }
        };
        // trials and seed default to a's scenario's, and b runs on the same ones
        const pa = await attempt(() => runs.prepare({ ...a, trials: request.body.trials, seed: request.body.seed }, 'a', 'trials'));
        const trials = request.body.trials ?? pa?.options.trials;
        const seed = request.body.seed ?? pa?.options.seed;
        const pb = await attempt(() => runs.prepare({ ...b, trials, seed }, 'b', 'trials'));
        if (!pa || !pb) throw new ScenarioError(issues, 'invalid comparison', 'invalid-request');
        const model = await modelOf(pa);
        const cost: AnalysisCost = {
          kind: 'paired',
          trials: pa.options.trials,
          outputs: model.targets.length + model.scopeIds.length * new Set(model.targets.map((t) => t.year)).size,
        };
        checkAnalysisCost(model, cost, memoryBudgetMb);
        const side = (p: PreparedRun) => ({ scenario: p.scenario, overrides: p.options.overrides });
        const job: AnalysisJob = { kind: 'paired', a: side(pa), b: side(pb), trials: pa.options.trials, seed: pa.options.seed };
        return { job, cost, key: key('paired', [pa.id, pb.id], {}) };
      }),
  );
};
