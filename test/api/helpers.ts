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

/** The run counts of a listening server's /api/health, and a wait until they satisfy a condition (bounded: 10 s). */
export function healthOf(base: string) {
  const health = async () => ((await (await fetch(`${base}/api/health`)).json()) as { runs: { active: number; waiting: number; dropped: number } }).runs;
  const until = async (ok: (r: Awaited<ReturnType<typeof health>>) => boolean) => {
    for (let i = 0; i < 400; i++) {
      const r = await health();
      if (ok(r)) return r;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the server never reached the expected load; last: ${JSON.stringify(await health())}`);
  };
  return { health, until };
}
