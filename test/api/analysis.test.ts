/**
 * The analyses over HTTP (POST /api/sensitivity, /api/discover, /api/compare/paired): the same
 * documents as the CLI's --format json, progress lines when streamed, bad input with the valid
 * choices, one-sided overrides in a paired comparison, the cache, the limits, and a streamed
 * answer over a real socket.
 */
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { ByYearDocument, DiscoveryDocument, GivenDataDocument, PairedDocument, SobolDocument } from '../../src/schema/analysis.ts';
import { ErrorResponse } from '../../src/schema/responses.ts';
import { cli } from '../cli/helpers.ts';
import { json, testApp } from './helpers.ts';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

const baseline = join(new URL('../../', import.meta.url).pathname, 'scenarios/baseline.yaml');

type Line = { type: string } & Record<string, unknown>;
/** Every line of an NDJSON body, parsed. */
function lines(body: string): Line[] {
  expect(body.endsWith('\n')).toBe(true);
  return body
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp(pool);
});
afterAll(() => app.close());

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

describe('POST /api/sensitivity', () => {
  it('answers the document future-sim sensitivity --format json prints, key for key', async () => {
    const res = await post('/api/sensitivity', { scenarioId: 'baseline', trials: 1500, outputs: ['total@2030', 'target:plan-2030'] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = json<GivenDataDocument>(res);
    expect(Value.Check(GivenDataDocument, doc)).toBe(true);
    const printed = await cli('sensitivity', baseline, '--format', 'json', '--trials', '1500', '--output', 'total@2030', '--output', 'target:plan-2030');
    expect(printed.code).toBe(0);
    expect(res.body).toBe(JSON.stringify(JSON.parse(printed.out)));
    expect(doc.trialsNeeded).toBeGreaterThan(1500);
  });

  it('gives Sobol indices by group in Chinese, streaming progress in model evaluations, then the document', async () => {
    const res = await post('/api/sensitivity?progress=ndjson', { scenarioId: 'baseline', trials: 300, seed: 5, method: 'sobol', outputs: ['target:plan-2030'], lang: 'zh' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const all = lines(res.body);
    const last = all.at(-1) as Line;
    expect(last.type).toBe('result');
    const { type: _type, ...doc } = last;
    expect(Value.Check(SobolDocument, doc)).toBe(true);
    const sobol = doc as SobolDocument;
    expect(sobol.outputs[0].label).toMatch(/的概率$/);
    const progress = all.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    let before = 0;
    for (const p of progress) {
      expect(p).toEqual({ type: 'progress', done: expect.any(Number), total: sobol.evaluations });
      expect(p.done as number).toBeGreaterThan(before);
      expect((p.done as number) % 300).toBe(0);
      before = p.done as number;
    }
    const printed = await cli('sensitivity', baseline, '--method', 'sobol', '--format', 'json', '--trials', '300', '--seed', '5', '--output', 'target:plan-2030', '--lang', 'zh');
    expect(doc).toEqual(JSON.parse(printed.out));
  });

  it('answers the same request from its cache at once, byte for byte', async () => {
    const body = { scenarioId: 'baseline', trials: 600, seed: 77, outputs: ['total@2030'] };
    const first = await post('/api/sensitivity', body);
    expect(first.headers['x-analysis-cache']).toBe('miss');
    const again = await post('/api/sensitivity', { ...body, lang: 'en', method: 'given-data' });
    expect(again.headers['x-analysis-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    const streamed = lines((await post('/api/sensitivity?progress=ndjson', body)).body);
    expect(streamed).toEqual([{ type: 'result', ...json(first) }]);
    // another seed is another analysis
    expect((await post('/api/sensitivity', { ...body, seed: 78 })).headers['x-analysis-cache']).toBe('miss');
  });

  it('names the valid outputs for an unknown one, at its field', async () => {
    const res = await post('/api/sensitivity', { scenarioId: 'baseline', trials: 200, outputs: ['total@2031'] });
    expect(res.statusCode).toBe(422);
    const err = json<ErrorResponse>(res);
    expect(Value.Check(ErrorResponse, err)).toBe(true);
    expect(err.details).toEqual([
      expect.objectContaining({ path: 'outputs', message: expect.stringContaining('unknown output "total@2031"; outputs: target:plan-2030, target:milestone-2035, total@2030') }),
    ]);
  });

  it('gives each target year by year: P(scope ≥ value in that year) and its group shares', async () => {
    const res = await post('/api/sensitivity', { scenarioId: 'baseline', trials: 1000, byYear: true, outputs: ['target:plan-2030'] });
    expect(res.statusCode).toBe(200);
    const doc = json<ByYearDocument>(res);
    expect(Value.Check(ByYearDocument, doc)).toBe(true);
    expect(doc.targets.map((t) => t.target)).toEqual(['plan-2030']);
    expect(doc.targets[0].years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035]);
    const printed = await cli('sensitivity', baseline, '--by-year', '--format', 'json', '--trials', '1000', '--output', 'target:plan-2030');
    expect(res.body).toBe(JSON.stringify(JSON.parse(printed.out)));
    const sobol = await post('/api/sensitivity', { scenarioId: 'baseline', trials: 100, byYear: true, method: 'sobol' });
    expect(sobol.statusCode).toBe(422);
    expect(json<ErrorResponse>(sobol).details[0].path).toBe('byYear');
  });

  it('refuses a Sobol design over the evaluations limit, saying the limit and the fix', async () => {
    const res = await post('/api/sensitivity', { scenarioId: 'baseline', trials: 20_000, method: 'sobol', by: 'input' });
    expect(res.statusCode).toBe(422);
    const [issue] = json<ErrorResponse>(res).details;
    expect(issue.path).toBe('trials');
    expect(issue.message).toBe(
      'Sobol by input at 20,000 trials is 1,580,000 model evaluations (trials × (77 factors + 2)); this server allows 1,000,000: ask for at most 12,658 trials, or by: group (13 factors)',
    );
  });

  it('refuses a Sobol design that would not fit MEMORY_BUDGET_MB, before it starts, with the trials that would', async () => {
    const small = await testApp(pool, { memoryBudgetMb: 16 });
    const res = await small.inject({ method: 'POST', url: '/api/sensitivity', payload: { scenarioId: 'baseline', trials: 3000, method: 'sobol', by: 'input' } });
    expect(res.statusCode).toBe(422);
    const [issue] = json<ErrorResponse>(res).details;
    expect(issue).toMatchObject({ path: 'trials', code: 'limit' });
    expect(issue.message).toMatch(/^this analysis at 3,000 trials needs about \d+ MiB; this server's MEMORY_BUDGET_MB is 16: ask for at most \d+ trials, or by: group$/);
    await small.close();
  });

  it('refuses trials over the server limit as a run does', async () => {
    const small = await testApp(pool, { maxTrials: 1000 });
    const res = await small.inject({ method: 'POST', url: '/api/sensitivity', payload: { scenarioId: 'baseline', trials: 5000 } });
    expect(res.statusCode).toBe(422);
    expect(json<ErrorResponse>(res).details[0]).toMatchObject({ path: 'trials', code: 'limit' });
    await small.close();
  });

  it('stops an analysis over ANALYSIS_TIMEOUT_MS with a 422 naming the budget and the fix', async () => {
    const hasty = await testApp(pool, { analysisTimeoutMs: 100 });
    const res = await hasty.inject({ method: 'POST', url: '/api/sensitivity', payload: { scenarioId: 'baseline', trials: 5000, method: 'sobol', by: 'input' } });
    expect(res.statusCode).toBe(422);
    expect(json<ErrorResponse>(res).details).toEqual([
      {
        path: 'trials',
        code: 'limit',
        message: "the analysis took longer than this server's budget of 100 ms (ANALYSIS_TIMEOUT_MS); ask for fewer trials, or by: group",
      },
    ]);
    await hasty.close();
  });
});

describe('POST /api/discover', () => {
  it("answers the discovery document, the scenario's first target by default", async () => {
    const res = await post('/api/discover', { scenarioId: 'baseline', trials: 2000 });
    expect(res.statusCode).toBe(200);
    const doc = json<DiscoveryDocument>(res);
    expect(Value.Check(DiscoveryDocument, doc)).toBe(true);
    expect(doc.target).toBe('plan-2030');
    expect(doc.boxes[0].sentence).toMatch(/^the 2030 target is met in \d+\.\d% of the simulated worlds in which /);
    const printed = await cli('discover', baseline, '--format', 'json', '--trials', '2000');
    expect(res.body).toBe(JSON.stringify(JSON.parse(printed.out)));
  });

  it('names the valid targets for an unknown one', async () => {
    const res = await post('/api/discover', { scenarioId: 'baseline', trials: 200, target: 'nope' });
    expect(res.statusCode).toBe(422);
    expect(json<ErrorResponse>(res).details).toEqual([{ path: 'target', code: 'one-of', message: 'unknown target "nope"; targets: plan-2030, milestone-2035' }]);
  });

  it('says the scenario is unknown with a 404, and a bad body with a 400', async () => {
    expect((await post('/api/discover', { scenarioId: 'no-such-scenario' })).statusCode).toBe(404);
    const bad = await post('/api/discover', { scenarioId: 'baseline', lang: 'fr' });
    expect(bad.statusCode).toBe(400);
    expect(json<ErrorResponse>(bad).details[0].path).toBe('lang');
  });
});

describe('POST /api/compare/paired', () => {
  it('compares a scenario with its shifted self when only b has overrides: b differs from a, with paired errors', async () => {
    const res = await post('/api/compare/paired', { a: { scenarioId: 'baseline' }, b: { scenarioId: 'baseline', overrides: { growthShift: { total: 0.01 } } }, trials: 800 });
    expect(res.statusCode).toBe(200);
    const doc = json<PairedDocument>(res);
    expect(Value.Check(PairedDocument, doc)).toBe(true);
    const target = doc.outputs.find((o) => o.output === 'target:plan-2030')!;
    expect(target.probability!.change.estimate).toBeGreaterThan(0);
    expect(target.probability!.change.se).toBeLessThan(target.probability!.unpairedSe / 2);
    const total = doc.outputs.find((o) => o.output === 'total@2030')!;
    expect(total.difference!.pGreater.estimate).toBe(1);
    expect(total.channels!.growth).toBeCloseTo(total.b - total.a, 9);
    const printed = await cli('compare', baseline, baseline, '--paired', '--format', 'json', '--trials', '800', '--overrides-on', 'b', '--shift-pp', 'total=1');
    expect(res.body).toBe(JSON.stringify(JSON.parse(printed.out)));
  });

  it('gives identical sides a difference of exactly zero', async () => {
    const side = { scenarioId: 'baseline', overrides: { leverDelivery: { 'high-tech-enterprises': 1.2 } } };
    const doc = json<PairedDocument>(await post('/api/compare/paired', { a: side, b: side, trials: 400, seed: 3 }));
    for (const o of doc.outputs) {
      expect(o.b).toBe(o.a);
      if (o.probability) expect(o.probability.change).toEqual({ estimate: 0, se: 0 });
      if (o.difference) expect(o.difference.quantiles).toEqual([0, 0, 0, 0, 0]);
      expect(Object.values(o.channels!)).toEqual([0, 0, 0, 0, 0]);
    }
  });

  it('reports the problems of both sides at once', async () => {
    const res = await post('/api/compare/paired', { a: { scenarioId: 'baseline', overrides: { leverDelivery: { nope: 1 } } }, b: {}, trials: 100 });
    expect(res.statusCode).toBe(422);
    expect(
      json<ErrorResponse>(res)
        .details.map((d) => d.path)
        .sort(),
    ).toEqual(['a.overrides.leverDelivery.nope', 'b.scenarioId']);
  });
});

describe('the analyses in /docs', () => {
  it('documents each route with its document and its NDJSON lines', async () => {
    type Op = { responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> };
    const spec = json<{ paths: Record<string, Record<string, Op>> }>(await app.inject({ url: '/docs/json' }));
    for (const path of ['/api/sensitivity', '/api/discover', '/api/compare/paired']) {
      const op = spec.paths[path]?.post;
      expect(Object.keys(op?.responses['200'].content ?? {}), path).toEqual(['application/json', 'application/x-ndjson']);
      expect(Object.keys(op?.responses['200'].headers ?? {}), path).toEqual(['x-analysis-cache']);
    }
  });
});

describe('a streamed analysis over a real socket', () => {
  it('sends progress lines as the Sobol design runs, then the document', async () => {
    const server = await testApp(pool);
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${base}/api/sensitivity`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
        body: JSON.stringify({ scenarioId: 'baseline', trials: 400, method: 'sobol', outputs: ['total@2030'] }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-accel-buffering')).toBe('no');
      const all = lines(await res.text());
      expect(all[0]).toMatchObject({ type: 'progress', total: 400 * 15 });
      expect(all.at(-1)).toMatchObject({ type: 'result', method: 'sobol', evaluations: 400 * 15 });
    } finally {
      await server.close();
    }
  });

  it('lets an identical request join one under way, and stops it when every client waiting for it has gone: the next one runs', async () => {
    // an analysis thread whose jobs say they have begun and then never end
    const server = await testApp(pool, {}, { jobScripts: { analysis: new URL('../fixtures/progress-spin-script.ts', import.meta.url) } });
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    /** A streamed request; the answer's headers come with its first line, once the analysis runs (or has run: a joined one's latest progress). */
    const open = (seed: number) => {
      const stop = new AbortController();
      const response = fetch(`${base}/api/discover?progress=ndjson`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenarioId: 'baseline', trials: 100, seed }),
        signal: stop.signal,
      });
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      const first = async () => {
        reader = ((await response).body as ReadableStream<Uint8Array>).getReader();
        let text = '';
        while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value);
        return JSON.parse(text.slice(0, text.indexOf('\n'))) as Line;
      };
      /** The client goes away. */
      const close = async () => {
        stop.abort();
        await reader?.read().catch(() => undefined);
      };
      return { first, close };
    };
    try {
      const a = open(1);
      expect(await a.first()).toEqual({ type: 'progress', done: 1, total: 2 });
      // the same request joins it: it hears its progress at once (queued behind it, it would hear nothing)
      const same = open(1);
      expect(await same.first()).toEqual({ type: 'progress', done: 1, total: 2 });
      const next = open(2);
      await a.close();
      await same.close();
      // the one thread is free again only if the first analysis was stopped
      expect(await next.first()).toEqual({ type: 'progress', done: 1, total: 2 });
      await next.close();
    } finally {
      // the test's aborted fetches leave their sockets open on the server's side (so do POST /api/runs' in the same steps): closed here, not waited for
      server.server.closeAllConnections();
      await server.close();
    }
  });
});
