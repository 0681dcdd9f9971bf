// One chart of a stored run with its caption, for an iframe in a report. Runs never change, so
// the chart shows the same thing for as long as the server keeps the run.
import { CHART_KINDS, configOf } from './lib/chart-kinds.js';
import { chartCaption } from './lib/charts.js';
import { describeChart } from './lib/describe-chart.js';
import { queryText, slidersOf, writeSliders } from './lib/permalink.js';
import { langOf, strings, unitOf } from './lib/text.js';

const q = new URLSearchParams(location.search);
const status = document.getElementById('status');

async function manifest(id) {
  const res = await fetch(`/api/runs/${encodeURIComponent(id)}`);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
  return body;
}

/** The page URL that reproduces a run (scenario, trials, seed and overrides). */
function pageUrl(m, view, compare) {
  const p = new URLSearchParams({ scenario: m.scenarioRef.id });
  if (m.scenarioRef.version !== null) p.set('version', String(m.scenarioRef.version));
  p.set('trials', String(m.options.trials));
  p.set('seed', String(m.options.seed));
  writeSliders(p, slidersOf(m.options.overrides));
  if (compare && compare.scenario.id !== m.scenario.id) {
    p.set('compare', compare.scenarioRef.id);
    if (compare.scenarioRef.version !== null) p.set('cv', String(compare.scenarioRef.version));
  }
  if (view.scope && view.scope !== 'total') p.set('fan', view.scope);
  if (view.unit !== 'cny') p.set('unit', view.unit);
  if (view.lang !== 'en') p.set('lang', view.lang);
  return `/?${queryText(p)}`;
}

async function main() {
  const run = q.get('run') ?? '';
  const chart = q.get('chart') ?? 'fan';
  const view = {
    unit: unitOf(q.get('unit')),
    lang: langOf(q.get('lang')),
    scope: (chart === 'fan' && q.get('scope')) || 'total',
    output: (chart === 'tornado' && q.get('output')) || undefined,
    // how long the tornado's labels and titles may run
    widthPx: document.documentElement.clientWidth,
    interactive: true,
    caption: false,
  };
  document.documentElement.lang = view.lang === 'zh' ? 'zh-CN' : 'en';
  if (!/^[0-9a-f]{64}$/.test(run)) throw new Error('This embed needs ?run=<run id> (64 hex characters), as the page\'s "Embed" button writes it.');
  if (!CHART_KINDS.includes(chart)) throw new Error(`Unknown chart "${chart}": use one of ${CHART_KINDS.join(', ')}.`);
  const compareId = chart === 'tornado' ? null : q.get('compare');
  const [m, c] = await Promise.all([manifest(run), compareId ? manifest(compareId) : undefined]);
  const canvas = document.getElementById('chart');
  const config = configOf(chart, m, c, view);
  canvas.setAttribute('aria-label', describeChart(chart, m, view));
  new window.Chart(canvas, config);
  const caption = document.getElementById('caption');
  // the tornado says what a bar means in its subtitle; its caption is the run's
  for (const line of chartCaption(chart === 'tornado' ? 'fan' : chart, m, c, view.lang)) {
    const p = document.createElement('p');
    p.textContent = line;
    caption.append(p);
  }
  const link = document.createElement('a');
  link.href = pageUrl(m, view, c);
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = strings(view.lang).embedOpen;
  const p = document.createElement('p');
  p.append(link);
  caption.append(p);
  document.title = `${m.scenario.title} · future-industry-sim`;
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  status.textContent = err.message;
  document.body.dataset.ready = 'error';
});
