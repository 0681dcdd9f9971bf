// The field table's content: one group of rows per cluster (its own median and range first), a
// row per field, a column per year shown (the target's and the last), and beside each a column
// of the change against the comparison (this run's median minus the comparison's, in the chosen
// unit) when one is drawn. Pure: no DOM.
import { hasComparison, primaryTarget } from '../lib/charts.js';
import { formatValue, nameIn, strings } from '../lib/text.js';

/**
 * {head: [text], groups: [{id, name, cells, rows: [{id, name, field, cells}]}]}: `cells` are texts,
 * in the order of `head` after the name (the sources column is the view's).
 * @param view {unit, lang}
 */
export function fieldTableModel(manifest, comparison, view, L) {
  const { result } = manifest;
  const sc = manifest.scenario;
  const n = (x) => formatValue(x, view.unit, sc, view.lang);
  const signed = (d) => `${d >= 0 ? '+' : '−'}${n(Math.abs(d))}`;
  const target = primaryTarget(result);
  const years = [...new Set([target?.year, result.years[result.years.length - 1]].filter((y) => result.years.includes(y)))];
  const other = hasComparison(manifest, comparison) ? comparison.result : undefined;
  const unit = strings(view.lang).unitShort[view.unit];
  const head = [L.field, ...years.flatMap((y) => [L.medianIn(y, unit), ...(other ? [L.deltaIn(y, unit)] : [])]), L.sources];
  const cellsOf = (stats, otherStats) =>
    years.flatMap((y) => {
      const i = result.years.indexOf(y);
      const value = stats ? `${n(stats.p50[i])} (${n(stats.p5[i])}–${n(stats.p95[i])})` : '';
      if (!other) return [value];
      const j = other.years.indexOf(y);
      return [value, stats && otherStats && j >= 0 ? signed(stats.p50[i] - otherStats.p50[j]) : '—'];
    });
  const groups = sc.clusters.map((c) => ({
    id: c.id,
    name: nameIn(c, view.lang),
    cells: cellsOf(result.clusters[c.id], other?.clusters[c.id]),
    rows: c.fields.filter((f) => result.fields[f.id]).map((f) => ({ id: f.id, name: nameIn(f, view.lang), field: f, cells: cellsOf(result.fields[f.id], other?.fields[f.id]) })),
  }));
  return { head, groups };
}
