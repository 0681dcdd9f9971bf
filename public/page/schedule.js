// When runs start and which one is drawn: a change reruns after a short pause, one run at a time
// (changes during a run are run together when it ends), a long run shows its progress and can be
// cancelled, a stale long run is stopped, a large run is drawn first from its preview.
import { ProgressView } from '../lib/progress.js';
import { runs } from './api.js';
import { $, setStatus } from './dom.js';
import { bodiesOf, isLong, PROGRESS_DELAY_MS, previewOf, wantsPreview } from './requests.js';
import { locale, probe, runStateOf, state, t, view } from './state.js';
import { writeUrl } from './url.js';

// a pause this long ends a drag: long enough to skip the positions passed over, short enough not to be felt
const DEBOUNCE_MS = 60;

/** What the scheduler calls: draw `view.current`, hide the results, rebuild the controls from the state (after Cancel). */
const hooks = { render: () => {}, hide: () => {}, rebuild: () => {} };
/** Wires the scheduler to the views (main.js). */
export const configureSchedule = (h) => Object.assign(hooks, h);

let timer;
/** One run at a time from this page: changes during a run are run together when it ends. */
let running = false;
let again = false;
/** While a scenario loads the state is half switched: no run starts (the load ends with one). */
let loading = false;
/** The run in flight: when it started, its share done (0 to 1) and why it was stopped ('cancel' or 'stale'). */
let flight;
/** The control last changed, for focus to return to after Cancel. */
let lastControl;
/** When the last change came (for `probe.gaps`: the pauses within a drag, which the debounce must bridge). */
let lastChangeAt = -1;
/** Whether the next run shows its progress at once: the stale run it replaces was showing it. */
let progressCarries = false;

export const progress = new ProgressView(
  { box: $('progress'), bar: $('progress-bar'), percent: $('progress-percent'), live: $('progress-live') },
  {
    delayMs: PROGRESS_DELAY_MS,
    // no progress yet: the run has not started (it may wait behind other runs), and the words say so
    announce: (pct, first) => (first && pct === 0 ? t().progressWaitingLong : t().progressAnnounce(pct, first)),
    waiting: () => t().progressWaiting,
    onShow: () => {
      probe.progressShown += 1;
      if (again) stopStale();
    },
  },
);

