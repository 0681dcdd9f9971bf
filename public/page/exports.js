// What leaves the page: the run as JSON and CSV, its report-ready table as CSV and XLSX, each chart as a PNG drawn here or by the server, and an iframe snippet for embedding.
// While a preview is on screen none of them is offered: they wait for the full run.
import { configOf } from '../lib/chart-kinds.js';
import { hasComparison, heightFor } from '../lib/charts.js';
import { outputShown } from '../lib/tornado-chart.js';
import { viewOf } from './charts/draw.js';
import { $ } from './dom.js';
import { state, t, view } from './state.js';

/** A view's part that exports name: {unit, lang, scope?, tornado?}. @typedef {{unit: string, lang: string, scope?: string, tornado?: string}} ExportView */
/** The run on screen: @typedef {{manifest: any, comparison?: any}} Shown */

/**
 * The query naming a chart of the run on screen: run, chart, comparison, the fan chart's scope, the tornado's output, unit, language.
 * @param {string} chart
 * @param {Shown} current
 * @param {ExportView} [s]
 */
export function chartQuery(chart, { manifest, comparison }, s = state) {
  const q = new URLSearchParams({ run: manifest.id, chart });
  if (chart === 'tornado') q.set('output', outputShown(manifest.result, s.tornado));
  else if (hasComparison(manifest, comparison)) q.set('compare', comparison.id);
  if (chart === 'fan' && s.scope && s.scope !== 'total') q.set('scope', s.scope);
  if (s.unit !== 'cny') q.set('unit', s.unit);
  if (s.lang !== 'en') q.set('lang', s.lang);
  return q;
}

/**
 * The server-rendered image of a chart (GET /api/runs/:id/charts/:chart.png).
 * @param {string} chart
 * @param {Shown} current
 * @param {string} origin
 * @param {ExportView} [s]
 */
export function imageUrl(chart, current, origin, s = state) {
  const q = chartQuery(chart, current, s);
  q.delete('run');
  q.delete('chart');
  const rest = q.toString();
  return `${origin}/api/runs/${current.manifest.id}/charts/${chart}.png${rest ? `?${rest}` : ''}`;
}

/**
 * The report-ready table of a run in the page's language and unit (GET /api/runs/:id/table.csv
 * and .xlsx: wide, with names, the unit and a metadata header), the Exports line's Table links.
 * @param {string} runId
 * @param {ExportView} [s]
 */
export function tableUrls(runId, s = state) {
  const q = new URLSearchParams({ lang: s.lang, unit: s.unit });
  return { csv: `/api/runs/${runId}/table.csv?${q}`, xlsx: `/api/runs/${runId}/table.xlsx?${q}` };
}

/** Text as an HTML attribute value (between double quotes). */
export const attr = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The iframe snippet of a chart. */
export const embedSnippet = (src, title) => `<iframe src="${attr(src)}" width="900" height="600" style="border:0;max-width:100%" title="${attr(title)}" loading="lazy"></iframe>`;

/** A PNG of the chart as it will look in a report: white background and the caption, at twice the pixels. */
export function downloadPng(chart) {
  if (view.current.preview) return;
  const { manifest, comparison } = view.current;
  const output = chart === 'tornado' ? outputShown(manifest.result, state.tornado) : undefined;
  const config = configOf(chart, manifest, comparison, viewOf({ interactive: false, caption: true, devicePixelRatio: 2, output }));
  const canvas = document.createElement('canvas');
  canvas.width = 900;
  // as the server's images: taller when a long caption needs the room
  canvas.height = Math.max(540, heightFor(canvas.getContext('2d'), config, 900));
  const instance = new window.Chart(canvas, config);
  const a = document.createElement('a');
  a.href = instance.toBase64Image('image/png');
  const scope = chart === 'fan' && state.scope !== 'total' ? `-${state.scope}` : output ? `-${output.replace(/[^a-z0-9-]+/gi, '-')}` : '';
  a.download = `${manifest.scenario.id}-${chart}${scope}-${manifest.id.slice(0, 12)}.png`;
  instance.destroy();
  document.body.append(a);
  a.click();
  a.remove();
}

let embedOpener;
/** Opens the Embed dialog of a chart; focus returns to `opener` (see main.js). */
export function openEmbed(chart, opener) {
  if (view.current.preview) return;
  embedOpener = opener;
  const src = `${location.origin}/embed?${chartQuery(chart, view.current)}`;
  $('embed-code').value = embedSnippet(src, `${view.current.manifest.scenario.title}: ${t().chartNames[chart]}`);
  $('image-url').value = imageUrl(chart, view.current, location.origin);
  $('open-image').href = $('image-url').value;
  $('embed-status').textContent = '';
  $('embed-dialog').showModal();
  $('embed-code').select();
}

/** The Embed button that opened the dialog last. */
export const openerOfEmbed = () => embedOpener;

/** Copies text, saying so in `statusEl` (or, when the clipboard refuses, what to do instead). */
export async function copy(text, statusEl, done, fallback) {
  try {
    await navigator.clipboard.writeText(text);
    statusEl.textContent = done;
  } catch {
    statusEl.textContent = fallback;
  }
}

/**
 * The run's exports (JSON, CSV, the report table as CSV and XLSX in the page's language and unit,
 * each chart's PNG and Embed, Delete), or, while a preview is on screen (`manifest` undefined), none.
 */
export function exportsOf(manifest) {
  const table = manifest && tableUrls(manifest.id);
  for (const [id, href] of [
    ['json-link', manifest && `/api/runs/${manifest.id}`],
    ['csv-link', manifest && `/api/runs/${manifest.id}.csv`],
    ['table-csv-link', table?.csv],
    ['table-xlsx-link', table?.xlsx],
  ]) {
    const a = $(id);
    if (href) {
      a.href = href;
      a.removeAttribute('aria-disabled');
    } else {
      a.removeAttribute('href');
      a.setAttribute('aria-disabled', 'true');
    }
  }
  for (const b of document.querySelectorAll('.chart-actions button')) b.disabled = !manifest;
  $('delete-run').disabled = !manifest;
}
