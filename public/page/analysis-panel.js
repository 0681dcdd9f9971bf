// The analysis panel below the charts: "When is the target met?" (scenario discovery: the
// sentences with coverage, density and mass) and "Which assumptions matter (Sobol)" by group or by
// input, with a progress bar and Cancel. Both ask for the page's current scenario, changes,
// trials and seed; an answer for another state is cleared when the page draws a new run.
import { outputLabel } from '../lib/analysis-labels.js';
import { primaryTarget } from '../lib/charts.js';
import { ProgressView, requestKey } from '../lib/progress.js';
import { discoverBody, sobolBody, streamDocument } from './analysis-api.js';
import { analysisOutputs, discoverModel, sobolModel } from './analysis-model.js';
import { $, cell } from './dom.js';
import { state, t, view } from './state.js';

/** A table of text: a header row and rows of cells. */
export function textTable(head, rows) {
  const table = document.createElement('table');
  const tr = document.createElement('tr');
  tr.append(...head.map((h) => Object.assign(cell('th', h), { scope: 'col' })));
  const thead = document.createElement('thead');
  thead.append(tr);
  const tbody = document.createElement('tbody');
  tbody.append(
    ...rows.map((r) => {
      const row = document.createElement('tr');
      row.append(...r.map((c, i) => (i === 0 ? Object.assign(cell('th', c), { scope: 'row' }) : cell('td', c))));
      return row;
    }),
  );
  table.append(thead, tbody);
  return table;
}

/** A paragraph of text with a class. */
export const para = (text, className) => Object.assign(cell('p', text), { className });

/** What each part last showed or asks now: the request's key, and the fetch in flight. */
const shown = { discover: '', sobol: '' };
let sobolFlight;

const sobolProgress = new ProgressView(
  { box: $('sobol-progress'), bar: $('sobol-bar'), percent: $('sobol-percent'), live: $('sobol-live') },
  { delayMs: 0, announce: (pct, first) => t().analysis.page.sobolAnnounce(pct, first), waiting: () => t().analysis.page.working },
);

/** Puts the panel's words in the page's language and fills its pickers from the run on screen; clears answers of another state. */
export function labelAnalysis() {
  const w = t().analysis.page;
  const { result } = view.current.manifest;
  const sc = view.scenario ?? view.current.manifest.scenario;
  $('analysis-title').textContent = w.panelTitle;
  $('analysis-follows').textContent = w.followsPage;
  $('discover-target-label').textContent = w.discoverTarget;
  $('discover-run').textContent = w.discoverButton;
  $('sobol-run').textContent = w.sobolButton;
  $('sobol-output-label').textContent = w.sobolOutput;
  $('sobol-by-label').textContent = w.by;
  $('sobol-bar-label').textContent = w.sobolRunning;
  $('sobol-cancel').textContent = t().cancel;
  const by = $('sobol-by');
  const picked = { target: $('discover-target').value, output: $('sobol-output').value, by: by.value || 'group' };
  by.replaceChildren(new Option(w.byGroup, 'group'), new Option(w.byInput, 'input'));
  by.value = picked.by;
  const targets = result.targets.map((x) => new Option(x.label ?? outputLabel(`target:${x.id}`, sc, state.lang), x.id));
  $('discover-target').replaceChildren(...targets);
  $('discover-target').value = result.targets.some((x) => x.id === picked.target) ? picked.target : (primaryTarget(result)?.id ?? '');
  const outputs = analysisOutputs(result);
  $('sobol-output').replaceChildren(...outputs.map((o) => new Option(outputLabel(o, sc, state.lang), o)));
  $('sobol-output').value = outputs.includes(picked.output) ? picked.output : outputs[0];
  $('discover-run').disabled = !targets.length;
  // an answer is about the state it was asked for: another run on screen clears it
  if (shown.discover && shown.discover !== requestKey(discoverBody(state, view.scenario, $('discover-target').value))) clear('discover');
  if (shown.sobol && shown.sobol !== requestKey(sobolBody(state, view.scenario, by.value, [$('sobol-output').value]))) clear('sobol');
}

function clear(part) {
  shown[part] = '';
  $(`${part}-out`).replaceChildren();
  $(`${part}-status`).textContent = '';
}

/** Asks where the picked target is met, and shows the sentences. */
async function discover() {
  const body = discoverBody(state, view.scenario, $('discover-target').value);
  const key = requestKey(body);
  $('discover-run').disabled = true;
  $('discover-status').textContent = t().analysis.page.working;
  try {
    const doc = await streamDocument('/api/discover', body);
    const model = discoverModel(doc, state.lang);
    const out = model.empty
      ? [cell('p', model.empty)]
      : model.lines.flatMap((l) => {
          return [para(l.sentence, 'sentence'), para(l.figures, 'help')];
        });
    $('discover-out').replaceChildren(...out, para(t().analysis.page.discoverHow, 'help'));
    $('discover-status').textContent = '';
    shown.discover = key;
  } catch (err) {
    $('discover-status').textContent = err.message;
  } finally {
    $('discover-run').disabled = false;
  }
}

/** Asks for the Sobol indices of the picked output, by group or input, with a progress bar; Cancel aborts the request. */
async function sobol() {
  sobolFlight?.abort();
  const controller = new AbortController();
  sobolFlight = controller;
  const body = sobolBody(state, view.scenario, $('sobol-by').value, [$('sobol-output').value]);
  const key = requestKey(body);
  $('sobol-run').disabled = true;
  $('sobol-status').textContent = '';
  sobolProgress.start(true);
  try {
    const doc = await streamDocument('/api/sensitivity', body, {
      signal: controller.signal,
      onProgress: (done, total) => sobolProgress.update(total > 0 ? done / total : 0),
    });
    const parts = sobolModel(doc, view.scenario, state.lang).flatMap((m) => {
      const box = Object.assign(document.createElement('div'), { className: 'scroll' });
      box.append(Object.assign(textTable(m.head, m.rows), { className: 'fields' }));
      return [para(m.title, 'table-title'), box, para(m.note, 'help'), ...(m.warning ? [para(m.warning, 'warning')] : [])];
    });
    $('sobol-out').replaceChildren(...parts);
    shown.sobol = key;
  } catch (err) {
    $('sobol-status').textContent = err.name === 'AbortError' ? t().analysis.page.cancelled : err.message;
  } finally {
    if (sobolFlight === controller) {
      sobolFlight = undefined;
      sobolProgress.stop();
      $('sobol-run').disabled = false;
    }
  }
}

/** The panel's buttons. */
export function wireAnalysis() {
  $('discover-run').addEventListener('click', discover);
  $('sobol-run').addEventListener('click', sobol);
  $('sobol-cancel').addEventListener('click', () => sobolFlight?.abort());
}
