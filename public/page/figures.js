// The key figures of a run: the chance of the target (± its Monte Carlo error), the median total in
// the target year and in the last year, the growth change needed; each with its change against the
// comparison when one is drawn (this run minus the comparison, in the chosen unit; a change of the
// chance within 3 standard errors is said to be sampling noise). Pure: no DOM.
import { hasComparison, primaryTarget } from '../lib/charts.js';
import { changeWithSe, isNoise, targetSe, unpairedSe, withSe } from '../lib/mc-error.js';
import { formatPp, signedWithUnit, withUnit } from '../lib/text.js';

/** The median total of a run in a year, or undefined when it has no such year. */
const medianIn = (result, year) => {
  const i = result.years.indexOf(year);
  return i < 0 ? undefined : result.total.p50[i];
};

/**
 * The key figures: [{label, value, detail, title?}] in the words `L` (`title`: what the ± means).
 * @param view {unit, lang}
 */
export function keyFigures(manifest, comparison, view, L) {
  const { result } = manifest;
  const sc = manifest.scenario;
  const v = (x) => withUnit(x, view.unit, sc, view.lang);
  const other = hasComparison(manifest, comparison) ? comparison.result : undefined;
  const vsMedian = (year, value) => {
    const b = other && medianIn(other, year);
    return b === undefined ? [] : [L.vsValue(signedWithUnit(value - b, view.unit, sc, view.lang))];
  };
  const detail = (...parts) => parts.flat().filter(Boolean).join(L.sep);
  const target = primaryTarget(result);
  const last = result.years.length - 1;
  const figures = [];
  if (target) {
    const t2 = other?.targets.find((x) => x.id === target.id);
    const se = targetSe(target, result.meta.trials);
    const w = L.analysis.page;
    let vs = '';
    if (t2) {
      const change = target.probability - t2.probability;
      const seChange = unpairedSe(se, targetSe(t2, other.meta.trials));
      vs = detail(L.vsValue(changeWithSe(change, seChange, view.lang)), isNoise(change, seChange) ? w.noise : []);
    }
    figures.push({
      label: L.chance(target, v(target.value)),
      value: withSe(target.probability, se, view.lang),
      detail: vs,
      title: w.seTitle(result.meta.trials.toLocaleString(view.lang === 'zh' ? 'zh-CN' : 'en-US')),
    });
    const i = result.years.indexOf(target.year);
    const gap = target.gapAtMedian;
    figures.push({
      label: L.medianTotal(target.year),
      value: v(target.p50),
      detail: detail(L.gap(v(Math.abs(gap)), gap >= 0), L.range(v(result.total.p5[i]), v(result.total.p95[i])), vsMedian(target.year, target.p50)),
    });
  }
  const lastYear = result.years[last];
  figures.push({
    label: L.medianTotal(lastYear),
    value: v(result.total.p50[last]),
    detail: detail(L.range(v(result.total.p5[last]), v(result.total.p95[last])), vsMedian(lastYear, result.total.p50[last])),
  });
  if (target) {
    const u = target.requiredGrowthUplift;
    const pp = (d) => (d === null ? L.beyond : formatPp(d, 1));
    figures.push({ label: L.uplift, value: `${pp(u.p50)} / ${pp(u.p80)}`, detail: L.upliftHow });
  }
  return figures;
}
