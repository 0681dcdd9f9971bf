import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponse } from '../../src/schema/responses.ts';
import { SEED_MAX, UPLIFT_TRIALS_MAX, UPLIFT_TRIALS_MIN } from '../../src/core/limits.ts';
import { RunManifest } from '../../src/schema/manifest.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/schema/parse.ts';
import { json, testApp, tinyScenario } from './helpers.ts';
import { ENGINE_VERSION } from '../../src/core/run.ts';

const pool = new WorkerPool(2);
let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp(pool, { maxTrials: 50_000 }, { now: () => new Date('2026-01-02T03:04:05Z') });
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

const isError = (body: unknown, status: number) => {
  expect(Value.Check(ErrorResponse, body)).toBe(true);
  expect((body as { statusCode: number }).statusCode).toBe(status);
};

describe('GET /api/health', () => {
  it('answers ok with the engine version and load', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'ok', engineVersion: ENGINE_VERSION, workers: 2, runs: { active: 0, waiting: 0, dropped: 0 } });
  });

  it('sends security headers and no CORS header by default', async () => {
    const res = await app.inject({ url: '/api/health', headers: { origin: 'https://example.org' } });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('GET /api/limits', () => {
  it("says what a run may ask for on this server: its MAX_TRIALS and body limit, the engine's seed and uplift ranges", async () => {
    const small = await testApp(pool, { maxTrials: 50_000, bodyLimit: 64 * 1024 });
    try {
      const res = await small.inject({ url: '/api/limits' });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toEqual({
        trials: { min: 1, max: 50_000 },
        seed: { min: 0, max: SEED_MAX },
        upliftTrials: { min: UPLIFT_TRIALS_MIN, max: UPLIFT_TRIALS_MAX },
        bodyBytes: 64 * 1024,
      });
      // and the server holds to them: one trial more is refused, naming the limit
      const over = await small.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 50_001 } });
      expect(over.statusCode).toBe(422);
      expect(json(over).message).toBe('invalid run request');
    } finally {
      await small.close();
    }
  });
});

