// The page's state in its URL: every setting, so a link reproduces the view (public/lib/permalink.js
// holds the sliders' part, shared with the embed). Pure but for `readUrl`/`writeUrl`.
import { queryText, readSliders, writeSliders } from '../lib/permalink.js';
import { langOf, unitOf } from '../lib/text.js';

const VERSION = /^[1-9][0-9]{0,8}$/;

/** The state a query string describes (unknown values are fitted to the scenario later: fit.js). */
export function stateFromQuery(q) {
  const num = (k) => (q.get(k) === null || q.get(k) === '' ? undefined : Number(q.get(k)));
  return {
    scenario: q.get('scenario') ?? '',
    version: VERSION.test(q.get('version') ?? '') ? Number(q.get('version')) : undefined,
    trials: num('trials'),
    seed: num('seed'),
    compare: q.get('compare') ?? '',
    compareVersion: VERSION.test(q.get('cv') ?? '') ? Number(q.get('cv')) : undefined,
    ...readSliders(q),
    unit: unitOf(q.get('unit')),
    lang: langOf(q.get('lang')),
    scope: q.get('fan') || 'total',
    // the tornado's output (one the run has not is shown as its default: tornado-chart.js outputShown)
    tornado: (q.get('tornado') ?? '').slice(0, 140),
  };
}

/** The query string of a state, leaving out what is at its default. */
export function queryOf(state) {
  const q = new URLSearchParams();
  q.set('scenario', state.scenario);
  if (state.version !== undefined) q.set('version', String(state.version));
  if (state.trials !== undefined) q.set('trials', String(state.trials));
  if (state.seed !== undefined) q.set('seed', String(state.seed));
  if (state.compare) q.set('compare', state.compare);
  if (state.compare && state.compareVersion !== undefined) q.set('cv', String(state.compareVersion));
  writeSliders(q, state);
  if (state.scope && state.scope !== 'total') q.set('fan', state.scope);
  if (state.tornado) q.set('tornado', state.tornado);
  if (state.unit !== 'cny') q.set('unit', state.unit);
  if (state.lang !== 'en') q.set('lang', state.lang);
  return q;
}

/** Reads the page's URL into `state`. */
export const readUrl = (state) => Object.assign(state, stateFromQuery(new URLSearchParams(location.search)));

/** Writes `state` into the page's URL (no new history entry). */
export const writeUrl = (state) => history.replaceState(null, '', `?${queryText(queryOf(state))}`);
