/** The report-ready table of a stored run as CSV or XLSX, in a language and unit (src/report/table.ts). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { tableCsv } from '../../report/csv.ts';
import { manifestSource, reportTable } from '../../report/table.ts';
import { tableXlsx, XLSX_TYPE } from '../../report/xlsx.ts';
import type { RunManifest } from '../../schema/manifest.ts';
import type { Store } from '../../store/store.ts';
import { storedRun } from '../runs.ts';
import { RunIdParams, TableQuery } from '../../schema/requests.ts';
import { described, errors } from '../schemas.ts';


const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', media: 'text/csv' },
  xlsx: { type: XLSX_TYPE, media: XLSX_TYPE },
} as const;

/** GET /api/runs/:id/table.csv and /api/runs/:id/table.xlsx. */
export const tableRoutes: FastifyPluginAsyncTypebox<{ readonly store: Store }> = async (app, { store }) => {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/runs/:id/table.${format}`,
      {
        schema: {
          tags: ['runs'],
          summary: `A stored run as a report-ready table (${format.toUpperCase()})`,
          description:
            'A metadata header (scenario, version, seed, trials, engine, run id, changes in words, unit, link), then one row per scope (total, each cluster, each field) and statistic (p5 p10 p25 p50 p75 p90 p95 mean) with one column per year, names in the chosen language and values in the chosen unit; the targets (probability, median, gap, growth change for 50% and 80%, chance reached by each year) ' +
            (format === 'csv' ? 'as a second block. UTF-8 with a byte-order mark (so spreadsheets read the Chinese names), values rounded to a million yuan. For one row per number use /api/runs/:id.csv.' : 'on a second sheet; numbers are numbers, shown with one decimal.'),
          params: RunIdParams,
          querystring: TableQuery,
          response: { 200: described(`the table as ${format.toUpperCase()}`, { [FORMATS[format].media]: Type.String(format === 'xlsx' ? { format: 'binary' } : {}) }), ...errors(400, 404) },
        },
      },
      async (request, reply) => {
        const manifest = JSON.parse(storedRun(store, request.params.id, 'id')) as RunManifest;
        const lang = request.query.lang ?? 'en';
        const unit = request.query.unit ?? 'cny';
        const table = reportTable(manifestSource(manifest, permalink(request, manifest.id), 'future-industry-sim (HTTP API)'), lang, unit);
        reply.header('content-disposition', `attachment; filename="${manifest.scenario.id}-${manifest.id.slice(0, 12)}-${lang}-${unit}.${format}"`);
        // the run never changes, but the words may (a new version): a day, not for good
        reply.header('cache-control', 'public, max-age=86400');
        reply.type(FORMATS[format].type);
        return format === 'csv' ? tableCsv(table) : Buffer.from(tableXlsx(table));
      },
    );
  }
};

/** The run's permanent link as this request reached the server. */
function permalink(request: FastifyRequest, id: string): string {
  return `${request.protocol}://${request.host}/api/runs/${id}`;
}
