// Fitting a state (from a link, or carried over from another scenario) to a scenario and to the
// sliders: unknown clusters, levers and events are dropped, values go to the nearest slider
// position, trials and seed to what the server allows. Pure: no DOM.
import { scopesOf } from '../lib/charts.js';

/** Slider ranges: growth shift (pp a year), lever delivery (ratio, 1 = as planned; the slider shows %), volatility scale. */
export const SHIFT = { min: -10, max: 10, step: 0.5 };
export const DELIVERY = { min: 0, max: 1.5, step: 0.05 };
export const VOL = { min: 0, max: 3, step: 0.1 };
/** The page's own floor: fewer trials give percentiles too coarse to draw. */
export const MIN_TRIALS = 100;

/** The nearest position of a slider with this range and step. */
export function onGrid(v, { min, max, step }) {
  return Number(Math.min(max, Math.max(min, Math.round(v / step) * step)).toFixed(6));
}

/** Whether a seed is one this server's engine takes. */
export const validSeed = (seed, limits) => Number.isInteger(seed) && seed >= limits.seed.min && seed <= limits.seed.max;

const ids = (xs) => new Set((xs ?? []).map((x) => x.id));

/**
 * Makes `state` fit `scenario` (its full definition), the catalog `scenarios` and the server's
 * `limits`, in place; returns what it changed, in the words `L`, for a notice.
 */
export function fitState(state, { scenario, scenarios, limits }, L) {
  const notes = [];
  const fit = (map, known, prefix, grid) => {
    for (const [id, v] of Object.entries(map)) {
      if (!known.has(id)) {
        notes.push(L.unknownId(`${prefix}${id}`));
        delete map[id];
        continue;
      }
      const g = onGrid(v, grid);
      if (g !== v) notes.push(L.clamped(`${prefix}${id}`, v, g));
      map[id] = g;
    }
  };
  fit(state.shifts, ids(scenario.clusters), 'g.', SHIFT);
  fit(state.delivery, ids(scenario.levers), 'lever.', DELIVERY);
  const events = ids(scenario.events);
  for (const id of state.off.filter((e) => !events.has(e))) notes.push(L.unknownId(`off=${id}`));
  state.off = [...new Set(state.off.filter((e) => events.has(e)))];
  const vol = onGrid(state.vol, VOL);
  if (vol !== state.vol) notes.push(L.clamped('vol', state.vol, vol));
  state.vol = vol;
  if (state.trials !== undefined && !(Number.isInteger(state.trials) && state.trials >= Math.max(MIN_TRIALS, limits.trials.min) && state.trials <= limits.trials.max)) {
    notes.push(L.badValue(`trials=${state.trials}`));
    state.trials = undefined;
  }
  if (state.seed !== undefined && !validSeed(state.seed, limits)) {
    notes.push(L.badValue(`seed=${state.seed}`));
    state.seed = undefined;
  }
  const other = scenarios.find((x) => x.id === state.compare && x.id !== state.scenario);
  if (state.compare && !other) {
    notes.push(L.unknownId(`compare=${state.compare}`));
    state.compare = '';
  }
  // a saved comparison is pinned to a version, so the link keeps showing the same dashed line
  if (other?.source === 'saved') {
    if (state.compareVersion !== undefined && state.compareVersion > other.version) {
      notes.push(L.versionGone(state.compareVersion, other.version));
      state.compareVersion = undefined;
    }
    state.compareVersion ??= other.version;
  } else state.compareVersion = undefined;
  if (!scopesOf(scenario).includes(state.scope)) {
    notes.push(L.unknownId(`fan=${state.scope}`));
    state.scope = 'total';
  }
  state.trials ??= scenario.simulation.trials;
  state.seed ??= scenario.simulation.seed;
  return notes;
}

