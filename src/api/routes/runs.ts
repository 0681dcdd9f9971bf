import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { perMinuteLimit } from '../config.ts';
import { compareResults } from '../../core/compare.ts';
import { ScenarioError, type Issue } from '../../core/errors.ts';
import { toCsv } from '../../report/csv.ts';
import type { Store } from '../../store/store.ts';
import { HttpError } from '../errors.ts';
import { ndjsonStream, wantsNdjson } from '../ndjson.ts';
import { RunManifest as RunManifestSchema, type RunManifest } from '../../schema/manifest.ts';
import { storedRun, type RunService } from '../runs.ts';
import { CompareBody, RunBody, RunIdParams, RunQuery } from '../../schema/requests.ts';
import { CompareResponse, Deleted, RunStreamLine } from '../../schema/responses.ts';
import { described, errors } from '../schemas.ts';

interface Deps {
  readonly runs: RunService;
  readonly store: Store;
  /** Throws 401 or 403 unless the request may delete (admin.ts). */
  readonly mayDelete: (request: FastifyRequest) => void;
  /** Extra per-minute limit on routes that start runs (0: only the global limit). */
  readonly runRateLimitMax: number;
}

/** Runs: start (or find) a run, fetch it as JSON or CSV, compare two. */
export const runRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, { runs, store, runRateLimitMax, mayDelete }) => {
  const limited = perMinuteLimit(runRateLimitMax);

  app.post(
    '/api/runs',
    {
      ...limited,
      schema: {
        tags: ['runs'],
        summary: 'Run a scenario (or return the stored run with the same id at once); with ?progress=ndjson, follow its progress',
        description:
          'The run id is a content hash of the engine version, the scenario, trials, seed and overrides: the same request always returns the same stored run. Runs are kept for good. ' +
          'With `?progress=ndjson` or `Accept: application/x-ndjson` the answer is 200 with one JSON object per line: `{"type":"progress","done","total"}` at most every 100 ms while the run executes, then `{"type":"run", …manifest}` or `{"type":"error", statusCode, error, message, details}` (the status the plain request would have had). ' +
          'A stored run answers with the last line alone. A request whose body does not fit (400, 413, 415) or over the rate limit (429) is answered with its status, as without progress. ' +
          'A client that closes the request stops waiting; when every client waiting for a run has gone, the run is dropped from the queue or stopped, and nothing is stored.',
        querystring: RunQuery,
        body: RunBody,
        response: {
          200: described(
            'the run manifest; with progress, NDJSON lines ending in the manifest or an error',
            { 'application/json': RunManifestSchema, 'application/x-ndjson': RunStreamLine },
            {
              location: { type: 'string', description: "/api/runs/<id>: the run's permanent link" },
              'x-run-cache': { type: 'string', description: 'hit: the run was stored already; miss: it ran now' },
            },
          ),
          ...errors(400, 404, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      // a client that goes away (the page moved on, or its user cancelled) lets its run be dropped or stopped
      const gone = new AbortController();
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) gone.abort();
      });
      reply.header('vary', 'accept');
      if (wantsNdjson(request)) return streamed(request, request.body, reply, gone.signal);
      const outcome = await runs.run(request.body, '', gone.signal, request.ip);
      reply.header('location', `/api/runs/${outcome.id}`);
      reply.header('x-run-cache', outcome.cached ? 'hit' : 'miss');
      return reply.type('application/json; charset=utf-8').send(outcome.json);
    },
  );

  /** The streamed answer of POST /api/runs (ndjson.ts): progress while the run executes, then the manifest or the error. */
  function streamed(request: FastifyRequest, body: RunBody, reply: FastifyReply, gone: AbortSignal): FastifyReply {
    const stream = ndjsonStream(request, reply, gone);
    runs
      .prepare(body)
      .then((prepared) => {
        reply.header('location', `/api/runs/${prepared.id}`);
        return runs.runPrepared(prepared, gone, (done, total) => stream.progress(done, total, { 'x-run-cache': 'miss' }), request.ip);
      })
      .then(
        // the manifest is JSON text already: the type goes in front without parsing it again
        (outcome) => stream.end(`{"type":"run",${outcome.json.slice(1)}`, { 'x-run-cache': outcome.cached ? 'hit' : 'miss' }),
        (err: Error) => stream.fail(err),
      );
    return reply;
  }

  const stored = (id: string): string => storedRun(store, id);

  app.get(
    '/api/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'A stored run (manifest and result) as JSON',
        params: RunIdParams,
        response: { 200: described('the run: manifest and result (sent as stored)', { 'application/json': RunManifestSchema }), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const manifest = stored(request.params.id);
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.type('application/json; charset=utf-8').send(manifest);
    },
  );

  app.delete(
    '/api/runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'Delete a stored run (its link then answers 404; asking for the same run again makes it anew, with the same numbers)',
        description: "With ADMIN_TOKEN set, send it as `Authorization: Bearer <token>`; without, only requests from the server's own machine may delete.",
        params: RunIdParams,
        response: { 200: Deleted, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      mayDelete(request);
      if (!store.deleteRun(request.params.id)) throw new HttpError(404, `no stored run ${request.params.id}`);
      return { id: request.params.id, deleted: 1 };
    },
  );

  app.get(
    '/api/runs/:id.csv',
    {
      schema: {
        tags: ['runs'],
        summary: 'A stored run as tidy CSV rows: scope, id, year, statistic, value',
        params: RunIdParams,
        response: { 200: described('tidy rows: scope, id, year, statistic, value', { 'text/csv': Type.String() }), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const manifest = JSON.parse(stored(request.params.id)) as RunManifest;
      reply.header('vary', 'accept');
      reply.header('content-disposition', `attachment; filename="${manifest.scenario.id}-${request.params.id.slice(0, 12)}.csv"`);
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.type('text/csv; charset=utf-8').send(toCsv(manifest.result));
    },
  );

  app.post(
    '/api/compare',
    {
      ...limited,
      schema: {
        tags: ['runs'],
        summary: 'Run two scenarios on common random numbers (same trials and seed) and return b − a',
        body: CompareBody,
        response: { 200: CompareResponse, ...errors(400, 404, 413, 415, 422, 429, 503) },
      },
    },
    async (request) => {
      const { a, b } = request.body;
      // both sides are checked before either runs, and every problem of both is reported
      const issues: Issue[] = [];
      const attempt = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
        try {
          return await fn();
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          for (const issue of err.issues) issues.push(issue);
          return undefined;
        }
      };
      // trials and seed default to a's scenario's, and b runs on the same ones
      const pa = await attempt(() => runs.prepare({ ...a, trials: request.body.trials, seed: request.body.seed }, 'a', 'trials'));
      const trials = request.body.trials ?? pa?.options.trials;
      const seed = request.body.seed ?? pa?.options.seed;
      const pb = await attempt(() => runs.prepare({ ...b, trials, seed }, 'b', 'trials'));
      if (!pa || !pb)
        throw new ScenarioError(
          issues.filter((i, k) => issues.findIndex((j) => j.path === i.path && j.message === i.message) === k),
          'invalid comparison',
          'invalid-request',
        );
      // one after the other, so a comparison needs one run slot, not two
      const ra = await runs.runPrepared(pa, undefined, undefined, request.ip);
      const rb = await runs.runPrepared(pb, undefined, undefined, request.ip);
      const ma = JSON.parse(ra.json) as RunManifest;
      const mb = JSON.parse(rb.json) as RunManifest;
      return { runs: { a: ra.id, b: rb.id }, comparison: compareResults(ma.result, mb.result) };
    },
  );
};
