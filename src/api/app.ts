/**
 * buildApp: the Fastify app (API, OpenAPI docs, static page) without listening. Routes are
 * registered explicitly; every route declares its input and response schemas.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { ENGINE_VERSION } from '../core/run.ts';
import { POOL_RECYCLE_BYTES } from '../core/limits.ts';
import type { CompiledModel } from '../core/compile.ts';
import { JobThread, jobScript } from '../node/job-thread.ts';
import { WorkerPool } from '../node/pool.ts';
import { coerceStrings, shapeIssues } from '../schema/validate.ts';
import { openDb } from '../store/db.ts';
import { Store } from '../store/store.ts';
import { adminGuard } from './admin.ts';
import { Catalog } from './catalog.ts';
import { DEFAULTS, type ApiConfig } from './config.ts';
import { errorBody, installErrorHandlers, RequestShapeError } from './errors.ts';
import { analysisRoutes } from './routes/analysis.ts';
import { chartRoutes } from './routes/charts.ts';
import { healthRoutes } from './routes/health.ts';
import { runRoutes } from './routes/runs.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { tableRoutes } from './routes/tables.ts';
import { RunService } from './runs.ts';
import { ErrorResponse } from '../schema/responses.ts';

export interface AppOptions {
  readonly config?: Partial<ApiConfig>;
  /** A pool to share (tests); otherwise the app owns one and closes it with the app. */
  readonly pool?: WorkerPool;
  /** Clock for createdAt stamps. */
  readonly now?: () => Date;
  /** Pino logger options, or false for none (tests). */
  readonly logger?: boolean | object;
  /** Other scripts for the compile and chart threads (tests: one that never finishes). */
  readonly jobScripts?: { readonly compile?: URL; readonly chart?: URL; readonly analysis?: URL };
}

