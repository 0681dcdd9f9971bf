// What the page shows and what it was run with, in one place. Controls write `state` (then
// call the scheduler), the scheduler writes `view.current`, rendering reads both: data flows one
// way. No DOM here.
import { atRest } from '../lib/permalink.js';
import { strings } from '../lib/text.js';

/**
 * Everything the view depends on; the URL holds all of it (url.js). `delivery` holds ratios (1 =
 * as planned); `events` each event's changes: id → {probabilityPerYear?, impactScale?, forceYear?}.
 */
export const state = {
  scenario: '',
  version: undefined,
  trials: undefined,
  seed: undefined,
  compare: '',
  compareVersion: undefined,
  ...atRest(),
  unit: 'cny',
  lang: 'en',
  scope: 'total',
  // what the tornado shows ('' : the page's target's chance)
  tornado: '',
};

/** The state's keys a run depends on (the rest only changes how it is drawn). */
const RUN_STATE = ['scenario', 'version', 'trials', 'seed', 'compare', 'compareVersion', 'shifts', 'delivery', 'vol', 'off', 'events'];

/**
 * What the page has loaded and drawn:
 * - `limits`: what this server lets a run ask for (GET /api/limits), read at start
 * - `scenarios`: the catalog (GET /api/scenarios); `scenario`: the picked one's full definition
 * - `current`: {manifest, comparison, origin, preview?: {trials}} on screen (origin: 'fresh' | 'stored' | 'page')
 * - `shown`: the full results last drawn ({state, scenario, current}), which Cancel goes back to
 */
export const view = { limits: undefined, scenarios: [], scenario: undefined, current: undefined, shown: undefined };

/**
 * For the browser benchmark and tests: input-to-chart latencies of full runs and of previews, the
 * number of renders of full runs (`renders`) and of previews (`previews`).
 */
export const probe = {
  latencies: [],
  previewLatencies: [],
  parts: [],
  renders: 0,
  previews: 0,
  runs: 0,
  gaps: [],
  lastInputAt: undefined,
  progressShown: 0,
  cancelled: 0,
  stopped: 0,
};

/** The words of the page's language. */
export const t = () => strings(state.lang);

/** The number locale of the page's language. */
export const locale = () => (state.lang === 'zh' ? 'zh-CN' : 'en-US');

/** The run-relevant part of a state, as a copy (for Cancel to go back to, and to tell runs apart). */
export const runStateOf = (s) => structuredClone(Object.fromEntries(RUN_STATE.map((k) => [k, s[k]])));
