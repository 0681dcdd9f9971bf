/** The tornado as a chart image of a stored run: its output by query, and each misuse refused at its parameter with what to do. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import type { RunManifest } from '../../src/schema/manifest.ts';
import { json, testApp } from './helpers.ts';

const pool = new WorkerPool(2);
let app: FastifyInstance;
let run: RunManifest;

beforeAll(async () => {
  app = await testApp(pool);
  run = json<RunManifest>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 2000, seed: 7 } }));
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

type ErrorBody = { details: { path: string; message: string }[] };

describe('GET /api/runs/:id/charts/tornado.png', () => {
  it("draws the headline target's tornado, or the output asked for, in either language", async () => {
    for (const query of ['', '?output=total%402035&lang=zh&unit=yi']) {
      const res = await app.inject({ url: `/api/runs/${run.id}/charts/tornado.png${query}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toBe(`inline; filename="tornado-${run.id.slice(0, 12)}.png"`);
      expect(res.rawPayload.readUInt32BE(16)).toBe(1800);
    }
  });

  it('refuses an output the run has not, an output on another chart, and a comparison, naming what to do', async () => {
    const bad = async (url: string, path: string, message: string) => {
      const res = await app.inject({ url: `/api/runs/${run.id}/charts/${url}` });
      expect(res.statusCode).toBe(400);
      expect(json<ErrorBody>(res).details[0]).toMatchObject({ path, message: expect.stringContaining(message) });
    };
    await bad(
      'tornado.png?output=health%402031',
      'output',
      "health@2031 is not an output of this run's sensitivity figures; outputs: target:plan-2030, target:milestone-2035, total@2030",
    );
    await bad('fan.png?output=total%402030', 'output', 'only the tornado has an output');
    await bad(`tornado.png?compare=${run.id}`, 'compare', 'the tornado draws one run');
    await bad('tornado.png?scope=health', 'scope', 'only the fan chart has a scope');
  });
});
