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

/**
 * A valid scenario of about 530 KB: 100 fields in 50 clusters, each with 11 one-year periods whose
 * PERT rates are expressions, and 20 levers of 20 effects whose sizes start in later years. It
 * takes 0.2–0.35 s to compile: on the server's own thread, that long without an answer.
 */
export function bigScenario(): Scenario {
  const base = tinyScenario();
  const expr = (k: number) => `${(0.05 + k * 1e-5).toFixed(5)} + 0.001 * sin(t + ${k}) * (year >= 2030 ? 1 : 0.5) + 0.0001 * cos(${k} * t) + 0.00001 * t ^ 2 / (1 + t)`;
  const clusters = Array.from({ length: 50 }, (_, c) => ({
    id: `c${c}`,
    name: { en: `cluster ${c}`, zh: `集群${c}` },
    fields: Array.from({ length: 2 }, (_, j) => {
      const i = c * 2 + j;
      const periods = Array.from({ length: 11 }, (_, p) => ({
        from: 2025 + p,
        to: 2025 + p,
        rate: { dist: 'pert' as const, min: expr(i * 100 + p), mode: `(${expr(i * 100 + p)}) + 0.05`, max: `(${expr(i * 100 + p)}) + 0.1` },
      }));
      return {
        id: `f${i}`,
        name: { en: `field ${i}`, zh: `领域${i}` },
        base: { dist: 'lognormal' as const, low: 1, high: 4 },
        volatility: 0.1,
        growth: { model: 'cagr' as const, periods },
      };
    }),
  }));
  const levers = Array.from({ length: 20 }, (_, l) => ({
    id: `l${l}`,
    name: { en: `lever ${l}`, zh: `杠杆${l}` },
    delivery: { dist: 'pert' as const, min: 0.8, mode: 1, max: 1.2 },
    effects: Array.from({ length: 20 }, (_, e) => ({
      scope: `f${(l * 20 + e) % 100}`,
      perUnitDelivery: { dist: 'uniform' as const, min: `year >= ${2025 + (e % 10)} ? 0.01 : 0`, max: `year >= ${2025 + (e % 10)} ? 0.03 : 0` },
    })),
  }));
  return {
    ...base,
    id: 'big',
    endYear: 2035,
    events: [],
    parameterCorrelations: undefined,
    clusters,
    levers,
    targets: [{ id: 't', year: 2030, scope: 'total', value: 500 }],
  };
}
