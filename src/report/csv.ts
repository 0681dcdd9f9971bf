/**
 * CSV of a result: tidy rows, one per (scope, id, year, statistic, value), for programs (GET
 * /api/runs/:id.csv, `--format tidy-csv`); and the report table (table.ts), for people.
 */
import type { Result, Stats } from '../schema/result.ts';
import type { Cell, ReportTable } from './table.ts';

export interface TidyRow {
  readonly scope: 'total' | 'cluster' | 'field' | 'target';
  readonly id: string;
  readonly year: number;
  readonly statistic: string;
  readonly value: number | null;
}

const STATS = ['mean', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

function statRows(scope: TidyRow['scope'], id: string, years: readonly number[], stats: Stats, central: readonly number[]): TidyRow[] {
  const rows: TidyRow[] = [];
  years.forEach((year, i) => {
    for (const key of STATS) rows.push({ scope, id, year, statistic: key, value: stats[key][i] });
    rows.push({ scope, id, year, statistic: 'central', value: central[i] });
  });
  return rows;
}

/** Every number of a result as tidy rows. */
export function tidyRows(result: Result): TidyRow[] {
  const { years } = result;
  const rows = statRows('total', 'total', years, result.total, result.central.total);
  for (const [id, s] of Object.entries(result.clusters)) rows.push(...statRows('cluster', id, years, s, result.central.clusters[id]));
  for (const [id, s] of Object.entries(result.fields)) rows.push(...statRows('field', id, years, s, result.central.fields[id]));
  for (const t of result.targets) {
    rows.push({ scope: 'target', id: t.id, year: t.year, statistic: 'value', value: t.value });
    rows.push({ scope: 'target', id: t.id, year: t.year, statistic: 'probability', value: t.probability });
    rows.push({ scope: 'target', id: t.id, year: t.year, statistic: 'p50', value: t.p50 });
    rows.push({ scope: 'target', id: t.id, year: t.year, statistic: 'gapAtMedian', value: t.gapAtMedian });
    rows.push({ scope: 'target', id: t.id, year: t.year, statistic: 'requiredGrowthUpliftP50', value: t.requiredGrowthUplift.p50 });
    rows.push({ scope: 'target', id: t.id, year: t.year, statistic: 'requiredGrowthUpliftP80', value: t.requiredGrowthUplift.p80 });
    for (const [year, p] of Object.entries(t.reachedByYear)) rows.push({ scope: 'target', id: t.id, year: Number(year), statistic: 'reachedBy', value: p });
  }
  return rows;
}

function cell(value: Cell): string {
  if (value === null) return '';
  // text a spreadsheet would take for a formula (a saved scenario's title is anyone's) is kept as text
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV lines (text that looks like a formula kept as text; quoted where needed). */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

/** The tidy rows as CSV text with a header line (numbers at full precision; empty for null). */
export function toCsv(result: Result): string {
  const lines = ['scope,id,year,statistic,value'];
  for (const r of tidyRows(result)) lines.push([r.scope, r.id, r.year, r.statistic, r.value].map(cell).join(','));
  return lines.join('\n') + '\n';
}

/**
 * The report table (table.ts) as CSV: the metadata as label,value lines, a blank line, the
 * projection (one row per scope and statistic, one column per year), a blank line and the targets.
 * Starts with a byte-order mark so that spreadsheets read the Chinese names as UTF-8.
 */
export function tableCsv(table: ReportTable): string {
  const line = (cells: readonly Cell[]) => cells.map(cell).join(',');
  const lines = [...table.meta.map(line), '', line(table.projection.header), ...table.projection.rows.map(line)];
  if (table.targets) lines.push('', line([table.sheets.targets]), line(table.targets.header), ...table.targets.rows.map(line));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
