/**
 * Server configuration: every default in one place, overridable by environment variables, each
 * read against its setting's schema (src/schema/config.ts): a bad value stops the server with an
 * error naming the variable, what was given and what is valid.
 */
import { availableParallelism } from 'node:os';
import type { TSchema } from '@sinclair/typebox';
import type { Issue } from '../core/errors.ts';
import { ApiConfig } from '../schema/config.ts';
import { coerceStrings, describeSchema, shapeIssues } from '../schema/validate.ts';

export { ApiConfig };

export const DEFAULTS: ApiConfig = {
  port: 3000,
  host: '127.0.0.1',
  databasePath: 'data/future-sim.db',
  scenariosDir: new URL('../../scenarios/', import.meta.url).pathname,
  publicDir: new URL('../../public/', import.meta.url).pathname,
  maxTrials: 1_000_000,
  // the bundled baseline at the default MAX_TRIALS (1M) needs 947 MiB; two runs at once (CONCURRENT_RUNS) hold 2 GiB at most
  memoryBudgetMb: 1024,
  // a 10k-trial baseline run stores about 0.9 MB: about 1,100 runs
  runStoreMb: 1024,
  diskReserveMb: 256,
  runTimeoutMs: 120_000,
  jobTimeoutMs: 10_000,
  analysisTimeoutMs: 120_000,
  chartCacheMb: 64,
  concurrentRuns: 2,
  queueLimit: 16,
  workers: Math.max(1, Math.min(8, availableParallelism())),
  bodyLimit: 1024 * 1024,
  rateLimitMax: 600,
  runRateLimitMax: 120,
  corsOrigin: [],
  logLevel: 'info',
  trustProxy: [],
  allowedHosts: [],
  adminToken: '',
};

const list = (raw: string): string[] =>
  raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** A setting's schema with the environment variable that sets it. */
type Setting = TSchema & { env: string; minimum?: number; maximum?: number; items?: TSchema };

/** Each setting's schema by its key. */
const SETTINGS = new Map(Object.entries(ApiConfig.properties) as unknown as [string, Setting][]);

/** What a setting may be, in words, for an error. */
function valid(setting: Setting): string {
  if (setting.type === 'integer') return `a whole number from ${setting.minimum} to ${setting.maximum}`;
  if (setting.type === 'array') return `a comma-separated list of ${describeSchema(setting.items as TSchema)}`;
  const members = (setting as { anyOf?: { const?: unknown }[] }).anyOf;
  if (members?.every((m) => m.const !== undefined)) return `one of ${members.map((m) => String(m.const)).join(', ')}`;
  return describeSchema(setting);
}

/** Bad environment configuration: each problem names its variable, what was given and what is valid. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(`invalid configuration:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from environment variables (empty ones unset), with DEFAULTS for the rest. Throws a ConfigError on a bad value. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const given: Record<string, unknown> = {};
  const raw: Record<string, string> = {};
  for (const [key, schema] of SETTINGS) {
    const text = env[schema.env];
    if (text === undefined || text === '') continue;
    raw[key] = text;
    given[key] = schema.type === 'array' ? list(text) : text;
  }
  const proxies = (given.trustProxy as string[] | undefined) ?? [];
  if (proxies.some((e) => e === 'true' || e === '1')) {
    throw new ConfigError([
      {
        path: 'TRUST_PROXY',
        code: 'invalid',
        message:
          "TRUST_PROXY=true would believe any client's X-Forwarded-For (and let it dodge every rate limit): list the proxy addresses instead, e.g. TRUST_PROXY=127.0.0.1 or 10.0.0.0/8",
      },
    ]);
  }
  if (given.trustProxy) given.trustProxy = proxies.filter((e) => e !== 'false' && e !== '0');
  if (given.allowedHosts) given.allowedHosts = (given.allowedHosts as string[]).map((h) => h.toLowerCase());
  const config = { ...DEFAULTS, ...(coerceStrings(ApiConfig, given) as object) };
  const issues = shapeIssues(ApiConfig, config);
  if (issues.length) {
    throw new ConfigError(
      issues.map((i) => {
        // a setting's path, or an item of a list setting's: items[2]
        const [key, index] = i.path.split(/[[\]]/);
        const setting = SETTINGS.get(key);
        if (!setting) return i;
        const item = index !== undefined ? (given[key] as string[])[Number(index)] : undefined;
        const got = item !== undefined ? `${JSON.stringify(item)} in ${JSON.stringify(raw[key])}` : JSON.stringify(raw[key] ?? '');
        return { path: setting.env, code: i.code, message: `got ${got}; use ${valid(setting)}` };
      }),
    );
  }
  return config as ApiConfig;
}

/** Route options for an extra per-minute limit per client address (none when max is 0). */
export function perMinuteLimit(max: number): { config?: { rateLimit: { max: number; timeWindow: string } } } {
  return max > 0 ? { config: { rateLimit: { max, timeWindow: '1 minute' } } } : {};
}
