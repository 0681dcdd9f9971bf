/** Tidy CSV of a result: one row per (scope, id, year, statistic, value). */
import type { Result, Stats } from '../schema/result.ts';

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

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The tidy rows as CSV text with a header line (numbers at full precision; empty for null). */
export function toCsv(result: Result): string {
  const lines = ['scope,id,year,statistic,value'];
  for (const r of tidyRows(result)) lines.push([r.scope, r.id, r.year, r.statistic, r.value].map(cell).join(','));
  return lines.join('\n') + '\n';
}
