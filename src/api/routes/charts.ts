import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { perMinuteLimit } from '../config.ts';
import { renderChartPng } from '../../report/png.ts';
import type { Store } from '../../store/store.ts';
import { HttpError } from '../errors.ts';
import { storedRun, type RunManifest } from '../runs.ts';
import { ChartParams, ChartQuery, described, errors } from '../schemas.ts';
import { grouped } from '../../core/format.ts';

interface Deps {
  readonly store: Store;
  /** Folder of the static page (embed.html). */
  readonly publicDir: string;
  /** Images per minute per client address (0: only the global limit). */
  readonly rateLimitMax: number;
}

/** Most device pixels in one image (width × height × scale²): 1800×1200 at scale 2 is 8.6 million. */
const MAX_PIXELS = 9_000_000;
/** Images drawn at once (on the main thread) and waiting: beyond, 503 with Retry-After. */
const MAX_WAITING = 4;
/** Bumped when the drawing changes, so cached images are not mistaken for new ones. */
const RENDER_VERSION = '1';

/** Images kept in memory: runs never change, so an image for the same request is the same bytes. */
const CACHE_SIZE = 64;

/** Chart.js's browser build, served from this server (no CDN). */
const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/**
 * The embed page may be framed by any document, which is what it is for: no frame-ancestors
 * (`*` would still refuse file: and about:blank reports) and no X-Frame-Options.
 */
const EMBED_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

/** Chart images of stored runs, the embeddable chart page, and chart.js itself. */
export const chartRoutes: FastifyPluginAsync<Deps> = async (app, { store, publicDir, rateLimitMax }) => {
  const cache = new Map<string, Buffer>();
  const limited = perMinuteLimit(rateLimitMax);
  // one image at a time: a burst of requests waits its turn (or is told to retry) instead of
  // holding the event loop for all of them at once
  let drawing: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  const draw = async <T>(fn: () => T): Promise<T> => {
    if (waiting >= MAX_WAITING) throw new HttpError(503, `busy drawing ${waiting} chart images; retry in a few seconds`, [], { 'retry-after': '2' });
    waiting++;
    const turn = drawing.then(() => new Promise<T>((resolve, reject) => setImmediate(() => {
      try {
        resolve(fn());
      } catch (err) {
        reject(err);
      }
    })));
    drawing = turn.catch(() => undefined).finally(() => waiting--);
    return turn;
  };
  const manifest = (id: string, path: 'id' | 'compare'): RunManifest => JSON.parse(storedRun(store, id, path)) as RunManifest;

  app.get<{ Params: { id: string; chart: 'fan' | 'clusters' | 'probability' }; Querystring: ChartQuery }>(
    '/api/runs/:id/charts/:chart.png',
    {
      ...limited,
      schema: {
        tags: ['runs'],
        summary: 'A chart of a stored run as a PNG image, with the same look and caption as the page',
        description:
          'For documents that cannot hold an iframe. The caption names the scenario, trials, seed, engine version, run date and any changes to the scenario; `compare` draws another stored run (e.g. the scenario without changes) dashed. Images are at most 9 million device pixels (width × height × scale²) and are drawn one at a time (503 with Retry-After when four wait); a caption that needs room makes the image taller.',
        params: ChartParams,
        querystring: ChartQuery,
        response: { 200: described('the chart', { 'image/png': Type.String({ format: 'binary' }) }), ...errors(400, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const { id, chart } = request.params;
      const q = request.query;
      const width = Number(q.width ?? 900);
      const height = Number(q.height ?? 540);
      const bad = [
        ...(width < 480 || width > 2400 ? [{ path: 'width', message: `must be from 480 to 2400 pixels, got ${width}` }] : []),
        ...(height < 320 || height > 1600 ? [{ path: 'height', message: `must be from 320 to 1600 pixels, got ${height}` }] : []),
      ];
      const scale = Number(q.scale ?? 2);
      if (!bad.length && width * height * scale * scale > MAX_PIXELS) {
        bad.push({ path: 'scale', message: `${width}×${height} at scale ${scale} is ${grouped(width * height * scale * scale)} pixels; at most ${grouped(MAX_PIXELS)}: lower the scale or the size` });
      }
      if (bad.length) throw new HttpError(400, 'invalid request querystring', bad);
      const view = { unit: q.unit ?? 'cny', lang: q.lang ?? 'en', width, height, scale } as const;
      const key = JSON.stringify([id, chart, q.compare ?? '', view]);
      let png = cache.get(key);
      if (png) {
        cache.delete(key); // most recently used goes last
      } else {
        const run = manifest(id, 'id');
        const comparison = q.compare ? manifest(q.compare, 'compare') : undefined;
        png = await draw(() => renderChartPng(chart, run, comparison, view));
        if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(key, png);
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
