/**
 * Slow work off the server's own thread (issue "No request can freeze the server…"): a big
 * scenario compiles on the compile thread, chart images are drawn on the chart thread, each within
 * the time budget (JOB_TIMEOUT_MS), and the event loop keeps answering meanwhile.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/core/compile.ts';
import { runModel } from '../../src/core/run.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { renderChartPng } from '../../src/report/png.ts';
import type { RunManifest } from '../../src/schema/manifest.ts';
import { bigScenario, json, testApp, tinyScenario } from './helpers.ts';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

/** The longest the event loop went without a turn while `fn` ran (a 5 ms ticker). */
async function longestStall<T>(fn: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const value = await fn();
    return { value, stallMs: Math.max(stallMs, performance.now() - last) };
  } finally {
    clearInterval(ticker);
  }
}

describe('a big scenario', () => {
  const scenario = bigScenario();

  it('is compiled on the compile thread: the same numbers as compiled here, and the event loop keeps turning', async () => {
    const app = await testApp(pool, { bodyLimit: 4 * 1024 * 1024 });
    try {
      const here = runModel(compileScenario(scenario), { trials: 400, seed: 9 });
      // what compiling it on this thread takes now (warm), on however loaded a machine
      const t0 = performance.now();
      compileScenario(scenario);
      const compileMs = performance.now() - t0;
      // once to start the threads (their start is not the request's work), then measured
      await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario, trials: 300, seed: 1 } });
      const { value: res, stallMs } = await longestStall(() => app.inject({ method: 'POST', url: '/api/runs', payload: { scenario, trials: 400, seed: 9 } }));
      expect(res.statusCode).toBe(200);
      const result = json<{ result: typeof here }>(res).result;
      expect({ ...result, meta: { ...result.meta, durationMs: 0 } }).toEqual({ ...here, meta: { ...here.meta, durationMs: 0 } });
      // off this thread the longest stall is the request's own checks, a fraction of the compile
      // (0.2–0.35 s on a quiet machine): compared with it, not with a fixed time, so a loaded
      // machine slows both alike
      expect(stallMs).toBeLessThan(compileMs / 2);
    } finally {
      await app.close();
    }
  });

  it('with a problem gets 422 at the problem\'s path from the compile thread', async () => {
    const app = await testApp(pool, { bodyLimit: 4 * 1024 * 1024 });
    try {
      const bad = { ...scenario, levers: [{ ...(scenario.levers ?? [])[0], effects: [{ scope: 'nowhere', perUnitDelivery: 0.01 }] }] };
      const res = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario: bad, trials: 100 } });
      expect(res.statusCode).toBe(422);
      // the error's code crosses from the compile thread with it
      expect(json<{ code: string; details: { path: string }[] }>(res)).toMatchObject({ code: 'invalid-scenario', details: [{ path: 'scenario.levers[0].effects[0].scope' }] });
    } finally {
      await app.close();
    }
  });

  it('that compiles past the budget gets 422 naming it', async () => {
    const app = await testApp(pool, { bodyLimit: 4 * 1024 * 1024, jobTimeoutMs: 300 }, { jobScripts: { compile: new URL('../fixtures/job-script.ts', import.meta.url) } });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario, trials: 100 } });
      expect(res.statusCode).toBe(422);
      expect(json<{ message: string }>(res).message).toMatch(/compiling the scenario took longer than this server's budget of 0\.3 s/);
    } finally {
      await app.close();
    }
  });
});

describe('chart images', () => {
  it('past the budget get 422 naming it', async () => {
    const app = await testApp(pool, { jobTimeoutMs: 300 }, { jobScripts: { chart: new URL('../fixtures/job-script.ts', import.meta.url) } });
    try {
      // a small inline scenario, compiled on this thread (the budget is the chart thread's)
      const run = json<{ id: string }>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario: tinyScenario(), trials: 200 } }));
      expect(run.id).toMatch(/^[0-9a-f]{64}$/);
      const res = await app.inject({ method: 'GET', url: `/api/runs/${run.id}/charts/fan.png` });
      expect(res.statusCode).toBe(422);
      expect(json<{ message: string }>(res).message).toMatch(/drawing the image took longer than this server's budget of 0\.3 s/);
    } finally {
      await app.close();
    }
  });

  it('are drawn off this thread: the event loop keeps turning while one is drawn', async () => {
    const app = await testApp(pool);
    try {
      const run = json<{ id: string }>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200 } }));
      await app.inject({ method: 'GET', url: `/api/runs/${run.id}/charts/fan.png?width=600&height=400&scale=1` }); // starts the thread
      const { value: res, stallMs } = await longestStall(() => app.inject({ method: 'GET', url: `/api/runs/${run.id}/charts/clusters.png?width=1800&height=1200&scale=2` }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.rawPayload.subarray(1, 4).toString()).toBe('PNG');
      // the same image drawn on this thread, warm, on however loaded a machine: the stall while the
      // chart thread drew it must be a fraction of that
      const manifest = json<RunManifest>(await app.inject({ method: 'GET', url: `/api/runs/${run.id}` }));
      const view = { unit: 'cny', lang: 'en', width: 1800, height: 1200, scale: 2 } as const;
      renderChartPng('clusters', manifest, undefined, view);
      const t0 = performance.now();
      renderChartPng('clusters', manifest, undefined, view);
      expect(stallMs).toBeLessThan((performance.now() - t0) / 2);
    } finally {
      await app.close();
    }
  });
});
