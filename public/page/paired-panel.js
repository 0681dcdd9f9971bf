// The comparison panel's paired figures: the page's run (b) against what it compares with (a: the
// scenario picked on the left, or this one without changes) in the same simulated worlds (POST
// /api/compare/paired): each target's change with its paired s.e. ("indistinguishable" under 3 s.e.),
// P(b > a) and quantiles of b − a for the total in the target years, the gap by channel.
import { requestKey } from '../lib/progress.js';
import { pairedBody, streamDocument } from './analysis-api.js';
import { pairedModel } from './analysis-model.js';
import { para, textTable } from './analysis-panel.js';
import { $ } from './dom.js';
import { state, t, view } from './state.js';

let shownKey = '';
let shownDoc;
let flight;

/** A scrolling table with its class. */
function boxed(head, rows, className = 'fields') {
  const box = Object.assign(document.createElement('div'), { className: 'scroll' });
  box.append(Object.assign(textTable(head, rows), { className }));
  return box;
}

/** Draws a paired document in the page's language and unit. */
function drawPaired(doc) {
  const m = pairedModel(doc, view.scenario, { unit: state.unit, lang: state.lang });
  const targets = boxed(
    m.targets.head,
    m.targets.rows.map((r) => r.cells),
  );
  // a change within sampling noise is marked on its row too (the words say it in its last cell)
  m.targets.rows.forEach((r, i) => targets.querySelectorAll('tbody tr')[i].classList.toggle('noise', r.noise));
  $('paired-out').replaceChildren(
    para(m.title, 'table-title'),
    para(m.note, 'help'),
    targets,
    boxed(m.values.head, m.values.rows),
    para(m.values.note, 'help'),
    para(t().analysis.channelsTitle, 'table-title'),
    boxed(m.channels.head, m.channels.rows),
  );
}

/** Puts the panel's words in the page's language; clears (or redraws, after a change of language or unit) its figures. */
export function labelPaired() {
  const w = t().analysis.page;
  $('paired-run').textContent = w.pairedButton;
  $('paired-help').textContent = state.compare ? '' : w.pairedNeedsOther;
  if (!shownKey) return;
  if (shownKey !== requestKey(pairedBody(state, view.scenario))) {
    shownKey = '';
    shownDoc = undefined;
    $('paired-out').replaceChildren();
    $('paired-status').textContent = '';
  } else drawPaired(shownDoc);
}

/** Asks for the paired figures of the page's run against its comparison. */
async function paired() {
  flight?.abort();
  const controller = new AbortController();
  flight = controller;
  const body = pairedBody(state, view.scenario);
  $('paired-run').disabled = true;
  $('paired-status').textContent = t().analysis.page.working;
  try {
    const doc = await streamDocument('/api/compare/paired', body, { signal: controller.signal });
    shownKey = requestKey(body);
    shownDoc = doc;
    drawPaired(doc);
    $('paired-status').textContent = '';
  } catch (err) {
    $('paired-status').textContent = err.name === 'AbortError' ? t().analysis.page.cancelled : err.message;
  } finally {
    if (flight === controller) flight = undefined;
    $('paired-run').disabled = false;
  }
}

/** The panel's button. */
export function wirePaired() {
  $('paired-run').addEventListener('click', paired);
}
