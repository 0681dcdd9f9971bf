import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LRUCache } from 'lru-cache';
import { perMinuteLimit } from '../config.ts';
import { JobTimeout, type JobThread } from '../../node/job-thread.ts';
import type { ChartJob } from '../../report/chart-worker.ts';
import type { Store } from '../../store/store.ts';
import { HttpError } from '../errors.ts';
import { storedRun } from '../runs.ts';
import { ChartParams, ChartQuery } from '../../schema/requests.ts';
import { CHART_IMAGE } from '../../core/limits.ts';
import { described, errors } from '../schemas.ts';
import { grouped } from '../../core/format.ts';
import { scopesOf } from '../../../public/lib/charts.js';

interface Deps {
  readonly store: Store;
  /** The thread that draws the images (report/chart-worker.ts), each within its budget. */
  readonly painter: JobThread;
  /** Folder of the static page (embed.html). */
  readonly publicDir: string;
  /** Images per minute per client address (0: only the global limit). */
  readonly rateLimitMax: number;
  /** Most bytes of images kept in memory (CHART_CACHE_MB): runs never change, so an image for the same request is the same bytes. */
  readonly cacheBytes: number;
}

/** Images being drawn (on the chart thread, one at a time) and waiting: beyond, 503 with Retry-After. */
const MAX_WAITING = 4;
/** Bumped when the drawing changes, so cached images are not mistaken for new ones. */
const RENDER_VERSION = '1';

/** Chart.js's browser build, served from this server (no CDN). */
const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/**
 * The embed page may be framed by any document, which is what it is for: no frame-ancestors
 * (`*` would still refuse file: and about:blank reports) and no X-Frame-Options.
 */
const EMBED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

/** Throws a 400 naming the valid scopes unless `scope` is a cluster or field of the stored run's scenario. */
function checkScope(runJson: string, scope: string): void {
  const scopes = scopesOf((JSON.parse(runJson) as { scenario: Parameters<typeof scopesOf>[0] }).scenario);
  if (!scopes.includes(scope))
    throw new HttpError(400, 'invalid request querystring', [
      { path: 'scope', code: 'one-of', message: `${scope} is not a cluster or field of this run's scenario; scopes: ${scopes.join(', ')}` },
    ]);
}

/** Throws a 400 naming the valid outputs unless `output` is one of the stored run's sensitivity outputs (or it has none: a 400 saying so). */
function checkOutput(runJson: string, output: string | undefined): void {
  const run = JSON.parse(runJson) as { result: { sensitivity?: { outputs: readonly { output: string }[] } } };
  const outputs = run.result.sensitivity?.outputs.map((o) => o.output) ?? [];
  if (!outputs.length)
    throw new HttpError(400, 'invalid request', [
      { path: 'chart', code: 'invalid', message: 'this run has no sensitivity figures (it was stored before runs had them): run it again for a tornado' },
    ]);
  if (output !== undefined && !outputs.includes(output))
    throw new HttpError(400, 'invalid request querystring', [
      { path: 'output', code: 'one-of', message: `${output} is not an output of this run's sensitivity figures; outputs: ${outputs.join(', ')}` },
    ]);
}

