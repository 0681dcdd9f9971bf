import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { healthOf, json, testApp } from './helpers.ts';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

describe('limits', () => {
  it('rate-limits a client with 429, Retry-After and the error shape', async () => {
    const app = await testApp(pool, { rateLimitMax: 3 });
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await app.inject({ url: '/api/health' });
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(json(last as { body: string })).toMatchObject({ statusCode: 429, error: 'Too Many Requests', details: [] });
    await app.close();
  });

  it('answers 503 with Retry-After when the run queue is full', async () => {
    const app = await testApp(pool, { concurrentRuns: 1, queueLimit: 0 });
    // long enough to still be running 50 ms later on a much faster machine
    const slow = app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200_000, seed: 1 } });
    await new Promise((r) => setTimeout(r, 50));
    const busy = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 1000, seed: 2 } });
    expect(busy.statusCode).toBe(503);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(busy)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect((await slow).statusCode).toBe(200);
    await app.close();
  });

  it('drops a queued run when its client goes away, and still finishes one that a client waits for (real socket)', async () => {
    const app = await testApp(pool, { concurrentRuns: 1, queueLimit: 8 });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const post = (body: object, signal?: AbortSignal) =>
      fetch(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
    const { until } = healthOf(base);
    const slow = post({ scenarioId: 'baseline', trials: 200_000, seed: 11 });
    await until((r) => r.active === 1);
    // the page moved on: its request for these assumptions is aborted while the run still queues
    const leaving = new AbortController();
    const abandoned = post({ scenarioId: 'baseline', trials: 1000, seed: 12 }, leaving.signal).catch((e: Error) => e.name);
    const kept = post({ scenarioId: 'baseline', trials: 1000, seed: 13 });
    await until((r) => r.waiting === 2);
    leaving.abort();
    expect(await abandoned).toBe('AbortError');
    expect(await until((r) => r.waiting === 1)).toEqual({ active: 1, waiting: 1, dropped: 1 });
    expect((await slow).status).toBe(200);
    expect((await kept).status).toBe(200);
    // the dropped run was never stored: asking again runs it now
    const again = await post({ scenarioId: 'baseline', trials: 1000, seed: 12 });
    expect(again.headers.get('x-run-cache')).toBe('miss');
    await app.close();
  });

  it('stops a run over its time budget and says how to fix it', async () => {
    const app = await testApp(pool, { runTimeoutMs: 100 });
    const res = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200_000, seed: 9 } });
    expect(res.statusCode).toBe(422);
    expect(json<{ details: { path: string; message: string }[] }>(res).details[0]).toMatchObject({ path: 'trials' });
    expect(res.body).toContain('fewer trials');
    await app.close();
    // the pool replaced the stopped workers: a run with an ordinary budget works
    const normal = await testApp(pool);
    const after = await normal.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 500, seed: 9 } });
    expect(after.statusCode).toBe(200);
    await normal.close();
  });

  it('runs on a one-worker pool too, so the time budget still stops a run', async () => {
    const single = new WorkerPool(1);
    const app = await testApp(single, { runTimeoutMs: 100 });
    const res = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200_000, seed: 10 } });
    expect(res.statusCode).toBe(422);
    await app.close();
    await single.close();
  });

  it('allows CORS only for configured origins', async () => {
    const app = await testApp(pool, { corsOrigin: ['https://reports.example.org'] });
    const allowed = await app.inject({ url: '/api/health', headers: { origin: 'https://reports.example.org' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://reports.example.org');
    const other = await app.inject({ url: '/api/health', headers: { origin: 'https://evil.example.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });
});

describe('sharing the run slots between clients', () => {
  it('starts the waiting run of the client served least recently, and keeps one client to half the queue', async () => {
    const app = await testApp(pool, { concurrentRuns: 1, queueLimit: 8 });
    try {
      const from = (client: string, seed: number, trials = 3000) =>
        app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials, seed }, remoteAddress: client });
      const finished: string[] = [];
      const track = (name: string, p: ReturnType<typeof from>) =>
        p.then((res) => {
          finished.push(name);
          return res;
        });
      // A holds the slot, then queues four runs (its share of a queue of 8); B queues one after them
      const first = track('a0', from('10.0.0.1', 1, 100_000));
      await new Promise((r) => setTimeout(r, 30));
      const queued = [1, 2, 3, 4].map((k) => track(`a${k}`, from('10.0.0.1', 1 + k)));
      await new Promise((r) => setTimeout(r, 30));
      const over = await from('10.0.0.1', 9);
      expect(over.statusCode).toBe(503);
      expect(json(over).message).toMatch(/you have 4 runs waiting, the most one client may \(half the queue of 8\)/);
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const b = track('b1', from('10.0.0.2', 20));
      const all = await Promise.all([first, ...queued, b]);
      expect(all.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      // B waited behind four of A's runs, yet ran right after the one A had executing
      expect(finished.slice(0, 2)).toEqual(['a0', 'b1']);
    } finally {
      await app.close();
    }
  }, 60_000);
});
