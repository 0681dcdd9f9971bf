/**
 * The streamed run (POST /api/runs?progress=ndjson): NDJSON lines of progress, then the manifest
 * or an error in the one shape; a stored run answers with the last line alone. Over a real socket,
 * a client that goes away stops the run it alone waited for, even while it executes: its slot is
 * freed and nothing is stored.
 */
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponse } from '../../src/schema/responses.ts';
import { RunManifest } from '../../src/schema/manifest.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { healthOf, json, testApp } from './helpers.ts';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

type Line = { type: 'progress'; done: number; total: number } | ({ type: 'run' } & Record<string, unknown>) | ({ type: 'error' } & Record<string, unknown>);

/** Every line of an NDJSON body, parsed; each line must be one JSON object. */
function lines(body: string): Line[] {
  expect(body.endsWith('\n')).toBe(true);
  return body
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

const withoutType = ({ type: _type, ...rest }: Line) => rest;

describe('POST /api/runs?progress=ndjson', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(pool, { maxTrials: 300_000 });
  });
  afterAll(() => app.close());

  const stream = (payload: object, url = '/api/runs?progress=ndjson', headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload, headers });

  it('streams progress lines while the run executes, then the manifest as the last line', async () => {
    const res = await stream({ scenarioId: 'baseline', trials: 50_000, seed: 21 });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['x-run-cache']).toBe('miss');
    expect(res.headers['cache-control']).toBe('no-store');
    const all = lines(res.body);
    const last = all.at(-1) as Line;
    expect(last.type).toBe('run');
    const manifest = withoutType(last) as { id: string; result: { meta: { trials: number } } };
    expect(Value.Check(RunManifest, manifest)).toBe(true);
    expect(res.headers.location).toBe(`/api/runs/${manifest.id}`);
    expect(manifest.result.meta.trials).toBe(50_000);
    // the stored run is the same manifest, byte for byte
    expect((await app.inject({ url: `/api/runs/${manifest.id}` })).body).toBe(JSON.stringify(manifest));

    const progress = all.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    let before = 0;
    for (const line of progress) {
      expect(line.type).toBe('progress');
      if (line.type !== 'progress') continue;
      expect(Object.keys(line)).toEqual(['type', 'done', 'total']);
      expect(line.total).toBe(progress[0].type === 'progress' ? progress[0].total : NaN);
      expect(line.done).toBeGreaterThanOrEqual(before);
      expect(line.done).toBeLessThanOrEqual(line.total);
      before = line.done;
    }
  });

  it('answers a stored run at once with the last line alone, also when asked by Accept header', async () => {
    const payload = { scenarioId: 'baseline', trials: 2000, seed: 22 };
    const plain = await app.inject({ method: 'POST', url: '/api/runs', payload });
    expect(plain.headers['x-run-cache']).toBe('miss');
    for (const res of [await stream(payload), await stream(payload, '/api/runs', { accept: 'application/x-ndjson' })]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(res.headers['x-run-cache']).toBe('hit');
      const all = lines(res.body);
      expect(all).toHaveLength(1);
      expect(withoutType(all[0])).toEqual(json(plain));
    }
    // without either, the plain answer as before
    const again = await app.inject({ method: 'POST', url: '/api/runs', payload });
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.body).toBe(plain.body);
  });

  it('ends with an error line in the one error shape when the run cannot be made', async () => {
    const cases: [object, number, string][] = [
      [{ scenarioId: 'nope' }, 404, ''],
      [{ scenarioId: 'baseline', trials: 400_000 }, 422, 'trials'],
      [{ scenarioId: 'baseline', overrides: { leverDelivery: { nope: 2 } } }, 422, 'overrides.leverDelivery.nope'],
    ];
    for (const [payload, status, path] of cases) {
      const res = await stream(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(200);
      const all = lines(res.body);
      expect(all).toHaveLength(1);
      expect(all[0].type).toBe('error');
      const body = withoutType(all[0]) as { statusCode: number; details: { path: string }[] };
      expect(Value.Check(ErrorResponse, body)).toBe(true);
      expect(body.statusCode).toBe(status);
      if (path) expect(body.details.map((d) => d.path)).toContain(path);
    }
    // a body or query that does not fit the route is answered with its status, as without progress
    const shape = await stream({ scenarioId: 'baseline', extra: true });
    expect(shape.statusCode).toBe(400);
    expect(Value.Check(ErrorResponse, json(shape))).toBe(true);
    const query = await stream({ scenarioId: 'baseline' }, '/api/runs?progress=xml');
    expect(query.statusCode).toBe(400);
    expect(json<{ details: { path: string }[] }>(query).details[0].path).toBe('progress');
  });

  it('ends with an error line after the progress of a run over its time budget', async () => {
    const strict = await testApp(pool, { runTimeoutMs: 100 });
    const res = await strict.inject({ method: 'POST', url: '/api/runs?progress=ndjson', payload: { scenarioId: 'baseline', trials: 200_000, seed: 23 } });
    await strict.close();
    const all = lines(res.body);
    const last = all.at(-1) as Line;
    expect(last).toMatchObject({ type: 'error', statusCode: 422, error: 'Unprocessable Entity', message: 'run exceeded its time budget' });
    expect(Value.Check(ErrorResponse, withoutType(last))).toBe(true);
    expect(all.slice(0, -1).every((l) => l.type === 'progress')).toBe(true);
  });

  it('sends Retry-After with the error line of a full queue', async () => {
    const busy = await testApp(pool, { concurrentRuns: 1, queueLimit: 0 });
    // long enough to still be running 50 ms later on a much faster machine
    const slow = busy.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200_000, seed: 24 } });
    await new Promise((r) => setTimeout(r, 50));
    const res = await busy.inject({ method: 'POST', url: '/api/runs?progress=ndjson', payload: { scenarioId: 'baseline', trials: 1000, seed: 25 } });
    expect(lines(res.body)).toEqual([expect.objectContaining({ type: 'error', statusCode: 503, error: 'Service Unavailable' })]);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await slow).statusCode).toBe(200);
    await busy.close();
  });

  it('documents the query, the NDJSON lines and the headers in /docs', async () => {
    type Op = { parameters?: { in: string; name: string }[]; responses: Record<string, { content?: Record<string, { schema: { anyOf?: unknown[] } }>; headers?: Record<string, unknown> }> };
    const spec = json<{ paths: Record<string, Record<string, Op>> }>(await app.inject({ url: '/docs/json' }));
    const op = spec.paths['/api/runs'].post;
    expect(op.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['query:progress']);
    expect(Object.keys(op.responses['200'].content ?? {})).toEqual(['application/json', 'application/x-ndjson']);
    expect(op.responses['200'].content?.['application/x-ndjson'].schema.anyOf).toHaveLength(3);
    expect(Object.keys(op.responses['200'].headers ?? {})).toEqual(['location', 'x-run-cache']);
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });
});

