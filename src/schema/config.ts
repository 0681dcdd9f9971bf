/**
 * The server's configuration: the one definition of each setting, the environment variable that
 * sets it (`env`) and what values it may take. src/api/config.ts reads the environment against
 * it (numbers coerced from their text) and holds the defaults.
 */
import { Type, type Static, type TString } from '@sinclair/typebox';
import { MAX_TRIALS } from '../core/limits.ts';

const MIB_MAX = 1024 * 1024;

const whole = (env: string, minimum: number, maximum: number) => Type.Integer({ env, minimum, maximum });
const text = (env: string) => Type.String({ env });
const list = (env: string, item: TString = Type.String({ minLength: 1 })) => Type.Array(item, { env, description: 'a comma-separated list' });

/** An IPv4 or IPv6 address, optionally with a /prefix. */
const ADDRESS = '^(\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(\\/\\d{1,3})?$';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ApiConfig = Type.Object({
  /** TCP port (PORT). */
  port: whole('PORT', 0, 65535),
  /** Interface to listen on (HOST); 127.0.0.1 keeps the server local. */
  host: text('HOST'),
  /** SQLite file (DATABASE_PATH); ':memory:' for a throwaway store. */
  databasePath: text('DATABASE_PATH'),
  /** Folder of bundled scenarios (SCENARIOS_DIR). */
  scenariosDir: text('SCENARIOS_DIR'),
  /** Folder of the static page (PUBLIC_DIR). */
  publicDir: text('PUBLIC_DIR'),
  /** Most trials a run may ask for (MAX_TRIALS). */
  maxTrials: whole('MAX_TRIALS', 1, MAX_TRIALS),
  /** Most memory one run may hold, MiB (MEMORY_BUDGET_MB): its buffers, replay records and search memory; a bigger run gets 422 up front. */
  memoryBudgetMb: whole('MEMORY_BUDGET_MB', 16, MIB_MAX),
  /** Most megabytes of stored runs (RUN_STORE_MB); beyond, the least recently used runs are removed. */
  runStoreMb: whole('RUN_STORE_MB', 1, MIB_MAX),
  /** Free disk space a new run must leave, MB (DISK_RESERVE_MB); below it a run gets 507 before it starts. */
  diskReserveMb: whole('DISK_RESERVE_MB', 0, MIB_MAX),
  /** Wall-time budget of one run once it starts, ms (RUN_TIMEOUT_MS). */
  runTimeoutMs: whole('RUN_TIMEOUT_MS', 100, 3_600_000),
  /** Time budget of a job off the main thread, ms (JOB_TIMEOUT_MS): compiling a big scenario, drawing a chart image. */
  jobTimeoutMs: whole('JOB_TIMEOUT_MS', 10, 600_000),
  /** Time budget of one analysis (POST /api/sensitivity, /api/discover, /api/compare/paired), ms (ANALYSIS_TIMEOUT_MS): Sobol by input at 10k trials of the baseline takes about a minute. */
  analysisTimeoutMs: whole('ANALYSIS_TIMEOUT_MS', 100, 3_600_000),
  /** Most megabytes of chart images kept in memory (CHART_CACHE_MB); beyond, the least recently used go. */
  chartCacheMb: whole('CHART_CACHE_MB', 1, 64 * 1024),
  /** Runs executing at once (CONCURRENT_RUNS); more wait in the queue. */
  concurrentRuns: whole('CONCURRENT_RUNS', 1, 64),
  /** Runs waiting at most (RUN_QUEUE_LIMIT); beyond it requests get 503 with Retry-After. */
  queueLimit: whole('RUN_QUEUE_LIMIT', 0, 10_000),
  /** Worker threads (WORKERS). */
  workers: whole('WORKERS', 1, 64),
  /** Largest request body, bytes (BODY_LIMIT). */
  bodyLimit: whole('BODY_LIMIT', 1024, 64 * MIB_MAX),
  /** Requests per minute per client address (RATE_LIMIT_MAX); 0 turns rate limiting off. */
  rateLimitMax: whole('RATE_LIMIT_MAX', 0, 1_000_000),
  /** Runs (POST /api/runs, /api/compare) per minute per client address (RUN_RATE_LIMIT_MAX); 0 = no extra limit. */
  runRateLimitMax: whole('RUN_RATE_LIMIT_MAX', 0, 1_000_000),
  /** Allowed CORS origin(s), comma-separated (CORS_ORIGIN); empty = CORS off. */
  corsOrigin: list('CORS_ORIGIN'),
  /** Log level (LOG_LEVEL). */
  logLevel: Type.Union(
    LOG_LEVELS.map((l) => Type.Literal(l)),
    { env: 'LOG_LEVEL' },
  ),
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For is believed
   * (TRUST_PROXY, comma-separated), so rate limits see client addresses; empty: none is.
   */
  trustProxy: list('TRUST_PROXY', Type.String({ pattern: ADDRESS, description: 'IP addresses or CIDR ranges of your proxies' })),
  /**
   * Host names (or name:port) that requests may be addressed to (ALLOWED_HOSTS, comma-separated),
   * besides localhost, 127.0.0.1, [::1] and HOST itself; "*" allows any. Others get 421: a page
   * on another site cannot reach a local server by DNS rebinding.
   */
  allowedHosts: list('ALLOWED_HOSTS'),
  /** Token that deleting saved scenarios and stored runs needs (ADMIN_TOKEN, as `Authorization: Bearer …`); empty: deleting from this machine only. */
  adminToken: text('ADMIN_TOKEN'),
});

/** The server's settings (see each one's comment in the schema). */
export type ApiConfig = Readonly<Static<typeof ApiConfig>>;
