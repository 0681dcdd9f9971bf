// Draws the run on screen (`view.current`): title, what was run, key figures, charts, the field
// table, exports, and the preview's marks. Reads the state and the view; writes only the DOM.
import { primaryTarget } from '../lib/charts.js';
import { targetSe, withSe } from '../lib/mc-error.js';
import { describeChanges, scenarioShifts, withUnit } from '../lib/text.js';
import { labelAnalysis } from './analysis-panel.js';
import { labelCalibrate } from './calibrate-panel.js';
import { drawCharts } from './charts/draw.js';
import { $, cell } from './dom.js';
import { exportsOf } from './exports.js';
import { keyFigures } from './figures.js';
import { labelPaired } from './paired-panel.js';
import { prefillSave } from './save.js';
import { drawFieldTable } from './table.js';
import { locale, probe, state, t, view } from './state.js';

function figure({ label, value, detail, title }) {
  const div = document.createElement('div');
  // a chance's Monte Carlo error is set smaller beside it ("38.2%" "± 0.5 pt")
  const [main, se] = value.split(' ± ');
  const dd = cell('dd', main);
  if (se) dd.append(cell('small', ` ± ${se}`));
  if (title) dd.title = title;
  if (detail) dd.append(cell('span', detail));
  div.append(cell('dt', label), dd);
  return div;
}

/** Draws the run on screen. */
export function render() {
  const { manifest, comparison, preview } = view.current;
  const { result } = manifest;
  const sc = manifest.scenario;
  const L = t();
  showPreview(preview, result.meta.trials);
  $('results-title').textContent = sc.title;
  $('run-meta').textContent = L.meta({
    trials: result.meta.trials.toLocaleString(locale()),
    seed: result.meta.seed,
    engine: manifest.engineVersion,
    date: manifest.createdAt.slice(0, 10),
    id: manifest.id.slice(0, 12),
  });
  const changes = describeChanges(result.meta.overrides, sc, state.lang);
  const own = scenarioShifts(sc, state.lang);
  $('changes').textContent = (changes.length ? L.changed + changes.join(L.sep) : L.unchanged) + (own.length ? ` ${L.ownChanges}: ${own.join(L.sep)}.` : '');
  $('about-text').textContent = sc.description ?? '';
  $('about').hidden = !sc.description;
  $('figures').replaceChildren(...keyFigures(manifest, comparison, state, L).map(figure));
  // the narrow layout keeps the headline figure in view while the sliders are on screen
  const target = primaryTarget(result);
  const v = (x) => withUnit(x, state.unit, sc, state.lang);
  $('mini').textContent = target
    ? `${preview ? `${L.previewShort} · ` : ''}${L.chance(target, v(target.value))}: ${withSe(target.probability, targetSe(target, result.meta.trials), state.lang)} · ${L.medianTotal(target.year)}: ${v(target.p50)}`
    : '';
  // shown before the charts are drawn, so that they (the tornado's labels) are laid out at their real width
  $('content').hidden = false;
  drawCharts();
  drawFieldTable();
  labelAnalysis();
  labelCalibrate();
  labelPaired();
  exportsOf(preview || view.current.deleted ? undefined : manifest);
  prefillSave(sc, changes.length > 0);
  if (preview) probe.previews += 1;
  else probe.renders += 1;
}

/** The preview's marks (a note by the key figures, a badge on each chart and the table), or none for a full run. */
function showPreview(preview, trials) {
  const L = t();
  const n = trials.toLocaleString(locale());
  const of = preview?.trials.toLocaleString(locale());
  $('content').classList.toggle('is-preview', Boolean(preview));
  $('preview-note').hidden = !preview;
  $('preview-note').textContent = preview ? L.preview(n, of) : '';
  for (const badge of document.querySelectorAll('[data-preview-badge]')) {
    badge.hidden = !preview;
    badge.textContent = preview ? L.previewBadge(n, of) : '';
  }
}