/** Chart images of stored runs, the embeddable chart page, and chart.js itself. */
export const chartRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, { store, painter, publicDir, rateLimitMax, cacheBytes }) => {
  // least recently used images go first; one bigger than the whole cache is drawn for each request
  const cache = new LRUCache<string, Buffer>({ maxSize: cacheBytes, sizeCalculation: (png) => png.byteLength });
  const limited = perMinuteLimit(rateLimitMax);
  // a burst of requests waits its turn on the chart thread, or is told to retry
  const draw = async (job: ChartJob): Promise<Buffer> => {
    if (painter.pending >= MAX_WAITING) throw new HttpError(503, `busy drawing ${painter.pending} chart images; retry in a few seconds`, [], { 'retry-after': '2' });
    try {
      const png = await painter.run<Uint8Array>(job);
      return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
    } catch (err) {
      if (err instanceof JobTimeout)
        throw new HttpError(422, `drawing the image took longer than this server's budget of ${err.budgetMs / 1000} s; ask for a smaller one (width, height, scale)`);
      throw err;
    }
  };

  app.get(
    '/api/runs/:id/charts/:chart.png',
    {
      ...limited,
      schema: {
        tags: ['runs'],
        summary: 'A chart of a stored run as a PNG image, with the same look and caption as the page',
        description:
          'For documents that cannot hold an iframe. The caption names the scenario, trials, seed, engine version, run date and any changes to the scenario; `compare` draws another stored run (e.g. the scenario without changes) dashed; `scope` makes the fan chart one of a cluster or a field; `output` picks what the tornado shows. Images are at most 9 million device pixels (width × height × scale²) and are drawn one at a time (503 with Retry-After when four wait); a caption that needs room makes the image taller.',
        params: ChartParams,
        querystring: ChartQuery,
        response: { 200: described('the chart', { 'image/png': Type.String({ format: 'binary' }) }), ...errors(400, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const { id, chart } = request.params;
      const q = request.query;
      // each within its bounds (the query's schema); together at most maxPixels
      const { width = CHART_IMAGE.width.default, height = CHART_IMAGE.height.default, scale = CHART_IMAGE.scale.default } = q;
      const pixels = width * height * scale * scale;
      if (pixels > CHART_IMAGE.maxPixels) {
        throw new HttpError(400, 'invalid request querystring', [
          {
            path: 'scale',
            code: 'limit',
            message: `${width}×${height} at scale ${scale} is ${grouped(pixels)} pixels; at most ${grouped(CHART_IMAGE.maxPixels)}: lower the scale or the size`,
          },
        ]);
      }
      if (q.scope !== undefined && q.scope !== 'total' && chart !== 'fan') {
        throw new HttpError(400, 'invalid request querystring', [
          { path: 'scope', code: 'invalid', message: `only the fan chart has a scope; leave it out for the ${chart} chart` },
        ]);
      }
      if (q.output !== undefined && chart !== 'tornado') {
        throw new HttpError(400, 'invalid request querystring', [
          { path: 'output', code: 'invalid', message: `only the tornado has an output; leave it out for the ${chart} chart` },
        ]);
      }
      if (q.compare !== undefined && chart === 'tornado') {
        throw new HttpError(400, 'invalid request querystring', [{ path: 'compare', code: 'invalid', message: 'the tornado draws one run; leave compare out' }]);
      }
      const scope = q.scope === undefined || q.scope === 'total' ? undefined : q.scope;
      const view = { unit: q.unit ?? 'cny', lang: q.lang ?? 'en', width, height, scale, ...(scope ? { scope } : {}), ...(q.output ? { output: q.output } : {}) } as const;
      const key = JSON.stringify([id, chart, q.compare ?? '', view]);
      // a deleted run's image is not served from the cache either (storedRun answers its 404)
      if (!store.hasRun(id)) storedRun(store, id, 'id');
      if (q.compare && !store.hasRun(q.compare)) storedRun(store, q.compare, 'compare');
      let png = cache.get(key);
      if (!png) {
        // the stored JSON goes to the chart thread as it is (parsed there)
        const run = storedRun(store, id, 'id');
        if (scope) checkScope(run, scope);
        if (chart === 'tornado') checkOutput(run, q.output);
        const comparison = q.compare ? storedRun(store, q.compare, 'compare') : undefined;
        png = await draw({ chart, run, comparison, view });
        cache.set(key, png);
      }
      // the run never changes, but the drawing may (a new version, other fonts): a day, not for good
      reply.header('cache-control', 'public, max-age=86400');
      reply.header('etag', `"${RENDER_VERSION}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}"`);
      // documents and pages on other sites may show the image
      reply.header('cross-origin-resource-policy', 'cross-origin');
      reply.header('content-disposition', `inline; filename="${chart}-${id.slice(0, 12)}.png"`);
      return reply.type('image/png').send(png);
    },
  );

  let chartJs: Buffer | undefined;
  app.get('/vendor/chart.umd.min.js', { schema: { hide: true } }, async (_request, reply) => {
    chartJs ??= await readFile(CHART_JS);
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type('text/javascript; charset=utf-8').send(chartJs);
  });

  let embedHtml: Buffer | undefined;
  app.get('/embed', { schema: { hide: true } }, async (_request, reply) => {
    embedHtml ??= await readFile(join(publicDir, 'embed.html'));
    reply.header('content-security-policy', EMBED_CSP);
    reply.removeHeader('x-frame-options');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return reply.type('text/html; charset=utf-8').send(embedHtml);
  });
};