/** Content Security Policy the page and the docs work under: everything from this origin. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  // served over plain HTTP too (HOST=0.0.0.0 on a network): never rewrite requests to https
  upgradeInsecureRequests: null,
};

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The name of a Host header (lower case, without its port; an IPv6 literal keeps its brackets). */
function hostName(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/**
 * Whether a request's Host header names this server: loopback names (on any port: a rebinding
 * page cannot make a browser send them), HOST itself unless it is a wildcard, and ALLOWED_HOSTS
 * ("*": any host; "name" any port; "name:port" that port only).
 */
export function hostFilter(config: Pick<ApiConfig, 'host' | 'allowedHosts'>): (host: string | undefined) => boolean {
  if (config.allowedHosts.includes('*')) return () => true;
  const names = new Set(LOOPBACK);
  const own = config.host.toLowerCase();
  if (own !== '0.0.0.0' && own !== '::' && own !== '') names.add(own.includes(':') && !own.startsWith('[') ? `[${own}]` : own);
  const exact = new Set<string>();
  for (const h of config.allowedHosts) (/:\d+$/.test(h) && !h.endsWith(']') ? exact : names).add(h);
  return (host) => host !== undefined && host !== '' && (exact.has(host.toLowerCase()) || names.has(hostName(host)));
}

export async function buildApp(options: AppOptions = {}) {
  const config: ApiConfig = { ...DEFAULTS, ...options.config };
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy.length ? [...config.trustProxy] : false,
    // malformed URLs and the like get the one error shape too
    frameworkErrors: (err, _request, reply) => {
      const status = typeof (err as { statusCode?: number }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 400;
      (reply as unknown as { code(n: number): { send(b: unknown): void } }).code(status).send(errorBody(status, err.message));
    },
    // request ids are random, never client-chosen
    genReqId: () => Math.random().toString(36).slice(2, 10),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // validation by TypeBox's compiler with the scenario check's messages: every problem at once,
  // with paths; query strings and path parameters typed by their schemas (numbers, booleans)
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const typed = httpPart === 'querystring' || httpPart === 'params';
    return (input: unknown) => {
      const data = typed ? coerceStrings(schema as TSchema, input) : input;
      const issues = shapeIssues(schema as TSchema, data);
      return issues.length ? { error: new RequestShapeError(httpPart ?? 'body', issues) } : { value: data };
    };
  });
  installErrorHandlers(app);
  const hostAllowed = hostFilter(config);
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host;
    if (hostAllowed(host)) return;
    reply
      .code(421)
      .send(
        errorBody(421, `this server does not answer for host ${JSON.stringify(String(host ?? ''))}; address it as localhost or ${config.host}, or add the name to ALLOWED_HOSTS`),
      );
  });
  // only JSON (and YAML for scenarios) bodies: anything else is 415
  app.removeContentTypeParser('text/plain');

  const db = openDb(config.databasePath);
  const store = new Store(db);
  const catalog = await Catalog.load(config.scenariosDir, store);
  const pool = options.pool ?? new WorkerPool(config.workers, { recycleAfterBytes: POOL_RECYCLE_BYTES });
  // slow work off this thread, each job within JOB_TIMEOUT_MS: compiling big scenarios, drawing chart images
  const compiler = new JobThread(options.jobScripts?.compile ?? jobScript('../node/compile-worker', import.meta.url), 'compiling the scenario', config.jobTimeoutMs);
  const painter = new JobThread(options.jobScripts?.chart ?? jobScript('../report/chart-worker', import.meta.url), 'drawing the image', config.jobTimeoutMs);
  // analyses (Sobol designs, discovery, paired comparisons) on a thread of their own, each within ANALYSIS_TIMEOUT_MS
  const analyst = new JobThread(options.jobScripts?.analysis ?? jobScript('../node/analysis-worker', import.meta.url), 'the analysis', config.jobTimeoutMs);
  const runs = new RunService(store, catalog, pool, config, options.now, (scenario, overrides) => compiler.run<CompiledModel>({ scenario, overrides }));
  const mayDelete = adminGuard(config.adminToken);
  app.addHook('onClose', async () => {
    if (!options.pool) await pool.close();
    await Promise.all([compiler.close(), painter.close(), analyst.close()]);
    db.close();
  });

  app.addSchema(ErrorResponse);
  await app.register(helmet, { contentSecurityPolicy: { directives: CSP }, crossOriginEmbedderPolicy: false, hsts: false });
  if (config.corsOrigin.length) await app.register(cors, { origin: [...config.corsOrigin] });
  if (config.rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: config.rateLimitMax,
      timeWindow: '1 minute',
      errorResponseBuilder: (_req, ctx) => {
        const err = errorBody(429, `too many requests: at most ${ctx.max} a minute; retry in ${Math.ceil(ctx.ttl / 1000)} s`);
        return Object.assign(new Error(err.message), err);
      },
    });
  }
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'future-industry-sim API',
        version: ENGINE_VERSION,
        description: "Monte Carlo projections of Shanghai's future industries against the action plan's targets.",
      },
      tags: [{ name: 'scenarios' }, { name: 'runs' }, { name: 'analyses' }, { name: 'meta' }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Swagger UI sets element styles inline; everything else stays limited to this origin
    transformStaticCSP: (header) =>
      header
        .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';")
        .replace(/img-src [^;]*;/, "img-src 'self' data:;")
        .replace(/font-src [^;]*;/, "font-src 'self' data:;")
        .replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  await app.register(healthRoutes, { runs, pool, config });
  await app.register(scenarioRoutes, {
    catalog,
    store,
    mayDelete,
    compile: (scenario, overrides) => runs.compile(scenario, overrides),
    now: options.now ?? (() => new Date()),
    bodyLimit: config.bodyLimit,
  });
  await app.register(runRoutes, { runs, store, mayDelete, runRateLimitMax: config.rateLimitMax > 0 ? config.runRateLimitMax : 0 });
  await app.register(analysisRoutes, {
    runs,
    analyst,
    analysisTimeoutMs: config.analysisTimeoutMs,
    memoryBudgetMb: config.memoryBudgetMb,
    rateLimitMax: config.rateLimitMax > 0 ? config.runRateLimitMax : 0,
  });
  await app.register(tableRoutes, { store });
  await app.register(chartRoutes, {
    store,
    painter,
    publicDir: config.publicDir,
    rateLimitMax: config.rateLimitMax > 0 ? config.runRateLimitMax : 0,
    cacheBytes: config.chartCacheMb * 1024 * 1024,
  });
  await app.register(fastifyStatic, { root: config.publicDir, prefix: '/', index: ['index.html'], wildcard: false });
  return app;
}
