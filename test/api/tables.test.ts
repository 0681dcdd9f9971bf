/** The report table routes (CSV and XLSX), and event overrides in a run's body. */
import { strFromU8, unzipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import type { RunManifest } from '../../src/schema/manifest.ts';
import { json, testApp, tinyScenario } from './helpers.ts';

const pool = new WorkerPool(1);
let app: FastifyInstance;
let run: RunManifest;
beforeAll(async () => {
  app = await testApp(pool);
  run = json<RunManifest>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 300, overrides: { events: { 'chip-export-controls': { impactScale: 1.5 } } } } }));
});
afterAll(async () => {
  await app.close();
  await pool.close();
});

describe('GET /api/runs/:id/table.csv and table.xlsx', () => {
  it('CSV: a metadata header with the run id, the changes in words and the link; a row per scope and statistic; the targets', async () => {
    const res = await app.inject({ url: `/api/runs/${run.id}/table.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="baseline-${run.id.slice(0, 12)}-en-cny.csv"`);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain(`Run id,${run.id}`);
    expect(lines).toContain('Changes,Tighter chip export controls: impacts ×1.5');
    expect(lines).toContain('Version,bundled');
    expect(lines).toContain(`Link,http://localhost:80/api/runs/${run.id}`);
    expect(lines).toContain(`Level,Id,Name,Statistic,${run.result.years.join(',')}`);
    const i2030 = run.result.years.indexOf(2030);
    const median = lines.find((l) => l.startsWith('Total,total,Total,median,')) as string;
    expect(Number(median.split(',')[4 + i2030])).toBe(Math.round(run.result.total.p50[i2030] * 1000) / 1000);
    expect(lines.find((l) => l.startsWith('Cluster,intelligence,Future intelligence,p90,'))).toBeDefined();
    expect(lines.some((l) => l.startsWith('plan-2030,'))).toBe(true);
  });

  it('CSV in Chinese and 亿元', async () => {
    const res = await app.inject({ url: `/api/runs/${run.id}/table.csv?lang=zh&unit=yi` });
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain('单位,亿元，名义值');
    expect(lines).toContain('调整,芯片出口管制收紧：冲击 ×1.5');
    const i2030 = run.result.years.indexOf(2030);
    const median = lines.find((l) => l.startsWith('合计,total,合计,中位数,')) as string;
    expect(Number(median.split(',')[4 + i2030])).toBe(Math.round(run.result.total.p50[i2030] * 10 * 100) / 100);
    expect(lines.some((l) => l.startsWith('领域,brain-computer-interface,脑机接口,'))).toBe(true);
  });

  it('XLSX: a workbook that unzips to two sheets, numbers as numbers, Chinese names as text, values in US$', async () => {
    const res = await app.inject({ url: `/api/runs/${run.id}/table.xlsx?lang=zh&unit=usd` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="baseline-${run.id.slice(0, 12)}-zh-usd.xlsx"`);
    const parts = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(parts).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']);
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<t xml:space="preserve">未来智能</t>');
    const rate = run.scenario.currency?.usdRate as number;
    const i2030 = run.result.years.indexOf(2030);
    const expected = Math.round((run.result.total.p50[i2030] / rate) * 1000) / 1000;
    const row = sheet.split('<row ').find((r) => r.includes('>total<') && r.includes('>中位数<')) as string;
    expect(row).toContain(`<v>${expected}</v>`);
    expect(strFromU8(parts['xl/worksheets/sheet2.xml'])).toContain('>plan-2030<');
    expect(strFromU8(parts['xl/workbook.xml'])).toContain('<sheet name="目标" sheetId="2" r:id="rId2"/>');
    // the same run, language and unit → the same bytes
    const again = await app.inject({ url: `/api/runs/${run.id}/table.xlsx?lang=zh&unit=usd` });
    expect(Buffer.compare(again.rawPayload, res.rawPayload)).toBe(0);
  });

  it('400 naming the valid values of lang and unit, 404 for an unknown run', async () => {
    const lang = await app.inject({ url: `/api/runs/${run.id}/table.csv?lang=fr` });
    expect(lang.statusCode).toBe(400);
    expect(json<{ details: unknown[] }>(lang).details).toEqual([{ path: 'lang', code: 'one-of', message: 'must be one of "en", "zh"; got the text "fr"' }]);
    const unit = await app.inject({ url: `/api/runs/${run.id}/table.xlsx?unit=eur` });
    expect(unit.statusCode).toBe(400);
    expect(json<{ details: unknown[] }>(unit).details).toEqual([{ path: 'unit', code: 'one-of', message: 'must be one of "cny", "yi", "usd"; got the text "eur"' }]);
    const missing = await app.inject({ url: `/api/runs/${'0'.repeat(64)}/table.xlsx` });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ url: '/api/runs/nope/table.csv' })).statusCode).toBe(400);
  });
});

describe('event overrides in POST /api/runs', () => {
  it('are recorded, hash apart from the plain run, and a no-op change hashes as none', async () => {
    expect(run.options.overrides).toEqual({ events: { 'chip-export-controls': { impactScale: 1.5 } } });
    const plain = json<RunManifest>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 300 } }));
    expect(plain.id).not.toBe(run.id);
    const noop = json<RunManifest>(await app.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 300, overrides: { events: { 'chip-export-controls': { impactScale: 1 } } } } }));
    expect(noop.id).toBe(plain.id);
  });

  it('bad values are 400/422 naming overrides.events.<id>.<key> and what is valid', async () => {
    const post = (events: unknown) => app.inject({ method: 'POST', url: '/api/runs', payload: { scenario: tinyScenario(), trials: 100, overrides: { events } } });
    const p = await post({ shock: { probabilityPerYear: 1.5 } });
    expect([400, 422]).toContain(p.statusCode);
    expect(p.body).toContain('overrides.events.shock.probabilityPerYear');
    const key = await post({ shock: { probability: 0.5 } });
    expect([400, 422]).toContain(key.statusCode);
    expect(key.body).toContain('overrides.events.shock.probability');
    const year = await post({ shock: { forceYear: 2040 } });
    expect(year.statusCode).toBe(422);
    expect(year.body).toContain('overrides.events.shock.forceYear');
    expect(year.body).toContain('from 2025 to 2030');
    const unknown = await post({ shocks: false });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('unknown event \\"shocks\\"; events: shock');
  });
});

describe('the table query', () => {
  it('offers the languages and units the words and formats know', async () => {
    const { LANGS, UNITS } = await import('../../public/lib/text.js');
    const { DisplayUnit, Lang } = await import('../../src/schema/requests.ts');
    expect(Lang.anyOf.map((x: { const: string }) => x.const)).toEqual(LANGS);
    expect(DisplayUnit.anyOf.map((x: { const: string }) => x.const)).toEqual(UNITS);
  });
});
