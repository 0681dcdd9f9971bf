import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
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
    const request = {
      scenarioId: 'baseline',
      trials: 100,
      seed: 1,
      overrides: { leverDelivery: { 'pioneer-areas': 1.2 }, growthShift: { health: 0.01 }, volatilityScale: 1, events: { 'chip-export-controls': false } },
    };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(10), { minLength: 1, maxLength: 3 }), anything, async (path, replacement) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/runs',
          payload: JSON.stringify(mutate(request, path, replacement)),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});

/** A JSON text nested `depth` arrays deep (as text: JSON.stringify of such a value would overflow the stack). */
const nestedText = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Hostile values: deep nesting, huge arrays and strings, prototype keys, wrong types. */
const hostile = fc.oneof(
  anything,
  fc.constantFrom('x'.repeat(100_000), 'é'.repeat(50_000), '\u0000'.repeat(1000), '$'.repeat(10_000)),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => `nope-${i}`)),
  fc.integer({ min: 100, max: 5000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  fc.constantFrom({ __proto__: { polluted: true } }, JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}'), {
    prototype: 1,
    toString: 2,
    hasOwnProperty: 3,
  }),
);

/** A YAML "billion laughs": each alias level multiplies the document ten times. */
const aliasBomb = (levels: number) =>
  [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: levels },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
    ),
  ].join('\n');

const SMALL_BODY = 256 * 1024;

describe('hostile input on every route: no 5xx, no hang, a bounded answer', () => {
  /** Checks one answer: below 500, the error shape when an error, a small body, in time (a hang fails the whole property). */
  async function answers(request: InjectOptions, maxBody = SMALL_BODY) {
    const started = performance.now();
    const res = await app.inject(request);
    const ms = performance.now() - started;
    const where = `${request.method ?? 'GET'} ${String(request.url).slice(0, 120)}`;
    expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    if (res.statusCode >= 400) {
      expect(res.body.length, where).toBeLessThan(SMALL_BODY);
      expect(JSON.parse(res.body), where).toMatchObject({ statusCode: res.statusCode, details: expect.any(Array) });
    } else expect(res.body.length, where).toBeLessThan(maxBody);
    expect(ms, where).toBeLessThan(10_000);
  }

  it('bodies of the POST routes: mutated scenarios and requests with hostile values, deep nesting', async () => {
    const scenario = tinyScenario({ simulation: { trials: 200, seed: 1 } });
    const bodies = {
      '/api/runs': { scenario, trials: 100 },
      '/api/compare': { a: { scenarioId: 'baseline' }, b: { scenario }, trials: 100 },
      '/api/scenarios': scenario,
      '/api/scenarios/baseline/variants': { overrides: { growthShift: { health: 0.01 } }, id: 'variant-x', title: 'x' },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(bodies) as (keyof typeof bodies)[])),
        fc.array(fc.nat(40), { minLength: 0, maxLength: 6 }),
        hostile,
        fc.nat(4),
        async (url, path, replacement, deep) => {
          let text = JSON.stringify(mutate(bodies[url], path, replacement));
          // now and then a value 3,000 to 12,000 arrays deep in place of the whole body or a leaf
          if (deep === 0) text = nestedText(3000 * (1 + (path.length % 4)));
          await answers({ method: 'POST', url, payload: text, headers: { 'content-type': 'application/json' } }, 8 * 1024 * 1024);
        },
      ),
      { numRuns: 1200, seed: 2026 },
    );
  }, 300_000);

  it('YAML bodies: alias bombs, deep flows, duplicate keys, hostile scalars', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 1, max: 9 }).map(aliasBomb),
          fc.integer({ min: 100, max: 5000 }).map((n) => `a: ${'['.repeat(n)}${']'.repeat(n)}`),
          fc.constantFrom('id: a\nid: b\n', 'a: [1, 2', '\t- x', '!!js/function "return 1"', '<<: *x', 'x: !!binary AAAA'),
          fc.string({ maxLength: 2000 }),
        ),
        async (yaml) => answers({ method: 'POST', url: '/api/scenarios', payload: yaml, headers: { 'content-type': 'application/yaml' } }),
      ),
      { numRuns: 300, seed: 2027 },
    );
  }, 120_000);

  it('params and query strings of the GET routes', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('baseline', '..', '%2e%2e', '__proto__', 'constructor', 'a'.repeat(5000), '0'.repeat(64), 'f'.repeat(64)),
    );
    const query = fc.dictionary(
      fc.constantFrom('limit', 'after', 'version', 'format', 'unit', 'lang', 'width', 'height', 'scale', 'compare', 'trials', 'x'),
      fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('0', '-1', '1e9', '99999999999', 'NaN', '__proto__', 'a'.repeat(10_000))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/scenarios',
          '/api/scenarios/:id',
          '/api/scenarios/:id/versions',
          '/api/runs/:id',
          '/api/runs/:id.csv',
          '/api/runs/:id/charts/fan.png',
          '/api/health',
          '/api/schema/scenario',
          '/embed',
        ),
        segment,
        query,
        async (route, id, q) => {
          const url = `${route.replace(':id', encodeURIComponent(id))}?${new URLSearchParams(q).toString()}`;
          await answers({ method: 'GET', url }, 8 * 1024 * 1024);
        },
      ),
      { numRuns: 600, seed: 2028 },
    );
  }, 120_000);
});
