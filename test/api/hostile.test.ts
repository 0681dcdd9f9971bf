/**
 * Hostile input gets a fast 4xx with a small body: huge lists, unknown keys by the hundred
 * thousand, values nested thousands deep (issue "No request can freeze the server…").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MAX_FIELDS, MAX_ISSUES } from '../../src/core/limits.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { json, testApp, tinyScenario } from './helpers.ts';

const pool = new WorkerPool(2);
let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp(pool, { bodyLimit: 16 * 1024 * 1024 });
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

const s = tinyScenario();
const field = s.clusters[0].fields[0];
/** JSON text of a value nested `depth` objects deep (built as text: JSON.stringify would overflow the stack). */
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const DEEP = '"__deep__"';

async function post(body: unknown, deep = 0) {
  const text = JSON.stringify(body).replace(DEEP, nested(deep));
  const started = performance.now();
  const res = await app.inject({ method: 'POST', url: '/api/runs', payload: text, headers: { 'content-type': 'application/json' } });
  return { res, ms: performance.now() - started, body: json<{ statusCode: number; details: { path: string; message: string }[] }>(res) };
}

describe('hostile run requests', () => {
  it('150,000 unknown scope entries: 422 naming the first problems and the limit, not a 500', async () => {
    const { res, ms, body } = await post({ scenario: { ...s, events: [{ id: 'e', scope: Array.from({ length: 150_000 }, (_, i) => `nope${i}`), years: { from: 2025, to: 2026 }, probabilityPerYear: 0.1, impact: -0.1 }] } });
    expect(res.statusCode).toBe(422);
    expect(res.body.length).toBeLessThan(64 * 1024);
    expect(body.details.length).toBeLessThanOrEqual(MAX_ISSUES);
    expect(body.details.some((d) => /allows at most 151 items, got 150000/.test(d.message))).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('100,000 unknown keys: 422 listing the first problems and counting the rest, in a small body', async () => {
    const { res, ms, body } = await post({ scenario: { ...s, ...Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1])) } });
    expect(res.statusCode).toBe(422);
    expect(res.body.length).toBeLessThan(64 * 1024);
    expect(body.details).toHaveLength(MAX_ISSUES);
    expect(body.details.at(-1)).toEqual({ path: '(more)', code: 'more', message: expect.stringMatching(/^and \d+ or more other problems; fix these first$/) });
    expect(ms).toBeLessThan(5000);
  });

  it('a value nested 5,000 deep under dist or model: 422 at its path', async () => {
    for (const f of [{ ...field, base: { dist: 'normal', mean: '__deep__', sd: 1 } }, { ...field, growth: '__deep__' }]) {
      const { res, body } = await post({ scenario: { ...s, clusters: [{ ...s.clusters[0], fields: [f] }] } }, 5000);
      expect(res.statusCode).toBe(422);
      expect(body.details[0].path).toMatch(/^scenario\.clusters\[0\]\.fields\[0\]\.(base\.mean|growth)$/);
    }
  });

  it('3,000 fields: 422 at the field limit, before any correlation matrix is built', async () => {
    const { res, ms, body } = await post({ scenario: { ...s, clusters: [{ ...s.clusters[0], fields: Array.from({ length: 3000 }, (_, i) => ({ ...field, id: `f${i}` })) }] } });
    expect(res.statusCode).toBe(422);
    expect(body.details).toEqual([{ path: 'scenario.clusters[0].fields', code: 'too-many', message: `allows at most ${MAX_FIELDS} items, got 3000` }]);
    expect(ms).toBeLessThan(5000);
  });

  it('a key of 200,000 characters is cut in the message that echoes it', async () => {
    const { res, body } = await post({ scenario: { ...s, ['k'.repeat(200_000)]: 1 } });
    expect(res.statusCode).toBe(422);
    expect(res.body.length).toBeLessThan(4096);
    expect(body.details[0].path).toMatch(/…$/);
  });
});

describe('the memory budget', () => {
  it('refuses a run that would not fit, up front, naming the limit and the trials that fit', async () => {
    const small = await testApp(pool, { memoryBudgetMb: 16 });
    try {
      const started = performance.now();
      const res = await small.inject({ method: 'POST', url: '/api/runs', payload: { scenario: s, trials: 1_000_000 } });
      expect(res.statusCode).toBe(422);
      const body = json<{ message: string; details: { path: string; message: string }[] }>(res);
      expect(body.message).toBe('run too large');
      expect(body.details[0].path).toBe('trials');
      expect(body.details[0].message).toMatch(/^1,000,000 trials of this scenario need [\d.,]+ MiB, over the memory budget of 16 MiB: run at most ([\d,]+) trials \(this server's MEMORY_BUDGET_MB\)$/);
      const fit = Number(/at most ([\d,]+) trials/.exec(body.details[0].message)?.[1].replace(/,/g, ''));
      expect((await small.inject({ method: 'POST', url: '/api/runs', payload: { scenario: s, trials: fit + 1 } })).statusCode).toBe(422);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await small.close();
    }
  });
});

describe('a huge expression', () => {
  it('is refused by its length before it is parsed', async () => {
    const { res, ms, body } = await post({ scenario: { ...s, clusters: [{ ...s.clusters[0], fields: [{ ...field, base: `1 + ${'year + '.repeat(120_000)}1` }] }] } });
    expect(res.statusCode).toBe(422);
    expect(body.details[0].path).toBe('scenario.clusters[0].fields[0].base');
    expect(ms).toBeLessThan(2000);
  });
});