describe('scenarios', () => {
  it('lists the bundled scenarios with title, years and targets', async () => {
    const { scenarios } = json<{ scenarios: { id: string; source: string; baseYear: number; targets: { year: number }[] }[] }>(await app.inject({ url: '/api/scenarios' }));
    const baseline = scenarios.find((s) => s.id === 'baseline');
    expect(baseline).toMatchObject({ source: 'bundled', baseYear: 2024, endYear: 2035 });
    expect(baseline?.targets.map((t) => t.year)).toEqual([2030, 2035]);
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['accelerated', 'baseline', 'headwinds']));
  });

  it('returns a scenario as JSON, or as YAML when asked', async () => {
    const asJson = await app.inject({ url: '/api/scenarios/baseline' });
    expect(asJson.headers['content-type']).toContain('application/json');
    expect(json(asJson)).toMatchObject({ id: 'baseline', schemaVersion: 1 });
    const asYaml = await app.inject({ url: '/api/scenarios/baseline', headers: { accept: 'application/yaml' } });
    expect(asYaml.headers['content-type']).toContain('application/yaml');
    expect(asYaml.body).toContain('id: baseline');
    expect((await app.inject({ url: '/api/scenarios/baseline?format=yaml' })).body).toContain('schemaVersion: 1');
  });

  it('exports a bundled scenario as its file, comments and all, with the schema by its full URL', async () => {
    const file = readFileSync(new URL('../../scenarios/baseline.yaml', import.meta.url), 'utf8');
    const res = await app.inject({ url: '/api/scenarios/baseline?format=yaml', headers: { host: 'localhost:3000' } });
    const [first, ...rest] = res.body.split('\n');
    expect(first).toBe('# yaml-language-server: $schema=http://localhost:3000/api/schema/scenario');
    expect(rest.join('\n')).toBe(file.split('\n').slice(1).join('\n'));
    expect(res.body).toContain('# fractional change of output in scope');
    expect(parseScenario(res.body)).toEqual(json(await app.inject({ url: '/api/scenarios/baseline' })));
  });

  it('404s unknown ids and 400s ids that could reach the file system', async () => {
    isError(json(await app.inject({ url: '/api/scenarios/nope' })), 404);
    for (const url of ['/api/scenarios/..%2F..%2Fpackage.json', '/api/scenarios/%2Fetc%2Fpasswd', '/api/scenarios/BASELINE', `/api/scenarios/${'a'.repeat(65)}`]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      isError(json(res), 400);
    }
    const traversal = await app.inject({ url: '/api/scenarios/../../package.json' });
    expect(traversal.statusCode).toBe(404);
    expect(traversal.body).not.toContain('future-industry-sim"');
    expect((await app.inject({ url: '/../package.json' })).body).not.toContain('"dependencies"');
  });

  it('saves immutable versions, JSON or YAML, and lists them', async () => {
    const v1 = await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'my-plan', title: 'Mine' }) });
    expect(v1.statusCode).toBe(201);
    expect(json(v1)).toEqual({ id: 'my-plan', version: 1, createdAt: '2026-01-02T03:04:05.000Z', title: 'Mine' });
    expect(v1.headers.location).toBe('/api/scenarios/my-plan?version=1');
    const again = await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'my-plan', title: 'Mine' }) });
    expect(again.statusCode).toBe(200);
    expect(json(again).version).toBe(1);
    const yaml = `schemaVersion: 1\nid: my-plan\ntitle: Mine, edited\nbaseYear: 2024\nendYear: 2026\nsimulation: { trials: 100, seed: 1 }\nclusters:\n  - id: c\n    name: { en: C, zh: 丙 }\n    fields:\n      - { id: f, name: { en: F, zh: 丁 }, base: 10, growth: { model: cagr, periods: [ { from: 2025, to: 2026, rate: 0.1 } ] } }\n`;
    const v2 = await app.inject({ method: 'POST', url: '/api/scenarios', payload: yaml, headers: { 'content-type': 'application/yaml' } });
    expect(v2.statusCode).toBe(201);
    expect(json(v2).version).toBe(2);
    const versions = json<{ versions: { version: number; title: string }[] }>(await app.inject({ url: '/api/scenarios/my-plan/versions' }));
    expect(versions.versions.map((v) => [v.version, v.title])).toEqual([
      [1, 'Mine'],
      [2, 'Mine, edited'],
    ]);
    expect(json(await app.inject({ url: '/api/scenarios/my-plan' })).title).toBe('Mine, edited');
    expect(json(await app.inject({ url: '/api/scenarios/my-plan?version=1' })).title).toBe('Mine');
    isError(json(await app.inject({ url: '/api/scenarios/my-plan?version=9' })), 404);
    const list = json<{ scenarios: { id: string; source: string; version: number }[] }>(await app.inject({ url: '/api/scenarios' }));
    expect(list.scenarios.find((s) => s.id === 'my-plan')).toMatchObject({ source: 'saved', version: 2 });
  });

  it('rejects a bad scenario with every problem and its path (422), and bundled ids (409)', async () => {
    const bad = tinyScenario({ id: 'bad-one', endYear: 2020, targets: [{ id: 't', year: 2030, scope: 'nowhere', value: 1 }] });
    const res = await app.inject({ method: 'POST', url: '/api/scenarios', payload: bad });
    expect(res.statusCode).toBe(422);
    const body = json<{ details: { path: string }[] }>(res);
    isError(body, 422);
    expect(body.details.map((d) => d.path)).toContain('endYear');
    isError(json(await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'baseline' }) })), 409);
    const broken = await app.inject({ method: 'POST', url: '/api/scenarios', payload: 'id: [unclosed', headers: { 'content-type': 'application/yaml' } });
    expect(broken.statusCode).toBe(400);
    isError(json(broken), 400);
    expect(broken.body).toContain('body:1');
  });
});

