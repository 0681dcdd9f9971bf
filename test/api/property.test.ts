import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { testApp, tinyScenario } from './helpers.ts';

const pool = new WorkerPool(2);
let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp(pool, { maxTrials: 300 });
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

/** Replaces the value at a random path of a JSON value. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  if (Array.isArray(value) && value.length) {
    const i = path[0] % value.length;
    const copy = [...value];
    copy[i] = mutate(copy[i], path.slice(1), replacement);
    return copy;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (!keys.length) return replacement;
    const k = keys[path[0] % keys.length];
    return { ...(value as Record<string, unknown>), [k]: mutate((value as Record<string, unknown>)[k], path.slice(1), replacement) };
  }
  return replacement;
}

const anything = fc.oneof(fc.jsonValue(), fc.constantFrom(-1, 0, 1e308, -1e308, '', 'total', '__proto__', 'constructor', '../..', 'import("fs")', null, [], {}));

describe('bad bodies never cause a 500', () => {
  it('random JSON bodies to every POST route get 2xx or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/runs', '/api/scenarios', '/api/compare'), fc.jsonValue(), async (url, body) => {
        const res = await app.inject({ method: 'POST', url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('mutated valid scenarios and run requests get 2xx or 4xx with the error shape', async () => {
    const scenario = tinyScenario({ simulation: { trials: 200, seed: 1 } });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(40), { minLength: 1, maxLength: 6 }), anything, fc.boolean(), async (path, replacement, asRun) => {
        const mutated = mutate(scenario, path, replacement);
        const res = asRun
          ? await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario: mutated, trials: 100 } })
          : await app.inject({ method: 'POST', url: '/api/scenarios', payload: JSON.stringify(mutated), headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) expect(JSON.parse(res.body)).toMatchObject({ statusCode: res.statusCode, details: expect.any(Array) });
      }),
      { numRuns: 250, seed: 7 },
    );
  });

  it('mutated run options get 2xx or 4xx', async () => {
    const request = { scenarioId: 'baseline', trials: 100, seed: 1, overrides: { leverDelivery: { 'pioneer-areas': 1.2 }, growthShift: { health: 0.01 }, volatilityScale: 1, events: { 'chip-export-controls': false } } };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(10), { minLength: 1, maxLength: 3 }), anything, async (path, replacement) => {
        const res = await app.inject({ method: 'POST', url: '/api/runs', payload: JSON.stringify(mutate(request, path, replacement)), headers: { 'content-type': 'application/json' } });
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
