/** The report table and its CSV and XLSX writers, on small runs with exact expectations. */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { tableCsv } from '../../src/report/csv.ts';
import { reportTable, type TableSource } from '../../src/report/table.ts';
import { columnName, tableXlsx, xmlText } from '../../src/report/xlsx.ts';
import { cagrField, cluster, run, scenario } from '../core/helpers.ts';

/** One cluster of one field growing 10% a year from 100, no noise: every statistic is 100·1.1^n. */
function source(extra: Partial<TableSource> = {}, title = 'test scenario'): TableSource {
  const s = scenario({
    title,
    currency: { unit: 'CNY_BN', usdRate: 8 },
    clusters: [{ ...cluster('c', [{ ...cagrField('f', 100, 0.1), name: { en: 'Field F', zh: '领域甲' } }]), name: { en: 'Cluster C', zh: '集群丙' } }],
    targets: [{ id: 't', year: 2030, scope: 'c', value: 150, label: 'a label' }],
  });
  return { scenario: s, result: run(s), origin: { kind: 'bundled' }, generatedBy: 'test', ...extra };
}

describe('reportTable', () => {
  it('rows: total, each cluster, each field × 8 statistics; values in the unit, rounded', () => {
    const t = reportTable(source(), 'en', 'usd');
    expect(t.projection.header).toEqual(['Level', 'Id', 'Name', 'Statistic', 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expect(t.projection.rows.map((r) => r.slice(0, 4).join('|')).filter((_, k) => k % 8 === 0)).toEqual(['Total|total|Total|p5', 'Cluster|c|Cluster C|p5', 'Field|f|Field F|p5']);
    const mean = t.projection.rows.find((r) => r[1] === 'f' && r[3] === 'mean') as (number | string)[];
    // 100·1.1^n bn yuan at 8 yuan per dollar, to a million dollars
    expect(mean.slice(4)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => Math.round((100 * 1.1 ** n) / 8 * 1000) / 1000));
    expect(t.meta).toContainEqual(['Unit', 'bn US$, nominal; US$ at 8 yuan per dollar']);
    expect(t.targets?.rows[0].slice(0, 6)).toEqual(['t', 'a label', 'Cluster C', 2030, 18.75, 100]);
  });

  it('in Chinese: names, levels and statistics; the run id, time and link when known', () => {
    const t = reportTable(source({ runId: 'abc', createdAt: '2026-12-01T10:00:00.000Z', permalink: 'http://x/api/runs/abc', origin: { kind: 'saved', version: 3 } }), 'zh', 'yi');
    expect(t.projection.rows.find((r) => r[1] === 'f' && r[3] === '中位数')?.slice(0, 5)).toEqual(['领域', 'f', '领域甲', '中位数', 1000]);
    expect(t.meta).toEqual(expect.arrayContaining([['版本', '已保存，第 3 版'], ['运行编号', 'abc'], ['运行时间', '2026-12-01T10:00:00.000Z'], ['链接', 'http://x/api/runs/abc'], ['调整', '无（情景原样）']]));
    expect(t.sheets).toEqual({ projection: '产值预测', targets: '目标' });
  });
});

describe('tableCsv', () => {
  it('quotes commas, quotes and line breaks, and keeps text a spreadsheet would run as a formula as text', () => {
    const csv = tableCsv(reportTable(source({}, '=HYPERLINK("x"), a\nb'), 'en', 'cny'));
    expect(csv.startsWith('\uFEFFProjected output of the future industries,"\'=HYPERLINK(""x""), a\nb (test)"\r\n')).toBe(true);
    expect(csv).toContain('\r\nScenario,"\'=HYPERLINK(""x""), a\nb"\r\n');
    expect(csv).toContain('\r\nTotal,total,Total,median,100,110,121,133.1,146.41,161.051,177.156\r\n');
  });
});

describe('tableXlsx', () => {
  it('names columns past Z as Excel does', () => {
    expect([0, 25, 26, 51, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
  });

  it('escapes XML and drops characters XML cannot hold', () => {
    expect(xmlText('a<b & "c"\u0001\u0008\td')).toBe('a&lt;b &amp; &quot;c&quot;\td');
  });

  it('writes numbers as numbers and text as inline text; no targets sheet without targets', () => {
    const src = source({}, 'Title & <more>');
    const noTargets = { ...src, result: { ...src.result, targets: [] } };
    const parts = unzipSync(tableXlsx(reportTable(noTargets, 'en', 'cny')));
    expect(Object.keys(parts)).not.toContain('xl/worksheets/sheet2.xml');
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<c r="B1" s="6" t="inlineStr"><is><t xml:space="preserve">Title &amp; &lt;more&gt; (test)</t></is></c>');
    // seed and trials as whole numbers
    expect(sheet).toMatch(/<c r="B\d+" s="5"><v>100<\/v><\/c>/);
    // the total's p50 row: 100, 110, 121 … in E–K with the value format
    expect(sheet).toMatch(/<c r="E(\d+)" s="2"><v>100<\/v><\/c><c r="F\1" s="2"><v>110<\/v><\/c><c r="G\1" s="2"><v>121<\/v><\/c>/);
    expect(strFromU8(parts['xl/styles.xml'])).toContain('formatCode="#,##0.0"');
  });
});