describe('runs', () => {
  let first: { id: string; createdAt: string };

  it('runs a bundled scenario and returns the manifest', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 1500, seed: 3 } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-run-cache']).toBe('miss');
    const manifest = json<{ id: string; createdAt: string; result: { meta: { trials: number; seed: number } }; scenarioRef: unknown; options: unknown }>(res);
    expect(Value.Check(RunManifest, manifest)).toBe(true);
    expect(manifest.id).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.location).toBe(`/api/runs/${manifest.id}`);
    expect(manifest.result.meta).toMatchObject({ trials: 1500, seed: 3 });
    expect(manifest.scenarioRef).toEqual({ id: 'baseline', source: 'bundled', version: null });
    expect(manifest.options).toEqual({ trials: 1500, seed: 3, upliftTrials: 1500, overrides: {} });
    first = manifest;
  });

  it('returns the stored run for the same request, and a new one when anything changes', async () => {
    const again = await app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: { scenarioId: 'baseline', seed: 3, trials: 1500, overrides: { volatilityScale: 1, events: {} } },
    });
    expect(again.headers['x-run-cache']).toBe('hit');
    expect(json(again)).toMatchObject({ id: first.id, createdAt: first.createdAt });
    const other = json<{ id: string }>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 1500, seed: 4 } }));
    expect(other.id).not.toBe(first.id);
    const shifted = json<{ id: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/runs',
        payload: { scenarioId: 'baseline', trials: 1500, seed: 3, overrides: { growthShift: { health: 0.01 } } },
      }),
    );
    expect(shifted.id).not.toBe(first.id);
  });

  it('serves a stored run as JSON and tidy CSV', async () => {
    const res = await app.inject({ url: `/api/runs/${first.id}` });
    expect(json(res).id).toBe(first.id);
    expect(res.headers['cache-control']).toContain('immutable');
    const csv = await app.inject({ url: `/api/runs/${first.id}.csv` });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('scope,id,year,statistic,value');
    expect(lines.some((l) => l.startsWith('cluster,health,2030,p50,'))).toBe(true);
    isError(json(await app.inject({ url: `/api/runs/${'f'.repeat(64)}` })), 404);
    isError(json(await app.inject({ url: '/api/runs/not-an-id' })), 400);
  });

  it('runs saved versions and inline scenarios', async () => {
    await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'saved-run' }) });
    const saved = json<{ scenarioRef: unknown }>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'saved-run', version: 1, trials: 300 } }));
    expect(saved.scenarioRef).toEqual({ id: 'saved-run', source: 'saved', version: 1 });
    const inline = json<{ scenarioRef: unknown; result: { years: number[] } }>(
      await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario: tinyScenario(), trials: 300 } }),
    );
    expect(inline.scenarioRef).toEqual({ id: 'tiny', source: 'inline', version: null });
    expect(inline.result.years.at(-1)).toBe(2030);
  });

  it('says what is wrong with a bad run request, with paths', async () => {
    const cases: [unknown, number, string][] = [
      [{ trials: 10 }, 422, 'scenarioId'],
      [{ scenarioId: 'nope' }, 404, ''],
      [{ scenarioId: 'baseline', trials: 0 }, 400, 'trials'],
      [{ scenarioId: 'baseline', trials: 60_000 }, 422, 'trials'],
      [{ scenarioId: 'baseline', extra: true }, 400, 'extra'],
      [{ scenarioId: 'baseline', overrides: { leverDelivery: { nope: 2 } } }, 422, 'overrides.leverDelivery.nope'],
      [{ scenarioId: 'baseline', overrides: { growthShift: { total: 'fast' } } }, 400, 'overrides.growthShift.total'],
      [{ scenario: { id: 'x' } }, 422, 'scenario.schemaVersion'],
      [{ scenarioId: 'baseline', scenario: tinyScenario() }, 422, 'scenarioId'],
    ];
    for (const [payload, status, path] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/runs', payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      const body = json<{ details: { path: string }[] }>(res);
      isError(body, status);
      if (path)
        expect(
          body.details.map((d) => d.path),
          JSON.stringify(payload),
        ).toContain(path);
    }
  });

  it('rejects bodies that are not JSON, too large or of another type, in the same error shape', async () => {
    const notJson = await app.inject({ method: 'POST', url: '/api/runs', payload: '{"scenarioId":', headers: { 'content-type': 'application/json' } });
    isError(json(notJson), 400);
    const huge = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', pad: 'x'.repeat(2 * 1024 * 1024) } });
    isError(json(huge), 413);
    const text = await app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: 'scenarioId=baseline',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    isError(json(text), 415);
  });

  it('compares two scenarios on common random numbers', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/compare',
      payload: { a: { scenarioId: 'baseline' }, b: { scenarioId: 'baseline', overrides: { growthShift: { total: 0.02 } } }, trials: 800 },
    });
    expect(res.statusCode).toBe(200);
    const body = json<{
      runs: { a: string; b: string };
      comparison: { trials: number; total: { p50: { diff: number[] } }; targets: { probability: { diff: number } }[] };
    }>(res);
    expect(body.comparison.trials).toBe(800);
    expect(body.comparison.total.p50.diff[0]).toBe(0);
    expect(body.comparison.total.p50.diff.at(-1)).toBeGreaterThan(0);
    expect(body.comparison.targets[0].probability.diff).toBeGreaterThan(0);
    expect((await app.inject({ url: `/api/runs/${body.runs.b}` })).statusCode).toBe(200);
  });
});

