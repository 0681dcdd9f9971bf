// Short text descriptions of the charts (fan, clusters, probability, tornado), for screen readers
// (aria-label) and alt text; each chance with its Monte Carlo error. Pure: no DOM.
import { primaryTarget, scopeName, statsOf } from './charts.js';
import { shareSe, targetSe, withSe } from './mc-error.js';
import { nameIn, strings, withUnit } from './text.js';
import { describeTornado } from './tornado-chart.js';

/** A short text description of a chart, for screen readers (aria-label) and alt text. */
export function describeChart(chart, manifest, view) {
  if (chart === 'tornado') return describeTornado(manifest, view);
  const { result, scenario } = manifest;
  const s = strings(view.lang);
  const last = result.years.length - 1;
  const v = (x) => withUnit(x, view.unit, scenario, view.lang);
  const target = primaryTarget(result);
  const chance = (p, se) => withSe(p, se, view.lang);
  if (chart === 'fan') {
    const scope = view.scope ?? 'total';
    const stats = statsOf(result, scope);
    const name = scope === 'total' ? s.totalOutput : scopeName(scenario, scope, view.lang);
    const onScope = scope === 'total' && target ? s.describeTarget(v(target.value), target.year, chance(target.probability, targetSe(target, result.meta.trials))) : '';
    return s.describeFan(name, result.years[last], v(stats.p50[last]), v(stats.p5[last]), v(stats.p95[last])) + onScope;
  }
  if (chart === 'clusters') {
    const parts = scenario.clusters.filter((c) => result.clusters[c.id]).map((c) => `${nameIn(c, view.lang)} ${v(result.clusters[c.id].p50[last])}`);
    return s.describeClusters(result.years[last], parts.join(s.sep));
  }
  if (!target) return '';
  const reached = target.reachedByYear[String(target.year)] ?? 0;
  return s.describeReached(v(target.value), target.year, chance(reached, shareSe(reached, result.meta.trials)));
}
