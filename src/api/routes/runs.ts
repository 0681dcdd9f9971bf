import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { compareResults } from '../../core/compare.ts';
import { toCsv } from '../../report/csv.ts';
import type { Store } from '../../store/store.ts';
import { HttpError } from '../errors.ts';
import type { RunManifest, RunService } from '../runs.ts';
import { CompareBody, CompareResponse, errors, RunBody, RunIdParams, RunManifest as RunManifestSchema } from '../schemas.ts';

interface Deps {
  readonly runs: RunService;
  readonly store: Store;
  /** Extra per-minute limit on routes that start runs (0: only the global limit). */
  readonly runRateLimitMax: number;
}

/** Runs: start (or find) a run, fetch it as JSON or CSV, compare two. */
export const runRoutes: FastifyPluginAsync<Deps> = async (app, { runs, store, runRateLimitMax }) => {
  const limited = runRateLimitMax > 0 ? { config: { rateLimit: { max: runRateLimitMax, timeWindow: '1 minute' } } } : {};

  app.post<{ Body: RunBody }>(
    '/api/runs',
    {
      ...limited,
      schema: {
        tags: ['runs'],
        summary: 'Run a scenario (or return the stored run with the same id at once)',
        description: 'The run id is a content hash of the engine version, the scenario, trials, seed and overrides: the same request always returns the same stored run. Runs are kept for good.',
        body: RunBody,
        response: { 200: RunManifestSchema, ...errors(400, 404, 413, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const outcome = await runs.run(request.body);
      reply.header('location', `/api/runs/${outcome.id}`);
      reply.header('x-run-cache', outcome.cached ? 'hit' : 'miss');
      return reply.type('application/json; charset=utf-8').send(outcome.json);
    },
  );

  const stored = (id: string): string => {
    const row = store.getRun(id);
    if (!row) throw new HttpError(404, `no run with id ${id}; runs are created by POST /api/runs`);
    return row.manifest;
  };

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id',
    { schema: { tags: ['runs'], summary: 'A stored run (manifest and result) as JSON', params: RunIdParams, response: { 200: RunManifestSchema, ...errors(400, 404) } } },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.type('application/json; charset=utf-8').send(stored(request.params.id));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id.csv',
    {
      schema: {
        tags: ['runs'],
        summary: 'A stored run as tidy CSV rows: scope, id, year, statistic, value',
        params: RunIdParams,
        response: { 200: Type.String({ description: 'text/csv' }), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const manifest = JSON.parse(stored(request.params.id)) as RunManifest;
      reply.header('content-disposition', `attachment; filename="${manifest.scenario.id}-${request.params.id.slice(0, 12)}.csv"`);
      reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.type('text/csv; charset=utf-8').send(toCsv(manifest.result));
    },
  );

  app.post<{ Body: CompareBody }>(
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
      const first = runs.resolve(a, 'a').scenario;
      const trials = request.body.trials ?? first.simulation.trials;
      const seed = request.body.seed ?? first.simulation.seed;
      const [ra, rb] = await Promise.all([runs.run({ ...a, trials, seed }, 'a'), runs.run({ ...b, trials, seed }, 'b')]);
      const ma = JSON.parse(ra.json) as RunManifest;
      const mb = JSON.parse(rb.json) as RunManifest;
      return { runs: { a: ra.id, b: rb.id }, comparison: compareResults(ma.result, mb.result) };
    },
  );
};
