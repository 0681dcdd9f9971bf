// The run requests a state stands for and the scheduler's decisions about them. Pure: no DOM,
// no clock (times are passed in).
import { overridesOf } from '../lib/permalink.js';
import { requestKey } from '../lib/progress.js';

/**
 * A change that asks for more trials than this is drawn first from a run of its first this many
 * trials (the same seed, so the same first trials), marked as a preview, then from the full run.
 */
export const PREVIEW_TRIALS = 2000;
/** A run not done after this long shows its progress and Cancel; a shorter one shows nothing. */
export const PROGRESS_DELAY_MS = 1000;
/**
 * A stale run that will take longer than this is stopped rather than awaited; a shorter one is
 * awaited (stopping a run on the server replaces its worker threads, which costs more than it saves).
 */
export const STALE_MS = 1000;

/** The run request (POST /api/runs) of a state on `scenario`, with or without its overrides. */
export function requestBody(state, scenario, withOverrides = true) {
  const body = { scenarioId: state.scenario };
  if (state.version !== undefined) body.version = state.version;
  body.trials = state.trials ?? scenario.simulation.trials;
  body.seed = state.seed ?? scenario.simulation.seed;
  const o = withOverrides ? overridesOf(state) : {};
  if (Object.keys(o).length) body.overrides = o;
  return body;
}

/** The comparison's request: the picked other scenario (pinned version), or this one without changes; the same trials and seed. */
export function comparisonBody(state, scenario) {
  const body = requestBody(state, scenario, false);
  if (!state.compare) return body;
  return { scenarioId: state.compare, ...(state.compareVersion !== undefined ? { version: state.compareVersion } : {}), trials: body.trials, seed: body.seed };
}

/** The preview's request of a run request: the same, with PREVIEW_TRIALS trials. */
export const previewOf = (body) => ({ ...body, trials: PREVIEW_TRIALS });

/** The requests a run draws: the run itself and its comparison (one when they are the same request). */
export function bodiesOf(state, scenario) {
  const body = requestBody(state, scenario, true);
  const cmp = comparisonBody(state, scenario);
  return requestKey(cmp) === requestKey(body) ? [body] : [body, cmp];
}

/** Whether a run is drawn from its preview first: after a change, more trials than the preview's, and some request not fetched yet. */
export const wantsPreview = (bodies, preview, fetched) => preview && bodies[0].trials > PREVIEW_TRIALS && bodies.some((b) => !fetched(b));

/** Whether a run in flight is a long one: shown as such already (a second passed), or its progress says over STALE_MS remain. */
export function isLong(elapsedMs, fraction) {
  if (elapsedMs >= PROGRESS_DELAY_MS) return true;
  return fraction >= 0.05 && (elapsedMs * (1 - fraction)) / fraction > STALE_MS;
}