describe('docs', () => {
  it('lists every API route in OpenAPI at /docs/json and serves the UI at /docs', async () => {
    const spec = json<{ paths: Record<string, Record<string, unknown>> }>(await app.inject({ url: '/docs/json' }));
    for (const [path, method] of [
      ['/api/health', 'get'],
      ['/api/limits', 'get'],
      ['/api/scenarios', 'get'],
      ['/api/scenarios', 'post'],
      ['/api/scenarios/{id}', 'get'],
      ['/api/scenarios/{id}/versions', 'get'],
      ['/api/runs', 'post'],
      ['/api/runs/{id}', 'get'],
      ['/api/runs/{id}', 'delete'],
      ['/api/scenarios/{id}', 'delete'],
      ['/api/runs/{id}.csv', 'get'],
      ['/api/compare', 'post'],
    ]) {
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(200);
  });

  it('documents content types and headers: YAML bodies, CSV, Location, x-run-cache, Retry-After', async () => {
    type Op = {
      requestBody?: { content: Record<string, unknown> };
      responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
    };
    const spec = json<{ paths: Record<string, Record<string, Op>> }>(await app.inject({ url: '/docs/json' }));
    expect(Object.keys(spec.paths['/api/scenarios'].post.requestBody?.content ?? {})).toEqual(['application/json', 'application/yaml']);
    expect(Object.keys(spec.paths['/api/runs/{id}.csv'].get.responses['200'].content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(spec.paths['/api/runs'].post.responses['200'].headers ?? {})).toEqual(['location', 'x-run-cache']);
    expect(Object.keys(spec.paths['/api/runs'].post.responses['503'].headers ?? {})).toEqual(['retry-after']);
  });

  it('serves the scenario JSON Schema', async () => {
    const res = await app.inject({ url: '/api/schema/scenario' });
    expect(json(res).title).toBe('future-industry-sim scenario');
  });
});

describe('what the API review found', () => {
  it('serves the page over plain HTTP: no upgrade-insecure-requests, no HSTS', async () => {
    for (const url of ['/', '/docs', '/api/health']) {
      const res = await app.inject({ url });
      expect(res.headers['content-security-policy'] ?? '', url).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('does not let a 404 for an unknown run be cached', async () => {
    const res = await app.inject({ url: `/api/runs/${'0'.repeat(64)}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['cache-control']).toBeUndefined();
  });

  it('rejects YAML alias bombs and bodies that expand past the limit, without a 500', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const res = await app.inject({ method: 'POST', url: '/api/scenarios', payload: bomb, headers: { 'content-type': 'application/yaml' } });
    expect([400, 413]).toContain(res.statusCode);
    isError(json(res), res.statusCode);
    const big = `schemaVersion: 1\nid: amp\nnotes: &n "${'y'.repeat(12000)}"\nlist: [${Array(99).fill('*n').join(', ')}]\n`;
    const amp = await app.inject({ method: 'POST', url: '/api/scenarios', payload: big, headers: { 'content-type': 'application/yaml' } });
    expect(amp.statusCode).toBe(413);
    expect(json(amp).message).toMatch(/expands to/);
  });

  it('treats object member names as unknown keys, and forbids "constructor" as an id', async () => {
    const withJunk = { ...(tinyScenario() as unknown as Record<string, unknown>), id: 'junk', toString: 1, valueOf: 2 };
    const res = await app.inject({ method: 'POST', url: '/api/scenarios', payload: withJunk });
    expect(res.statusCode).toBe(422);
    expect(json<{ details: { path: string }[] }>(res).details.map((d) => d.path)).toEqual(expect.arrayContaining(['toString', 'valueOf']));
    const body = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', hasOwnProperty: 1 } });
    expect(body.statusCode).toBe(400);
    const ctor = await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: 'constructor' }) });
    expect(ctor.statusCode).toBe(422);
  });

  it('answers malformed URLs and plain-text bodies in the one error shape', async () => {
    const bad = await app.inject({ url: '/api/scenarios/%ff' });
    expect(bad.statusCode).toBe(400);
    isError(json(bad), 400);
    const text = await app.inject({ method: 'POST', url: '/api/runs', payload: 'hello', headers: { 'content-type': 'text/plain' } });
    isError(json(text), 415);
  });

  it('keeps the version a run used in its id and manifest, and ignores overrides that change nothing', async () => {
    const v1 = tinyScenario({ id: 'versioned' });
    await app.inject({ method: 'POST', url: '/api/scenarios', payload: v1 });
    await app.inject({ method: 'POST', url: '/api/scenarios', payload: { ...v1, title: 'changed' } });
    await app.inject({ method: 'POST', url: '/api/scenarios', payload: v1 });
    const latest = json<{ id: string; scenarioRef: { version: number } }>(
      await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'versioned', trials: 200 } }),
    );
    const first = json<{ id: string; scenarioRef: { version: number } }>(
      await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'versioned', version: 1, trials: 200 } }),
    );
    expect(latest.scenarioRef.version).toBe(3);
    expect(first.scenarioRef.version).toBe(1);
    expect(first.id).not.toBe(latest.id);
    const noop = json<{ id: string }>(
      await app.inject({
        method: 'POST',
        url: '/api/runs',
        payload: { scenarioId: 'versioned', trials: 200, overrides: { growthShift: { alpha: 0 }, events: { shock: true } } },
      }),
    );
    expect(noop.id).toBe(latest.id);
    const inlineWithVersion = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario: v1, version: 2 } });
    expect(inlineWithVersion.statusCode).toBe(422);
  });

  it('runs each saved version with its own numbers however often they alternate (models are kept compiled per version), as an inline run of it would', async () => {
    const v1 = tinyScenario({ id: 'alternating' });
    const v2 = { ...v1, targets: (v1.targets ?? []).map((t) => ({ ...t, value: t.value * 1.5 })) };
    await app.inject({ method: 'POST', url: '/api/scenarios', payload: v1 });
    await app.inject({ method: 'POST', url: '/api/scenarios', payload: v2 });
    type Run = { result: { targets: { probability: number; requiredGrowthUplift: unknown }[] } };
    const run = async (payload: object) => json<Run>(await app.inject({ method: 'POST', url: '/api/runs', payload: { trials: 400, ...payload } })).result.targets;
    const inline = [await run({ scenario: v1, seed: 3 }), await run({ scenario: v2, seed: 3 })];
    expect(inline[0]).not.toEqual(inline[1]);
    for (const [version, seed] of [
      [1, 3],
      [2, 3],
      [1, 3],
      [2, 3],
      [1, 4],
      [1, 3],
    ] as const) {
      const targets = await run({ scenarioId: 'alternating', version, seed });
      if (seed === 3) expect(targets, `version ${version}`).toEqual(inline[version - 1]);
    }
  });

  it('reports the problems of both sides of a comparison, with their paths', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/compare',
      payload: {
        a: { scenarioId: 'baseline', overrides: { growthShift: { nope: 0.01 } } },
        b: { scenarioId: 'baseline', overrides: { leverDelivery: { gone: 2 } } },
        trials: 100,
      },
    });
    expect(res.statusCode).toBe(422);
    const paths = json<{ details: { path: string }[] }>(res).details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['a.overrides.growthShift.nope', 'b.overrides.leverDelivery.gone']));
  });
});
