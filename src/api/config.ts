/** Server configuration: every default in one place, overridable by environment variables. */
import { availableParallelism } from 'node:os';
import { MAX_TRIALS } from '../core/limits.ts';

export interface ApiConfig {
  /** TCP port (PORT). */
  readonly port: number;
  /** Interface to listen on (HOST); 127.0.0.1 keeps the server local. */
  readonly host: string;
  /** SQLite file (DATABASE_PATH); ':memory:' for a throwaway store. */
  readonly databasePath: string;
  /** Folder of bundled scenarios (SCENARIOS_DIR). */
  readonly scenariosDir: string;
  /** Folder of the static page (PUBLIC_DIR). */
  readonly publicDir: string;
  /** Most trials a run may ask for (MAX_TRIALS). */
  readonly maxTrials: number;
  /** Most memory one run may hold, MiB (MEMORY_BUDGET_MB): its buffers, replay records and search memory; a bigger run gets 422 up front. */
  readonly memoryBudgetMb: number;
  /** Most megabytes of stored runs (RUN_STORE_MB); beyond, the least recently used runs are removed. */
  readonly runStoreMb: number;
  /** Free disk space a new run must leave, MB (DISK_RESERVE_MB); below it a run gets 507 before it starts. */
  readonly diskReserveMb: number;
  /** Wall-time budget of one run once it starts, ms (RUN_TIMEOUT_MS). */
  readonly runTimeoutMs: number;
  /** Time budget of a job off the main thread, ms (JOB_TIMEOUT_MS): compiling a big scenario, drawing a chart image. */
  readonly jobTimeoutMs: number;
  /** Runs executing at once (CONCURRENT_RUNS); more wait in the queue. */
  readonly concurrentRuns: number;
  /** Runs waiting at most (RUN_QUEUE_LIMIT); beyond it requests get 503 with Retry-After. */
  readonly queueLimit: number;
  /** Worker threads (WORKERS). */
  readonly workers: number;
  /** Largest request body, bytes (BODY_LIMIT). */
  readonly bodyLimit: number;
  /** Requests per minute per client address (RATE_LIMIT_MAX); 0 turns rate limiting off. */
  readonly rateLimitMax: number;
  /** Runs (POST /api/runs, /api/compare) per minute per client address (RUN_RATE_LIMIT_MAX); 0 = no extra limit. */
  readonly runRateLimitMax: number;
  /** Allowed CORS origin(s), comma-separated (CORS_ORIGIN); empty = CORS off. */
  readonly corsOrigin: readonly string[];
  /** Log level (LOG_LEVEL): fatal, error, warn, info, debug, trace or silent. */
  readonly logLevel: string;
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For is believed
   * (TRUST_PROXY, comma-separated), so rate limits see client addresses; empty: none is.
   */
  readonly trustProxy: readonly string[];
  /**
   * Host names (or name:port) that requests may be addressed to (ALLOWED_HOSTS, comma-separated),
   * besides localhost, 127.0.0.1, [::1] and HOST itself; "*" allows any. Others get 421: a page
   * on another site cannot reach a local server by DNS rebinding.
   */
  readonly allowedHosts: readonly string[];
  /** Most megabytes of chart images kept in memory (CHART_CACHE_MB); beyond, the least recently used go. */
  readonly chartCacheMb: number;
  /** Token that deleting saved scenarios and stored runs needs (ADMIN_TOKEN, as `Authorization: Bearer …`); empty: deleting from this machine only. */
  readonly adminToken: string;
}

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
  chartCacheMb: 64,
  adminToken: '',
};

const list = (raw: string | undefined): string[] => (raw ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** An IPv4 or IPv6 address, optionally with a /prefix. */
const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)(\/\d{1,3})?$/i;

function proxies(raw: string | undefined): string[] {
  const entries = list(raw);
  for (const e of entries) {
    if (e === 'true' || e === '1') throw new Error('TRUST_PROXY=true would believe any client\'s X-Forwarded-For (and let it dodge every rate limit): list the proxy addresses instead, e.g. TRUST_PROXY=127.0.0.1 or 10.0.0.0/8');
    if (e !== 'false' && e !== '0' && !ADDRESS.test(e)) throw new Error(`TRUST_PROXY must list IP addresses or CIDR ranges of your proxies, comma-separated, got ${JSON.stringify(e)}`);
  }
  return entries.filter((e) => e !== 'false' && e !== '0');
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

/** Reads the configuration from environment variables, with DEFAULTS for the rest. Throws on a bad value. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return {
    port: int(env, 'PORT', DEFAULTS.port, 0, 65535),
    host: env.HOST || DEFAULTS.host,
    databasePath: env.DATABASE_PATH || DEFAULTS.databasePath,
    scenariosDir: env.SCENARIOS_DIR || DEFAULTS.scenariosDir,
    publicDir: env.PUBLIC_DIR || DEFAULTS.publicDir,
    maxTrials: int(env, 'MAX_TRIALS', DEFAULTS.maxTrials, 1, MAX_TRIALS),
    memoryBudgetMb: int(env, 'MEMORY_BUDGET_MB', DEFAULTS.memoryBudgetMb, 16, 1024 * 1024),
    runStoreMb: int(env, 'RUN_STORE_MB', DEFAULTS.runStoreMb, 1, 1024 * 1024),
    diskReserveMb: int(env, 'DISK_RESERVE_MB', DEFAULTS.diskReserveMb, 0, 1024 * 1024),
    runTimeoutMs: int(env, 'RUN_TIMEOUT_MS', DEFAULTS.runTimeoutMs, 100, 3_600_000),
    jobTimeoutMs: int(env, 'JOB_TIMEOUT_MS', DEFAULTS.jobTimeoutMs, 10, 600_000),
    concurrentRuns: int(env, 'CONCURRENT_RUNS', DEFAULTS.concurrentRuns, 1, 64),
    queueLimit: int(env, 'RUN_QUEUE_LIMIT', DEFAULTS.queueLimit, 0, 10_000),
    workers: int(env, 'WORKERS', DEFAULTS.workers, 1, 64),
    bodyLimit: int(env, 'BODY_LIMIT', DEFAULTS.bodyLimit, 1024, 64 * 1024 * 1024),
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', DEFAULTS.rateLimitMax, 0, 1_000_000),
    runRateLimitMax: int(env, 'RUN_RATE_LIMIT_MAX', DEFAULTS.runRateLimitMax, 0, 1_000_000),
    corsOrigin: list(env.CORS_ORIGIN),
    logLevel: env.LOG_LEVEL || DEFAULTS.logLevel,
    trustProxy: proxies(env.TRUST_PROXY),
    allowedHosts: list(env.ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    chartCacheMb: int(env, 'CHART_CACHE_MB', DEFAULTS.chartCacheMb, 1, 64 * 1024),
    adminToken: env.ADMIN_TOKEN ?? '',
  };
}

/** Route options for an extra per-minute limit per client address (none when max is 0). */
export function perMinuteLimit(max: number): { config?: { rateLimit: { max: number; timeWindow: string } } } {
  return max > 0 ? { config: { rateLimit: { max, timeWindow: '1 minute' } } } : {};
}
