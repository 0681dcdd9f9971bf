// Saving the assumptions as a scenario (POST /api/scenarios/:id/variants): the title and id are
// prefilled from the run, a taken saved id asks before adding a version, a bundled id is refused.
import { overridesOf } from '../lib/permalink.js';
import { api, post } from './api.js';
import { $ } from './dom.js';
import { run } from './schedule.js';
import { fillScenarioPicker, switchScenario } from './scenarios.js';
import { slug } from './slug.js';
import { state, t, view } from './state.js';
import { writeUrl } from './url.js';

/** The saved id a first press of Save found taken, so the next press adds its new version (saving over an id asks first). */
let confirmedId = '';

/** Submits the save form. */
export async function save(event) {
  event.preventDefault();
  const L = t();
  const title = $('save-title-input').value.trim();
  const id = $('save-id').value.trim();
  const taken = view.scenarios.find((x) => x.id === id && x.source === 'saved');
  if (taken && confirmedId !== id) {
    confirmedId = id;
    $('save').textContent = L.saveVersion(taken.version + 1);
    $('save-status').textContent = L.confirmVersion(id, taken.version, taken.title);
    return;
  }
  confirmedId = '';
  $('save').textContent = L.save;
  const body = { id, title, trials: state.trials ?? view.scenario.simulation.trials, seed: state.seed ?? view.scenario.simulation.seed, overrides: overridesOf(state) };
  if (state.version !== undefined) body.version = state.version;
  $('save').disabled = true;
  try {
    const { body: saved, status } = await post(`/api/scenarios/${encodeURIComponent(state.scenario)}/variants`, body);
    view.scenarios = (await api('/api/scenarios')).body.scenarios;
    // the saved scenario holds the trials and seed it was saved with: its own defaults from now on
    await switchScenario({ scenario: saved.id, version: saved.version, shifts: {}, delivery: {}, vol: 1, off: [], compare: '', trials: undefined, seed: undefined });
    fillScenarioPicker();
    $('save-status').textContent = status === 201 ? L.saved(saved.id, saved.version) : L.unchangedSave(saved.id, saved.version);
    writeUrl(state);
    await run();
  } catch (err) {
    $('save-status').textContent = err.message;
  } finally {
    $('save').disabled = false;
    $('save').focus();
  }
}

/** Says when the id is taken: a saved id gets a new version, a bundled one is refused. */
export function checkSaveId() {
  const L = t();
  const id = $('save-id').value.trim();
  // another id (or a new title) asks again before saving over a taken one
  if (confirmedId) {
    confirmedId = '';
    $('save').textContent = L.save;
    $('save-status').textContent = '';
  }
  const taken = view.scenarios.find((x) => x.id === id);
  $('save-id-hint').textContent = !taken ? '' : taken.source === 'bundled' ? L.idBundled(id) : L.idTaken(id);
}

/** Until the user types a title: the run's title (marked when changed) and an id made from it. */
export function prefillSave(scenario, changed) {
  if ($('save-title-input').dataset.touched) return;
  $('save-title-input').value = changed ? `${scenario.title} (${t().myChanges})` : scenario.title;
  $('save-id').value = slug($('save-title-input').value, scenario.id, view.scenarios);
  checkSaveId();
}

/** The user typed a title: the id follows it. */
export function titleTyped() {
  $('save-title-input').dataset.touched = '1';
  $('save-id').value = slug($('save-title-input').value, state.scenario, view.scenarios);
  checkSaveId();
}
