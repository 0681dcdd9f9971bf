import type { FastifyPluginAsync } from 'fastify';
import { ENGINE_VERSION } from '../../core/run.ts';
import type { WorkerPool } from '../../node/pool.ts';
import type { RunService } from '../runs.ts';
import { Health } from '../schemas.ts';

const started = performance.now();

/** GET /api/health: liveness, engine version and run load. */
export const healthRoutes: FastifyPluginAsync<{ runs: RunService; pool: WorkerPool }> = async (app, { runs, pool }) => {
  app.get('/api/health', { schema: { tags: ['meta'], summary: 'Liveness and load', response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    engineVersion: ENGINE_VERSION,
    uptimeSeconds: Math.round((performance.now() - started) / 100) / 10,
    workers: pool.size,
    runs: runs.load,
  }));
};
