// POST /api/calibrate: the document future-sim calibrate --format json prints, observations from the
// request, and a bad observation or none named with the fix.
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { CalibrationDocument } from '../../src/schema/calibration.ts';
import { cli } from '../cli/helpers.ts';
import { json, testApp } from './helpers.ts';

const pool = new WorkerPool(1);
afterAll(() => pool.close());
const baseline = join(new URL('../../', import.meta.url).pathname, 'scenarios/baseline.yaml');

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp(pool);
});
afterAll(() => app.close());

const observation = { id: 'total-2025', scope: 'total', year: 2025, value: 240, definitionUncertainty: 0.2, source: 'https://example.org (2026)' };

describe('POST /api/calibrate', () => {
  it('answers what future-sim calibrate --format json prints for the same observation, and from the cache the second time', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/calibrate', payload: { scenarioId: 'baseline', trials: 1500, observations: [observation] } });
    expect(res.statusCode).toBe(200);
    const doc = json<CalibrationDocument>(res);
    expect(Value.Check(CalibrationDocument, doc)).toBe(true);
    expect(doc.observed).toEqual([observation]);
    expect(doc.observations[0].posteriorMedian).toBeGreaterThan(doc.observations[0].priorMedian);
    const printed = await cli('calibrate', baseline, '--trials', '1500', '--observation', 'total@2025=240~0.2', '--format', 'json');
    const fromCli = JSON.parse(printed.out) as CalibrationDocument;
    // the same numbers; only the observation's id and source differ (flag-1, "command line")
    expect(fromCli.ess).toBe(doc.ess);
    expect(fromCli.targets).toEqual(doc.targets);
    expect(fromCli.scopes).toEqual(doc.scopes);
    const again = await app.inject({ method: 'POST', url: '/api/calibrate', payload: { scenarioId: 'baseline', trials: 1500, observations: [observation] } });
    expect(again.headers['x-analysis-cache']).toBe('hit');
    expect(again.body).toBe(res.body);
  });

  it('names a bad observation at its path with the fix, and asks for observations when there are none', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/calibrate', payload: { scenarioId: 'baseline', trials: 200, observations: [{ ...observation, scope: 'nope' }] } });
    expect(bad.statusCode).toBe(422);
    const body = json<{ details: { path: string; message: string }[] }>(bad);
    expect(body.details[0].path).toBe('observations[0].scope');
    expect(body.details[0].message).toMatch(/observation total-2025: unknown scope "nope"; use total, a cluster id \(health/);
    const negative = await app.inject({ method: 'POST', url: '/api/calibrate', payload: { scenarioId: 'baseline', trials: 200, observations: [{ ...observation, value: -1 }] } });
    expect(negative.statusCode).toBe(400);
    const none = await app.inject({ method: 'POST', url: '/api/calibrate', payload: { scenarioId: 'baseline', trials: 200 } });
    expect(none.statusCode).toBe(422);
    expect(json<{ details: { path: string }[] }>(none).details[0].path).toBe('observations');
  });
});
