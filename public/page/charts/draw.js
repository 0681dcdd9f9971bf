// The page's three charts (configs: lib/charts.js), each redrawn in place, and the picker of what
// the fan chart shows (the total, a cluster or a field).
import { CHARTS, chartConfig, hasComparison } from '../../lib/charts.js';
import { describeChart } from '../../lib/describe-chart.js';
import { nameIn } from '../../lib/text.js';
import { $ } from '../dom.js';
import { drawTornado } from '../tornado.js';
import { locale, state, t, view } from '../state.js';

const instances = {};

/** How the page draws a chart: its unit, language, the fan chart's scope; `extra` for exports. */
export const viewOf = (extra = {}) => ({ unit: state.unit, lang: state.lang, scope: state.scope, interactive: true, caption: false, ...extra });

/** Draws (or redraws in place) one chart of the run on screen. */
export function drawChart(name) {
  const { manifest, comparison, preview } = view.current;
  const config = chartConfig(name, manifest, comparison, viewOf());
  const canvas = $(`chart-${name}`);
  const badge = preview ? `${t().previewBadge(manifest.result.meta.trials.toLocaleString(locale()), preview.trials.toLocaleString(locale()))}. ` : '';
  canvas.setAttribute('aria-label', badge + describeChart(name, manifest, viewOf()));
  const existing = instances[name];
  if (existing) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update('none');
  } else {
    instances[name] = new window.Chart(canvas, config);
  }
}

/** Draws every chart (the tornado: tornado.js) and the fan chart's caption. */
export function drawCharts() {
  const { manifest, comparison } = view.current;
  for (const name of CHARTS) drawChart(name);
  drawTornado();
  $('fan-caption').textContent = t().fanCaption + (hasComparison(manifest, comparison) ? ` ${t().fanCaptionDashed}` : '');
}

/** Fills the fan chart's picker from the scenario: the total, then each cluster with its fields. */
export function fillScopePicker() {
  const L = t();
  const select = $('fan-scope');
  const groups = view.scenario.clusters.map((c) => {
    const g = document.createElement('optgroup');
    g.label = nameIn(c, state.lang);
    g.append(new Option(nameIn(c, state.lang), c.id), ...(c.fields ?? []).map((f) => new Option(`· ${nameIn(f, state.lang)}`, f.id)));
    return g;
  });
  select.replaceChildren(new Option(L.scopeTotal, 'total'), ...groups);
  select.value = state.scope;
}
