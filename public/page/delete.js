// Deleting the saved scenario on screen (every version; bundled ones have no button) and the run
// on screen, each after a second press that confirms it. A server with ADMIN_TOKEN answers 401 or
// 403: the page asks for the token (kept in this tab's sessionStorage only) and tries again.
import { adminDelete, api, runs } from './api.js';
import { $, setStatus } from './dom.js';
import { exportsOf } from './exports.js';
import { changed } from './schedule.js';
import { switchScenario } from './scenarios.js';
import { state, t, view } from './state.js';

/** Asks for the admin token in the page's dialog: resolves to it, or to undefined when cancelled. */
export function askToken(reason) {
  const dialog = $('token-dialog');
  $('token-reason').textContent = reason;
  $('token-input').value = '';
  dialog.returnValue = '';
  dialog.showModal();
  $('token-input').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' && $('token-input').value.trim() ? $('token-input').value.trim() : undefined), { once: true });
  });
}

/**
 * A button that deletes on its second press: the first one says what will go (`confirm()` words,
 * in `statusEl`) and relabels the button (`yes()`); `disarm` puts it back.
 */
function twoStep(buttonEl, statusEl, { confirm, yes, label, remove }) {
  let armed = false;
  const disarm = () => {
    armed = false;
    buttonEl.textContent = label();
  };
  buttonEl.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      buttonEl.textContent = yes();
      statusEl.textContent = confirm();
      return;
    }
    disarm();
    buttonEl.disabled = true;
    let deleted;
    try {
      deleted = await adminDelete(...remove());
    } catch (err) {
      statusEl.textContent = err.message;
      return;
    } finally {
      buttonEl.disabled = false;
    }
    // what is gone may take its button with it (a deleted run's)
    statusEl.textContent = deleted ? await removed() : t().deleteGaveUp;
  });
  let removed;
  return { disarm, onRemoved: (fn) => (removed = fn) };
}

/** The versions of the saved scenario on screen. */
const savedEntry = () => view.scenarios.find((x) => x.id === state.scenario && x.source === 'saved');

let scenarioButton;
let runButton;

/** Wires both delete buttons (once, at start). */
export function wireDeletes() {
  scenarioButton = twoStep($('delete-scenario'), $('delete-scenario-status'), {
    label: () => t().deleteScenario,
    yes: () => t().deleteScenarioYes(savedEntry()?.version ?? 1),
    confirm: () => t().confirmDeleteScenario(state.scenario, savedEntry()?.version ?? 1),
    remove: () => [`/api/scenarios/${encodeURIComponent(state.scenario)}`, askToken],
  });
  scenarioButton.onRemoved(async () => {
    const gone = state.scenario;
    view.scenarios = (await api('/api/scenarios')).body.scenarios;
    const next = view.scenarios.find((s) => s.id === 'baseline') ?? view.scenarios[0];
    await switchScenario({ scenario: next.id, version: undefined, compare: state.compare === gone ? '' : state.compare });
    changed();
    return t().deletedScenario(gone);
  });
  runButton = twoStep($('delete-run'), $('delete-run-status'), {
    label: () => t().deleteRun,
    yes: () => t().deleteRunYes,
    confirm: () => t().confirmDeleteRun(view.current.manifest.id.slice(0, 12)),
    remove: () => [`/api/runs/${view.current.manifest.id}`, askToken],
  });
  runButton.onRemoved(async () => {
    const id = view.current.manifest.id;
    runs.forget(id);
    view.current.deleted = true;
    // its links are gone: nothing on screen offers them any more
    exportsOf(undefined);
    setStatus('');
    return t().deletedRun(id.slice(0, 12));
  });
}

/** Any other change takes back a first press of Delete (the words follow the language too). */
export function disarmDeletes() {
  scenarioButton?.disarm();
  runButton?.disarm();
  $('delete-scenario-status').textContent = '';
  $('delete-run-status').textContent = '';
}