/** Something the run depends on changed: update the URL now and rerun after a short pause. */
export function changed() {
  probe.lastInputAt = performance.now();
  if (lastChangeAt >= 0 && probe.gaps.length < 1000) probe.gaps.push(probe.lastInputAt - lastChangeAt);
  lastChangeAt = probe.lastInputAt;
  if (document.activeElement?.id && $('form').contains(document.activeElement)) lastControl = document.activeElement.id;
  writeUrl(state);
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

/** Runs `load` (a scenario switch) with no run starting while the state is half switched. */
export async function whileLoading(load) {
  clearTimeout(timer);
  loading = true;
  try {
    return await load();
  } finally {
    loading = false;
    again = false;
  }
}

/** Newer assumptions wait: a long run in flight for older ones is stopped rather than awaited (a request the new ones need too keeps running). */
function stopStale() {
  if (!flight || flight.why || !isLong(performance.now() - flight.started, flight.fraction)) return;
  flight.why = 'stale';
  const keep = bodiesOf(state, view.scenario);
  if (runs.abort([...keep, ...keep.map(previewOf)])) probe.stopped += 1;
  // the next run starts now, joining the requests that were kept
  flight.end(new Error('stale'));
}

/**
 * Runs the state's assumptions and draws them. After a change (`preview`), a run of more than
 * PREVIEW_TRIALS trials that this page has not fetched yet is drawn first from its preview (the
 * same request with PREVIEW_TRIALS trials, marked as such), then from the full run.
 */
export async function run({ preview = true } = {}) {
  clearTimeout(timer);
  if (loading) return;
  if (running) {
    again = true;
    stopStale();
    return;
  }
  running = true;
  probe.runs += 1;
  const inputAt = probe.lastInputAt;
  const started = performance.now();
  const ran = { state: runStateOf(state), scenario: view.scenario };
  const f = { started, fraction: 0, why: undefined, end: undefined };
  const ended = new Promise((_resolve, reject) => {
    f.end = reject;
  });
  flight = f;
  setStatus(t().running);
  $('content').setAttribute('aria-busy', 'true');
  progress.start(progressCarries);
  progressCarries = false;
  try {
    const bodies = bodiesOf(state, view.scenario);
    // the share done of the run and its comparison together
    const shares = bodies.map(() => 0);
    const follow = (k) => (share) => {
      // a request kept from a stale run reports to the run that joined it
      if (flight !== f) return;
      shares[k] = share;
      f.fraction = shares.reduce((a, b) => a + b, 0) / shares.length;
      progress.update(f.fraction);
      if (again) stopStale();
    };
    const full = () => Promise.all(bodies.map((b, k) => runs.get(b, follow(k)).then((r) => (follow(k)(1), r))));
    /** The preview drawn by this run: when it was drawn and how long its API call and drawing took. */
    let drawn;
    let fullRuns;
    if (wantsPreview(bodies, preview, (b) => runs.has(b))) {
      const [pm, pc] = await Promise.race([Promise.all(bodies.map((b) => runs.get(previewOf(b)))), ended]);
      // newer assumptions came meanwhile: they run next, and this preview is not drawn
      if (again) return;
      const fetched = performance.now();
      // the full run starts before the preview is drawn: the server works while the page draws
      fullRuns = full();
      view.current = { manifest: pm.body, comparison: pc?.body, origin: pm.origin, preview: { trials: bodies[0].trials } };
      hooks.render();
      const now = performance.now();
      drawn = { latency: inputAt === undefined ? undefined : now - inputAt, api: fetched - started, draw: now - fetched };
      if (inputAt !== undefined && probe.lastInputAt === inputAt) probe.previewLatencies.push(drawn.latency);
      setStatus(t().runningFull(bodies[0].trials.toLocaleString(locale())));
    }
    const requested = performance.now();
    const [main, comparison] = await Promise.race([fullRuns ?? full(), ended]);
    // newer assumptions came while the full run ran: it is dropped (their preview replaces this one's)
    if (drawn && again) return;
    view.current = { manifest: main.body, comparison: comparison?.body, origin: main.origin };
    view.shown = { ...ran, current: view.current };
    const fetched = performance.now();
    hooks.render();
    const now = performance.now();
    // the latency of the last input, unless another input came while this ran
    if (inputAt !== undefined && probe.lastInputAt === inputAt && !again) {
      probe.latencies.push(now - inputAt);
      // where the time went: waiting for more input, the API, drawing; and the preview's share (when one was drawn)
      const part = { wait: started - inputAt, api: fetched - started, draw: now - fetched, cached: main.origin !== 'fresh' };
      if (drawn) part.preview = { latency: drawn.latency, api: drawn.api, draw: drawn.draw, fullApi: fetched - requested };
      probe.parts.push(part);
      probe.lastInputAt = undefined;
    }
    // how long it took and where the answer came from: the server's store, a run now, this page's memory
    setStatus(t().updated(Math.round(now - started), main.origin));
  } catch (err) {
    if (f.why === 'cancel') restoreShown();
    else if (f.why !== 'stale' && !again) {
      // a failed full run leaves the results drawn before it on screen, as a failed run always did, not its preview
      dropPreview();
      setStatus(err.message, true);
    }
  } finally {
    progressCarries = f.why === 'stale' && progress.visible;
    progress.stop();
    flight = undefined;
    running = false;
    if (again && !loading) {
      again = false;
      run();
    } else {
      $('content').removeAttribute('aria-busy');
    }
  }
}

/** Cancel: stops the run in flight (the server stops it too) and changes nothing else. */
export function cancelRun() {
  if (!flight || flight.why === 'cancel') return;
  clearTimeout(timer);
  again = false;
  flight.why = 'cancel';
  runs.abort();
  flight.end(new Error('cancelled'));
}

/** A preview on screen gives way to the full results drawn before it (or to none). */
function dropPreview() {
  if (!view.current?.preview) return;
  view.current = view.shown?.current;
  if (view.current) hooks.render();
  else hooks.hide();
}

/** After Cancel: the assumptions go back to those of the results on screen, which stay, and a notice says so. */
function restoreShown() {
  const L = t();
  probe.cancelled += 1;
  probe.lastInputAt = undefined;
  setStatus('');
  const focused = document.activeElement?.id;
  if (view.shown) {
    Object.assign(state, structuredClone(view.shown.state));
    view.scenario = view.shown.scenario;
    hooks.rebuild();
    writeUrl(state);
  }
  dropPreview();
  $('notice').textContent = view.shown ? L.cancelled : L.cancelledNothing;
  // the Cancel button goes, and the controls were rebuilt: focus goes back to the control last changed
  if (focused === 'cancel-run' || document.activeElement === document.body) {
    const control = $(focused === 'cancel-run' ? lastControl : focused) ?? $(lastControl);
    if (control) control.focus();
    else $('results').focus({ preventScroll: true });
  }
}
