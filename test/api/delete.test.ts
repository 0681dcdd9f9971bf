/** Deleting saved scenarios and stored runs, and who may (ADMIN_TOKEN, or this machine only). */
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { json, testApp, tinyScenario } from './helpers.ts';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

describe('DELETE', () => {
  it('removes every version of a saved scenario, whose numbers are never given again, and keeps bundled ones', async () => {
    const app = await testApp(pool);
    try {
      const save = (title: string) => app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'mine', title }) });
      expect((await save('first')).statusCode).toBe(201);
      expect((await save('second')).statusCode).toBe(201);
      const del = await app.inject({ method: 'DELETE', url: '/api/scenarios/mine' });
      expect(del.statusCode).toBe(200);
      expect(json(del)).toEqual({ id: 'mine', deleted: 2 });
      expect((await app.inject({ url: '/api/scenarios/mine' })).statusCode).toBe(404);
      expect((await app.inject({ url: '/api/scenarios/mine/versions' })).statusCode).toBe(404);
      expect(json<{ scenarios: { id: string }[] }>(await app.inject({ url: '/api/scenarios' })).scenarios.map((s) => s.id)).not.toContain('mine');
      // saved again, it continues the numbers: a link to version 1 never shows other content
      expect(json<{ version: number }>(await save('third')).version).toBe(3);
      expect((await app.inject({ url: '/api/scenarios/mine?version=1' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: '/api/scenarios/baseline' })).statusCode).toBe(409);
      expect((await app.inject({ method: 'DELETE', url: '/api/scenarios/nope' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('removes a stored run: its link, its CSV and its images answer 404, and the store no longer counts it', async () => {
    const app = await testApp(pool);
    try {
      const run = json<{ id: string }>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200 } }));
      expect((await app.inject({ url: `/api/runs/${run.id}/charts/fan.png?scale=1` })).statusCode).toBe(200);
      const del = await app.inject({ method: 'DELETE', url: `/api/runs/${run.id}` });
      expect(json(del)).toEqual({ id: run.id, deleted: 1 });
      for (const url of [`/api/runs/${run.id}`, `/api/runs/${run.id}.csv`, `/api/runs/${run.id}/charts/fan.png?scale=1`])
        expect((await app.inject({ url })).statusCode, url).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: `/api/runs/${run.id}` })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('needs ADMIN_TOKEN when the server sets one: 401 without it, 403 with another', async () => {
    const app = await testApp(pool, { adminToken: 's3cret-token' });
    try {
      await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'guarded' }) });
      const none = await app.inject({ method: 'DELETE', url: '/api/scenarios/guarded' });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(json(none).message).toMatch(/Authorization: Bearer/);
      expect((await app.inject({ method: 'DELETE', url: '/api/scenarios/guarded', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/scenarios/guarded' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'DELETE', url: '/api/scenarios/guarded', headers: { authorization: 'Bearer s3cret-token' } })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('without ADMIN_TOKEN, deletes only for requests from this machine', async () => {
    const app = await testApp(pool);
    try {
      await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'local' }) });
      const remote = await app.inject({ method: 'DELETE', url: '/api/scenarios/local', remoteAddress: '10.1.2.3' });
      expect(remote.statusCode).toBe(403);
      expect(json(remote).message).toMatch(/ADMIN_TOKEN/);
      expect((await app.inject({ method: 'DELETE', url: '/api/scenarios/local', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