describe('a client that goes away (real socket)', () => {
  it('stops an executing run it alone waited for: the slot is freed and nothing is stored; a run another client waits for goes on', async () => {
    const app = await testApp(pool, { concurrentRuns: 1, queueLimit: 8 });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const post = (body: object, signal?: AbortSignal, url = '/api/runs?progress=ndjson') =>
        fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
      const { health, until } = healthOf(base);
      /** Reads a streamed answer until its first progress line: the run is executing. */
      const firstProgress = async (res: Response) => {
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        let text = '';
        while (!text.includes('\n')) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended before any progress: ${text}`);
          text += decoder.decode(value, { stream: true });
        }
        expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ type: 'progress' });
        return reader;
      };

      // a million trials take seconds: the client leaves at its first progress line
      const leaving = new AbortController();
      const long = await post({ scenarioId: 'baseline', trials: 1_000_000, seed: 31 }, leaving.signal);
      expect(long.status).toBe(200);
      const location = long.headers.get('location') as string;
      const reader = await firstProgress(long);
      expect(await health()).toEqual({ active: 1, waiting: 0, dropped: 0 });
      leaving.abort();
      await reader.read().catch(() => undefined);
      expect(await until((r) => r.active === 0)).toEqual({ active: 0, waiting: 0, dropped: 1 });
      expect((await fetch(`${base}${location}`)).status).toBe(404);
      // the slot is free: the next run runs at once
      const next = await post({ scenarioId: 'baseline', trials: 1000, seed: 32 }, undefined, '/api/runs');
      expect(next.status).toBe(200);
      expect(next.headers.get('x-run-cache')).toBe('miss');

      // a plain request that goes away stops its executing run too
      const plainLeaving = new AbortController();
      const plain = post({ scenarioId: 'baseline', trials: 1_000_000, seed: 33 }, plainLeaving.signal, '/api/runs').catch((e: Error) => e.name);
      await until((r) => r.active === 1);
      plainLeaving.abort();
      expect(await plain).toBe('AbortError');
      expect(await until((r) => r.active === 0)).toEqual({ active: 0, waiting: 0, dropped: 2 });

      // two clients on one run: one leaves, the run goes on for the other and is stored
      const shared = { scenarioId: 'baseline', trials: 200_000, seed: 34 };
      const first = new AbortController();
      const a = await post(shared, first.signal);
      const readerA = await firstProgress(a);
      const b = await post(shared);
      first.abort();
      await readerA.read().catch(() => undefined);
      const all = lines(await b.text());
      expect(all.at(-1)).toMatchObject({ type: 'run' });
      expect((await health()).dropped).toBe(2);
      expect((await fetch(`${base}${b.headers.get('location')}`)).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);
});
