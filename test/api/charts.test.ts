/**
 * Chart images rendered on the server, the embed page, chart.js served from this server, and
 * saving the page's assumptions as a scenario.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../src/schema/manifest.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { json, testApp } from './helpers.ts';

const pool = new WorkerPool(2);
let app: FastifyInstance;
let changed: RunManifest;
let unchanged: RunManifest;

const overrides = { growthShift: { intelligence: 0.02 }, leverDelivery: { 'pioneer-areas': 0.6 }, volatilityScale: 1.5, events: { 'chip-export-controls': false } };

beforeAll(async () => {
  app = await testApp(pool, {}, { now: () => new Date('2026-03-04T05:06:07Z') });
  const run = async (body: object) => json<RunManifest>(await app.inject({ method: 'POST', url: '/api/runs', payload: body }));
  changed = await run({ scenarioId: 'baseline', trials: 2000, seed: 7, overrides });
  unchanged = await run({ scenarioId: 'baseline', trials: 2000, seed: 7 });
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('GET /api/runs/:id/charts/:chart.png', () => {
  it('renders each chart as a PNG at twice the asked size, which other sites may show', async () => {
    for (const chart of ['fan', 'clusters', 'probability']) {
      const res = await app.inject({ url: `/api/runs/${changed.id}/charts/${chart}.png?compare=${unchanged.id}&width=800&height=500` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers.etag).toMatch(/^"1-[0-9a-f]{32}"$/);
      expect(pngSize(res.rawPayload)).toEqual({ width: 1600, height: 1000 });
      expect(res.rawPayload.length).toBeGreaterThan(20_000);
    }
  });

  it('draws what it is asked to: another unit, language or comparison gives another image; the same request the same bytes', async () => {
    const url = `/api/runs/${changed.id}/charts/fan.png?scale=1`;
    const a = (await app.inject({ url })).rawPayload;
    expect((await app.inject({ url })).rawPayload.equals(a)).toBe(true);
    for (const other of [`${url}&unit=usd`, `${url}&lang=zh`, `${url}&compare=${unchanged.id}`]) {
      expect((await app.inject({ url: other })).rawPayload.equals(a)).toBe(false);
    }
    expect(pngSize(a)).toEqual({ width: 900, height: 540 });
  });

  it('says what is wrong with a bad request, never a 500', async () => {
    const bad = async (url: string, status: number, path?: string) => {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(status);
      const body = json<{ details: { path: string }[] }>(res);
      if (path) expect(body.details.map((d) => d.path)).toContain(path);
    };
    await bad(`/api/runs/${changed.id}/charts/pie.png`, 400, 'chart');
    await bad(`/api/runs/${'0'.repeat(64)}/charts/fan.png`, 404, 'id');
    await bad(`/api/runs/${changed.id}/charts/fan.png?compare=${'0'.repeat(64)}`, 404, 'compare');
    await bad(`/api/runs/${changed.id}/charts/fan.png?width=100`, 400, 'width');
    await bad(`/api/runs/${changed.id}/charts/fan.png?width=479`, 400, 'width');
    await bad(`/api/runs/${changed.id}/charts/fan.png?height=9999`, 400, 'height');
    await bad(`/api/runs/${changed.id}/charts/fan.png?unit=eur`, 400, 'unit');
    await bad(`/api/runs/${changed.id}/charts/fan.png?colour=red`, 400);
    // at most 9 million device pixels
    await bad(`/api/runs/${changed.id}/charts/fan.png?width=2400&height=1600&scale=3`, 400, 'scale');
    const unitError = json<{ details: { message: string }[] }>(await app.inject({ url: `/api/runs/${changed.id}/charts/fan.png?unit=eur` }));
    expect(unitError.details[0].message).toBe('must be one of "cny", "yi", "usd"; got the text "eur"');
  });
});

describe('drawing one image at a time', () => {
  it('answers a burst of new images with the first four and 503 with Retry-After for the rest', async () => {
    const urls = Array.from({ length: 8 }, (_, i) => `/api/runs/${changed.id}/charts/probability.png?scale=1&width=${500 + i}`);
    const responses = await Promise.all(urls.map((url) => app.inject({ url })));
    const codes = responses.map((r) => r.statusCode);
    // all eight arrive before the first is drawn (drawing waits for the next turn of the event loop)
    expect(codes).toEqual([200, 200, 200, 200, 503, 503, 503, 503]);
    for (const r of responses.filter((x) => x.statusCode === 503)) {
      expect(r.headers['retry-after']).toBe('2');
      expect(json(r)).toMatchObject({ statusCode: 503, message: expect.stringContaining('busy drawing') });
    }
  });
});

describe('the embed page and chart.js', () => {
  it('serves /embed so that any site may frame it, and the page only to this origin', async () => {
    const embed = await app.inject({ url: `/embed?run=${changed.id}&chart=fan` });
    expect(embed.statusCode).toBe(200);
    expect(embed.body).toContain('/embed.js');
    expect(embed.headers['content-security-policy']).not.toContain('frame-ancestors');
    expect(embed.headers['content-security-policy']).toContain("script-src 'self'");
    expect(embed.headers['x-frame-options']).toBeUndefined();
    const page = await app.inject({ url: '/' });
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves chart.js from this server, no CDN', async () => {
    const res = await app.inject({ url: '/vendor/chart.umd.min.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body).toMatch(/Chart\.js v4\./);
    const html = (await app.inject({ url: '/' })).body;
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
  });
});

describe('POST /api/scenarios/:id/variants', () => {
  it('saves the overrides into a new scenario whose run gives the same numbers', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/scenarios/baseline/variants', payload: { id: 'my-baseline', title: 'My baseline', overrides, trials: 2000, seed: 7 } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/scenarios/my-baseline?version=1');
    expect(json(res)).toMatchObject({ id: 'my-baseline', version: 1, title: 'My baseline' });
    const saved = json<{ description: string; growthShift: Record<string, number>; events: { id: string }[]; simulation: { trials: number; seed: number } }>(await app.inject({ url: '/api/scenarios/my-baseline' }));
    expect(saved.description).toMatch(/^Derived from Baseline: plan delivered as announced \(baseline, bundled\) on 2026-03-04 with: growth \+2 pp\/yr in Future intelligence; Future-industry pioneer areas delivered at 60%; volatility ×1.5; Tighter chip export controls off\./);
    expect(saved.growthShift).toEqual({ intelligence: 0.02 });
    expect(saved.events.map((e) => e.id)).not.toContain('chip-export-controls');
    expect(saved.simulation).toMatchObject({ trials: 2000, seed: 7 });

    const derived = json<RunManifest>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'my-baseline' } }));
    expect(derived.id).not.toBe(changed.id);
    expect(derived.result.meta.overrides).toEqual({});
    // same random numbers, same assumptions: the same numbers, bit for bit
    expect(derived.result.total).toEqual(changed.result.total);
    expect(derived.result.fields).toEqual(changed.result.fields);
    expect(derived.result.targets).toEqual(changed.result.targets);

    // saving the same again changes nothing; a further change on top makes version 2
    const again = await app.inject({ method: 'POST', url: '/api/scenarios/baseline/variants', payload: { id: 'my-baseline', title: 'My baseline', overrides, trials: 2000, seed: 7 } });
    expect(again.statusCode).toBe(200);
    const v2 = await app.inject({ method: 'POST', url: '/api/scenarios/my-baseline/variants', payload: { version: 1, id: 'my-baseline', title: 'My baseline', overrides: { growthShift: { intelligence: 0.01 } } } });
    expect(v2.statusCode).toBe(201);
    expect(json<{ growthShift: Record<string, number> }>(await app.inject({ url: '/api/scenarios/my-baseline?version=2' })).growthShift).toEqual({ intelligence: 0.03 });
  });

  it('names what is wrong: unknown levers, bundled ids, unknown scenarios, bad ids', async () => {
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
    const unknown = await post('/api/scenarios/baseline/variants', { id: 'x1', title: 'x', overrides: { leverDelivery: { nope: 1.1 } } });
    expect(unknown.statusCode).toBe(422);
    expect(json<{ details: { path: string; message: string }[] }>(unknown).details[0]).toMatchObject({ path: 'overrides.leverDelivery.nope' });
    const bundled = await post('/api/scenarios/baseline/variants', { id: 'headwinds', title: 'x' });
    expect(bundled.statusCode).toBe(409);
    expect((await post('/api/scenarios/nope/variants', { id: 'x2', title: 'x' })).statusCode).toBe(404);
    const badId = await post('/api/scenarios/baseline/variants', { id: 'Not An Id', title: 'x' });
    expect(badId.statusCode).toBe(400);
    expect(json<{ details: { path: string }[] }>(badId).details[0].path).toBe('id');
    const tooNoisy = await post('/api/scenarios/baseline/variants', { id: 'x3', title: 'x', overrides: { volatilityScale: 10 } });
    expect(tooNoisy.statusCode).toBe(422);
    expect(json<{ message: string; details: { path: string; message: string }[] }>(tooNoisy).details[0]).toMatchObject({ path: 'overrides.volatilityScale', message: expect.stringContaining('the scale can be at most') });
    // a shift that adds up past ±1 with the scenario's own is named by the request's path
    await post('/api/scenarios/baseline/variants', { id: 'shifted', title: 'x', overrides: { growthShift: { space: 0.9 } } });
    const tooFast = await post('/api/scenarios/shifted/variants', { id: 'shifted', title: 'x', overrides: { growthShift: { space: 0.2 } } });
    expect(tooFast.statusCode).toBe(422);
    expect(json<{ details: { path: string }[] }>(tooFast).details[0].path).toBe('overrides.growthShift.space');
  });
});

describe('a chart whose caption is long', () => {
  it('wraps 20 long lever names in time that grows with the caption, not its square', async () => {
    const tiny = (await import('./helpers.ts')).tinyScenario();
    const name = (i: number) => `lever ${i} ${'with a very long descriptive name '.repeat(5)}`.slice(0, 200);
    const levers = Array.from({ length: 20 }, (_, i) => ({ id: `lever-${i}`, name: { en: name(i), zh: name(i) }, planTarget: 1, delivery: 1, effects: [{ scope: 'total', perUnitDelivery: 0.01 }] }));
    const leverDelivery = Object.fromEntries(levers.map((l, i) => [l.id, 0.5 + i / 100]));
    const res = await app.inject({ method: 'POST', url: '/api/runs', payload: { scenario: { ...tiny, levers }, trials: 200, overrides: { leverDelivery } } });
    expect(res.statusCode).toBe(200);
    const started = performance.now();
    const png = await app.inject({ url: `/api/runs/${json<RunManifest>(res).id}/charts/fan.png?width=480&height=320&scale=1` });
    expect(png.statusCode).toBe(200);
    // the caption makes the image taller, line by line
    expect(pngSize(png.rawPayload).height).toBeGreaterThan(600);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
