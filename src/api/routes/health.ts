import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SEED_MAX, UPLIFT_TRIALS_MAX, UPLIFT_TRIALS_MIN } from '../../core/limits.ts';
import { ENGINE_VERSION } from '../../core/run.ts';
import type { WorkerPool } from '../../node/pool.ts';
import type { RunService } from '../runs.ts';
import type { ApiConfig } from '../config.ts';
import { Health, Limits } from '../../schema/responses.ts';

const started = performance.now();

/** GET /api/health: liveness, engine version and run load; GET /api/limits: what a client may ask for. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ runs: RunService; pool: WorkerPool; config: ApiConfig }> = async (app, { runs, pool, config }) => {
  const limits = { trials: { min: 1, max: config.maxTrials }, seed: { min: 0, max: SEED_MAX }, upliftTrials: { min: UPLIFT_TRIALS_MIN, max: UPLIFT_TRIALS_MAX }, bodyBytes: config.bodyLimit };
  app.get('/api/limits', { schema: { tags: ['meta'], summary: 'What a run request may ask for on this server (the page checks its inputs against these)', response: { 200: Limits } } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return limits;
  });
  app.get('/api/health', { schema: { tags: ['meta'], summary: 'Liveness and load', response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    engineVersion: ENGINE_VERSION,
    uptimeSeconds: Math.round((performance.now() - started) / 100) / 10,
    workers: pool.size,
    runs: runs.load,
  }));
};
