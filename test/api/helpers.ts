import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/api/app.ts';
import type { ApiConfig } from '../../src/api/config.ts';
import type { WorkerPool } from '../../src/node/pool.ts';
import { parseScenario } from '../../src/schema/parse.ts';
import type { Scenario } from '../../src/schema/scenario.ts';

/** A fresh app on an in-memory database, sharing `pool`; quiet, no rate limit unless asked. */
export function testApp(pool: WorkerPool, config: Partial<ApiConfig> = {}, extra: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ pool, logger: false, config: { databasePath: ':memory:', rateLimitMax: 0, ...config }, ...extra });
}

/** The tiny fixture scenario as data, with changes. */
export function tinyScenario(changes: Partial<Scenario> = {}): Scenario {
  const base = parseScenario(readFileSync(new URL('../fixtures/tiny.yaml', import.meta.url), 'utf8'));
  return { ...base, ...changes };
}

/** Parsed JSON body of an inject response. */
export function json<T = Record<string, unknown>>(res: { body: string }): T {
  return JSON.parse(res.body) as T;
}
