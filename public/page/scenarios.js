// The scenario and version pickers, and loading a scenario: its definition, the state fitted to
// it (fit.js), its controls. A switch keeps trials, seed and whatever changes the new scenario
// has in common with the old.
import { api } from './api.js';
import { fillScopePicker } from './charts/draw.js';
import { buildControls } from './controls.js';
import { $ } from './dom.js';
import { fitState } from './fit.js';
import { changed, whileLoading } from './schedule.js';
import { state, t, view } from './state.js';

/** Fills the scenario picker from the catalog. */
export function fillScenarioPicker() {
  $('scenario').replaceChildren(...view.scenarios.map((s) => new Option(`${s.title}${s.source === 'saved' ? ` (v${s.version})` : ''}`, s.id)));
  $('scenario').value = state.scenario;
}

/** Says what had to change in the link's or the carried-over state, or nothing. */
export function showNotice(notes) {
  $('notice').textContent = notes.length ? t().adjusted + notes.join(t().sep) : '';
}

/** Rebuilds every control from the state (after a scenario or language change, or Cancel). */
export function rebuild() {
  fillScenarioPicker();
  buildControls(changed);
  fillScopePicker();
  $('delete-scenario').hidden = view.scenarios.find((x) => x.id === state.scenario)?.source !== 'saved';
}

const fetchScenario = (id, version) => api(`/api/scenarios/${encodeURIComponent(id)}${version !== undefined ? `?version=${version}` : ''}`).then((r) => r.body);

/** Loads the picked scenario, fits the state to it and builds its controls; notes what it had to change. */
export async function loadScenario(notes = []) {
  const L = t();
  const entry = view.scenarios.find((x) => x.id === state.scenario);
  // saved versions are numbered 1 … latest: a link past the latest shows the latest, and says so
  if (entry?.source === 'saved' && state.version !== undefined && state.version > entry.version) {
    notes.push(L.versionGone(state.version, entry.version));
    state.version = entry.version;
  }
  try {
    view.scenario = await fetchScenario(state.scenario, state.version);
  } catch (err) {
    // a saved version that is not there after all: show the latest one and say so
    if (state.version === undefined || entry?.source !== 'saved' || entry.version === state.version) throw err;
    notes.push(L.versionGone(state.version, entry.version));
    state.version = entry.version;
    view.scenario = await fetchScenario(state.scenario, state.version);
  }
  notes.push(...fitState(state, view, L));
  showNotice(notes);
  await fillVersionPicker(entry);
  rebuild();
}

/** Every version of a saved scenario, to pick from (bundled ones have none: the picker hides). */
async function fillVersionPicker(entry) {
  const saved = entry?.source === 'saved';
  $('version-field').hidden = !saved;
  if (!saved) return;
  const { versions } = (await api(`/api/scenarios/${encodeURIComponent(entry.id)}/versions`)).body;
  $('version').replaceChildren(...versions.map((v) => new Option(t().versionOption(v.version, v.createdAt.slice(0, 10), v.title), String(v.version))));
  $('version').value = String(state.version ?? entry.version);
}

/**
 * Switches to another scenario (or version) with `changes` to the state. Trials and seed carry
 * over unless `changes` says otherwise (the same seed keeps two scenarios on the same random
 * numbers). No run starts while the state is half switched.
 */
export function switchScenario(changes) {
  return whileLoading(async () => {
    Object.assign(state, changes);
    $('save-title-input').dataset.touched = '';
    await loadScenario();
  });
}

/** Reset: the scenario as published, with its own trials and seed. */
export function resetAssumptions() {
  Object.assign(state, { shifts: {}, delivery: {}, vol: 1, off: [], trials: view.scenario.simulation.trials, seed: view.scenario.simulation.seed, compare: '' });
  rebuild();
  changed();
}
