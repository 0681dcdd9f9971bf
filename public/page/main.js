// The page: pick a scenario, move its assumptions, and see the run through the API as key
// figures, charts and a table. The URL holds the whole state; every chart can be downloaded,
// embedded or fetched as a server-rendered image. This module starts it and wires the controls
// that are in the HTML; the modules beside it do the rest (state.js says how data flows).
import { langOf, unitOf } from '../lib/text.js';
import { wireAnalysis } from './analysis-panel.js';
import { wireCalibrate } from './calibrate-panel.js';
import { api } from './api.js';
import { drawChart } from './charts/draw.js';
import { showVol } from './controls.js';
import { disarmDeletes, wireDeletes } from './delete.js';
import { $, button, setStatus } from './dom.js';
import { copy, downloadPng, openEmbed, openerOfEmbed } from './exports.js';
import { validSeed } from './fit.js';
import { wirePaired } from './paired-panel.js';
import { render } from './render.js';
import { checkSaveId, save, titleTyped } from './save.js';
import { fillScenarioPicker, loadScenario, rebuild, resetAssumptions, showNotice, switchScenario } from './scenarios.js';
import { cancelRun, changed, configureSchedule, progress, run } from './schedule.js';
import { markOverflow } from './table.js';
import { probe, state, t, view } from './state.js';
import { wireTornado } from './tornado.js';
import { readUrl, writeUrl } from './url.js';

window.__futureSim = probe;

/** Puts the page's words in its language (elements with data-i18n, the chart buttons). */
function applyLanguage() {
  const L = t();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const text = L[el.dataset.i18n];
    if (typeof text === 'string') el.textContent = text;
  }
  document.title = `future-industry-sim: ${L.title}`;
  $('lang').value = state.lang;
  $('unit').value = state.unit;
  // a preview's charts are neither downloaded nor embedded: they wait for the full run
  const off = Boolean(view.current?.preview || view.current?.deleted);
  for (const box of document.querySelectorAll('.chart-actions')) {
    const chart = box.dataset.chart;
    const png = button(`png-${chart}`, L.downloadPng, () => downloadPng(chart));
    const embed = button(`embed-${chart}`, L.embed, () => openEmbed(chart, embed));
    png.disabled = embed.disabled = off;
    box.replaceChildren(png, embed);
  }
}

/** A scenario picked, or a version: switch, then rerun. */
async function switchTo(changes) {
  try {
    await switchScenario(changes);
  } catch (err) {
    setStatus(err.message, true);
    return;
  }
  changed();
}

