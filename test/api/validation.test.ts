/**
 * Requests checked by TypeBox's compiler with the scenario check's messages: query strings typed
 * by their schemas (numbers from decimal text only), every problem with its path and code, and
 * the error JSON's codes from their closed lists.
 */
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_LIMIT } from '../../src/core/limits.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { ErrorResponse } from '../../src/schema/responses.ts';
import { json, testApp, tinyScenario } from './helpers.ts';

const pool = new WorkerPool(1);
let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp(pool);
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

/** An error answer: its status and body, checked against the one error shape. */
async function failed(request: InjectOptions) {
  const res = await app.inject(request);
  const body = json<ErrorResponse>(res);
  expect(Value.Check(ErrorResponse, body), res.body).toBe(true);
  return { status: res.statusCode, body };
}

describe('query strings typed by their schemas', () => {
  it('a number given as decimal text is a number; other text is refused at its key, with what is valid', async () => {
    expect(json<{ scenarios: unknown[] }>(await app.inject({ url: '/api/scenarios?limit=1' })).scenarios).toHaveLength(1);
    for (const [limit, code, message] of [
      ['abc', 'type', `must be scenarios per page, 1 to ${LIST_LIMIT.max} (default ${LIST_LIMIT.default}), got the text "abc"`],
      ['0x2', 'type', `must be scenarios per page, 1 to ${LIST_LIMIT.max} (default ${LIST_LIMIT.default}), got the text "0x2"`],
      ['2.5', 'type', 'must be a whole number, got 2.5'],
      ['0', 'range', 'must be ≥ 1, got 0'],
      [String(LIST_LIMIT.max + 1), 'range', `must be ≤ ${LIST_LIMIT.max}, got ${LIST_LIMIT.max + 1}`],
    ]) {
      const { status, body } = await failed({ url: `/api/scenarios?limit=${limit}` });
      expect(status, limit).toBe(400);
      expect(body.code).toBe('invalid-request');
      expect(body.details, limit).toEqual([{ path: 'limit', code, message }]);
    }
  });

  it('a saved version number from the query reaches the route as a number', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'typed-query' }) })).statusCode).toBe(201);
    const res = await app.inject({ url: '/api/scenarios/typed-query?version=1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-scenario-version']).toBe('1');
    const missing = await failed({ url: '/api/scenarios/typed-query?version=2' });
    expect([missing.status, missing.body.code, missing.body.message]).toEqual([404, 'not-found', 'scenario typed-query has no version 2']);
  });

  it('an unknown query key gets a did-you-mean', async () => {
    const { status, body } = await failed({ url: '/api/scenarios?limt=2' });
    expect(status).toBe(400);
    expect(body.details).toEqual([{ path: 'limt', code: 'unknown-key', message: 'unknown key; did you mean limit? (allowed here: limit, after)' }]);
  });
});

describe('bodies and the error codes', () => {
  it('a run request with a mistyped key and a bad seed: 400 invalid-request, each problem with its code', async () => {
    const { status, body } = await failed({ method: 'POST', url: '/api/runs', payload: { scenarioID: 'baseline', seed: -1 } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid-request', message: 'invalid request body' });
    expect(body.details).toEqual([
      { path: 'scenarioID', code: 'unknown-key', message: 'unknown key; did you mean scenarioId or scenario? (allowed here: scenarioId, version, scenario, trials, seed, overrides)' },
      { path: 'seed', code: 'range', message: 'must be ≥ 0, got -1' },
    ]);
  });

  it('an inline scenario with problems: 422 invalid-scenario, at the request\'s paths, with the check\'s codes', async () => {
    const { title: _, ...untitled } = tinyScenario();
    const { status, body } = await failed({ method: 'POST', url: '/api/runs', payload: { scenario: { ...untitled, clusters: [{ ...untitled.clusters[0], fields: [{ ...untitled.clusters[0].fields[0], base: { dist: 'gamma' } }] }] } } });
    expect(status).toBe(422);
    expect(body.code).toBe('invalid-scenario');
    expect(body.details).toEqual([
      { path: 'scenario.title', code: 'missing', message: 'is missing: add title (text)' },
      { path: 'scenario.clusters[0].fields[0].base.dist', code: 'one-of', message: 'unknown dist "gamma"; use one of: fixed, normal, lognormal, uniform, triangular, pert' },
    ]);
  });

  it('a run over the server\'s trial limit is too-large with a limit issue; an unknown route not-found', async () => {
    const small = await testApp(pool, { maxTrials: 500 });
    try {
      const res = await small.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 600 } });
      expect(res.statusCode).toBe(422);
      expect(json<ErrorResponse>(res)).toMatchObject({ code: 'too-large', details: [{ path: 'trials', code: 'limit' }] });
    } finally {
      await small.close();
    }
    const { status, body } = await failed({ url: '/api/nothing' });
    expect([status, body.code]).toEqual([404, 'not-found']);
  });
});
