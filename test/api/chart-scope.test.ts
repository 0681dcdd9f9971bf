/** The fan chart image of a cluster or a field (`scope`), and a clear 400 for a scope the run does not have. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../src/schema/manifest.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { json, testApp } from './helpers.ts';

const pool = new WorkerPool(2);
let app: FastifyInstance;
let run: RunManifest;

beforeAll(async () => {
  app = await testApp(pool);
  run = json<RunManifest>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 1000, seed: 3 } }));
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

describe('GET /api/runs/:id/charts/fan.png?scope=', () => {
  it('draws the fan chart of a cluster or a field: another image than the total\'s, the same bytes again', async () => {
    const image = async (q: string) => {
      const res = await app.inject({ url: `/api/runs/${run.id}/charts/fan.png?scale=1${q}` });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      return res.rawPayload;
    };
    const total = await image('');
    expect((await image('&scope=total')).equals(total)).toBe(true);
    const cluster = await image('&scope=energy');
    const field = await image('&scope=quantum');
    expect(cluster.equals(total)).toBe(false);
    expect(field.equals(cluster)).toBe(false);
    expect((await image('&scope=quantum')).equals(field)).toBe(true);
  });

  it('answers 400 naming the valid scopes for one the run\'s scenario does not have, and for a scope on another chart', async () => {
    const res = await app.inject({ url: `/api/runs/${run.id}/charts/fan.png?scope=mars` });
    expect(res.statusCode).toBe(400);
    const body = json<{ details: { path: string; message: string }[] }>(res);
    expect(body.details[0].path).toBe('scope');
    expect(body.details[0]).toHaveProperty('code', 'one-of');
    expect(body.details[0].message).toMatch(/^mars is not a cluster or field of this run's scenario; scopes: total, health, brain-computer-interface, .*, energy, /);
    const other = await app.inject({ url: `/api/runs/${run.id}/charts/clusters.png?scope=energy` });
    expect(other.statusCode).toBe(400);
    expect(json<{ details: { path: string; message: string }[] }>(other).details).toEqual([{ path: 'scope', code: 'invalid', message: 'only the fan chart has a scope; leave it out for the clusters chart' }]);
  });
});