function wire() {
  wireTornado();
  wireAnalysis();
  wireCalibrate();
  wirePaired();
  // a form that is never submitted: Enter in a field applies that field (see the listeners)
  $('form').addEventListener('submit', (e) => e.preventDefault());
  // any other change takes back a first press of a Delete button
  $('form').addEventListener('input', disarmDeletes);
  $('scenario').addEventListener('change', () => {
    const picked = view.scenarios.find((s) => s.id === $('scenario').value);
    // changes carry over where the new scenario has the same clusters, levers and events
    switchTo({
      scenario: picked.id,
      version: picked.source === 'saved' ? picked.version : undefined,
      compare: state.compare === picked.id ? '' : state.compare,
    });
  });
  $('version').addEventListener('change', () => switchTo({ version: Number($('version').value) }));
  $('compare').addEventListener('change', () => {
    state.compare = $('compare').value;
    const other = view.scenarios.find((x) => x.id === state.compare);
    state.compareVersion = other?.source === 'saved' ? other.version : undefined;
    changed();
  });
  $('vol').addEventListener('input', () => {
    state.vol = Number($('vol').value);
    showVol();
    changed();
  });
  $('trials').addEventListener('change', () => {
    state.trials = Number($('trials').value);
    changed();
  });
  $('seed').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') $('seed').dispatchEvent(new Event('change'));
  });
  $('seed').addEventListener('change', () => {
    const seed = Number($('seed').value);
    if ($('seed').value === '' || !validSeed(seed, view.limits)) {
      setStatus(t().badSeed(view.limits.seed.max), true);
      return;
    }
    state.seed = seed;
    changed();
  });
  $('reset').addEventListener('click', () => {
    showNotice([]);
    resetAssumptions();
  });
  $('copy-link').addEventListener('click', () => copy(location.href, $('copy-status'), t().linkCopied, t().linkShown));
  $('lang').addEventListener('change', () => {
    state.lang = langOf($('lang').value);
    // messages written in the other language go
    for (const id of ['copy-status', 'status', 'save-status', 'notice']) $(id).textContent = '';
    disarmDeletes();
    writeUrl(state);
    applyLanguage();
    rebuild();
    if (view.current) render();
  });
  $('unit').addEventListener('change', () => {
    state.unit = unitOf($('unit').value);
    writeUrl(state);
    if (view.current) render();
  });
  // what the fan chart shows is drawn from the run on screen: no rerun
  $('fan-scope').addEventListener('change', () => {
    state.scope = $('fan-scope').value;
    writeUrl(state);
    if (view.current) drawChart('fan');
  });
  $('save-form').addEventListener('submit', save);
  $('save-title-input').addEventListener('input', titleTyped);
  $('save-id').addEventListener('input', checkSaveId);
  $('copy-embed').addEventListener('click', () => copy($('embed-code').value, $('embed-status'), t().snippetCopied, t().linkShown));
  $('close-embed').addEventListener('click', () => $('embed-dialog').close());
  // focus goes back to the Embed button that opened the dialog, unless it has moved on already:
  // the close event comes a task after close() (which itself returns focus to the opener), so
  // focusing unconditionally here would take focus from a control focused in between. A render
  // while the dialog was open replaces the buttons: then the new button of the same chart.
  $('embed-dialog').addEventListener('close', () => {
    const focused = document.activeElement;
    if (focused && focused !== document.body && !$('embed-dialog').contains(focused)) return;
    const opener = openerOfEmbed();
    (opener?.isConnected ? opener : opener && $(opener.id))?.focus();
  });
  wireDeletes();
  $('cancel-run').addEventListener('click', cancelRun);
  document.addEventListener('keydown', (e) => {
    // Escape cancels a long run whose progress is shown (unless it closes a dialog)
    if (e.key === 'Escape' && progress.visible && !document.querySelector('dialog[open]')) cancelRun();
  });
}

async function init() {
  readUrl(state);
  applyLanguage();
  configureSchedule({ render, hide: () => ($('content').hidden = true), rebuild });
  try {
    const [catalog, limits] = await Promise.all([api('/api/scenarios'), api('/api/limits')]);
    view.scenarios = catalog.body.scenarios;
    view.limits = limits.body;
  } catch (err) {
    setStatus(t().loadFailed(err.message), true);
    return;
  }
  $('seed').max = String(view.limits.seed.max);
  // a turned phone or a resized window can make the table fit, or not
  new ResizeObserver(markOverflow).observe($('fields-scroll'));
  const notes = [];
  if (!view.scenarios.some((s) => s.id === state.scenario)) {
    if (state.scenario) notes.push(t().unknownId(`scenario=${state.scenario}`));
    state.scenario = (view.scenarios.find((s) => s.id === 'baseline') ?? view.scenarios[0]).id;
    state.version = undefined;
  }
  const entry = view.scenarios.find((s) => s.id === state.scenario);
  if (entry.source === 'saved' && state.version === undefined) state.version = entry.version;
  if (entry.source === 'bundled') state.version = undefined;
  fillScenarioPicker();
  const loaded = await loadScenario(notes).then(
    () => true,
    (err) => {
      setStatus(err.message, true);
      return false;
    },
  );
  writeUrl(state);
  wire();
  // a link's run is usually stored: it is drawn at once, without a preview
  if (loaded) await run({ preview: false });
}

// chart.js loads with `defer`, this module after it
init();
