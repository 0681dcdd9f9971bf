// The analysis requests of the page's current scenario, changes, trials and seed: scenario
// discovery (POST /api/discover), Sobol indices (POST /api/sensitivity) and the paired comparison
// (POST /api/compare/paired), each streamed as NDJSON (progress lines, then the document or an
// error), as the CLI prints it with --format json. Pure but for fetch: no DOM.
import { overridesOf } from '../lib/permalink.js';
import { apiError, readLines } from '../lib/progress.js';
import { requestBody } from './requests.js';

/** The discovery request of a state: the run's request, the target, the language and the unit of the sentences' values. */
export const discoverBody = (state, scenario, target) => ({ ...requestBody(state, scenario), target, lang: state.lang, unit: state.unit });

/** The Sobol request of a state: by group or by input, for the outputs named. */
export const sobolBody = (state, scenario, by, outputs) => ({ ...requestBody(state, scenario), method: 'sobol', by, outputs, lang: state.lang, byYear: false });

/** One side of a paired comparison: a stored scenario (its version), with its own overrides. */
const side = (scenarioId, version, overrides) => ({
  scenarioId,
  ...(version !== undefined ? { version } : {}),
  ...(overrides && Object.keys(overrides).length ? { overrides } : {}),
});

/**
 * The paired comparison of a state: a is what the page compares with (the picked scenario, or
 * this one without changes), b this page's run with its changes; the same trials and seed.
 */
export function pairedBody(state, scenario) {
  const run = requestBody(state, scenario);
  const a = state.compare ? side(state.compare, state.compareVersion) : side(state.scenario, state.version);
  return { a, b: side(state.scenario, state.version, overridesOf(state)), trials: run.trials, seed: run.seed };
}

/**
 * POSTs `body` to `path?progress=ndjson`: `onProgress(done, total)` while it computes; resolves
 * with the document; rejects with the API's error (message and details), or an AbortError when `signal` aborts.
 */
export async function streamDocument(path, body, { signal, onProgress } = {}) {
  const res = await fetch(`${path}?progress=ndjson`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok || !res.body) throw apiError(await res.json().catch(() => ({ message: `HTTP ${res.status}` })));
  let doc;
  await readLines(res.body, (line) => {
    if (line.type === 'progress') onProgress?.(line.done, line.total);
    else if (line.type === 'result') {
      const { type: _type, ...rest } = line;
      doc = rest;
    } else if (line.type === 'error') throw apiError(line);
  });
  if (!doc) throw new Error('the analysis ended without a result; try again');
  return doc;
}
