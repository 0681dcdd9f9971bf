/**
 * How an analysis request is answered (routes/analysis.ts): from the documents kept by a content
 * hash of what was asked, or by the analysis thread within its budget, joined by an identical
 * request under way and stopped when every client waiting for it has gone; as JSON, or as NDJSON
 * progress lines ending in the document (ndjson.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { ScenarioError } from '../core/errors.ts';
import { ENGINE_VERSION } from '../core/run.ts';
import type { AnalysisJob } from '../node/analysis-job.ts';
import { JobTimeout, type JobThread } from '../node/job-thread.ts';
import { analysisStreamLine } from '../schema/analysis.ts';
import { contentHash } from '../store/store.ts';
import type { AnalysisCost } from './analysis-limits.ts';
import { HttpError } from './errors.ts';
import { ndjsonStream, wantsNdjson } from './ndjson.ts';
import { described, errors } from './schemas.ts';

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
export interface Planned {
  readonly job: AnalysisJob;
  readonly key: string;
  readonly cost: AnalysisCost;
}

const CACHE_HEADER = { 'x-analysis-cache': { type: 'string', description: 'hit: the same analysis was answered before; miss: it ran now' } };

/** The answering of analysis requests on one thread with one budget. */
export function analysisAnswers({ analyst, analysisTimeoutMs }: { readonly analyst: JobThread; readonly analysisTimeoutMs: number }) {
  const cache = new LRUCache<string, string>({ max: CACHE.max, maxSize: CACHE.chars, sizeCalculation: (json) => Math.max(1, json.length) });
  const flights = new Map<string, Flight>();

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

  return { answer, key, streamDoc, streamNote };
}
