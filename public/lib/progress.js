// Long runs on the page: the streamed run request (POST /api/runs?progress=ndjson), the runs in
// flight that a slider move may join or stop, and the progress bar with its Cancel button, shown
// only when a run has not finished after about a second.

/** A run request as a key: JSON with object keys sorted, so the order in which sliders moved does not matter. */
export const requestKey = (body) =>
  JSON.stringify(body, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));

/** An API error body ({message, details}) as an Error with its details in the message. */
export function apiError(body) {
  const details = (body.details ?? []).map((d) => `${d.path}: ${d.message}`).join('; ');
  return new Error(`${body.message}${details ? ` (${details})` : ''}`);
}

/** Calls `onLine` with each JSON object of an NDJSON body as it arrives. */
export async function readLines(stream, onLine) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += decoder.decode(value, { stream: !done });
    let end;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (text) onLine(JSON.parse(text));
    }
    if (done) break;
  }
  if (buffered.trim()) onLine(JSON.parse(buffered));
}

/**
 * Runs (or finds) a run through the streamed API: `onProgress(done, total)` while it executes;
 * resolves with {body: manifest, origin: 'stored' (the server had it) or 'fresh' (it ran now)}; rejects with the API's error, or an AbortError when
 * `signal` aborts (the server then stops the run if nobody else waits for it).
 */
export async function streamRun(body, { signal, onProgress } = {}) {
  const res = await fetch('/api/runs?progress=ndjson', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.ok || !res.body) throw apiError(await res.json().catch(() => ({ message: `HTTP ${res.status}` })));
  let outcome;
  await readLines(res.body, (line) => {
    if (line.type === 'progress') onProgress?.(line.done, line.total);
    else if (line.type === 'run') {
      const { type: _type, ...manifest } = line;
      outcome = { body: manifest, origin: res.headers.get('x-run-cache') === 'hit' ? 'stored' : 'fresh' };
    } else if (line.type === 'error') throw apiError(line);
  });
  if (!outcome) throw new Error('the run ended without a result; try again');
  return outcome;
}

/**
 * The page's runs: fetched ones by request (moving a slider back shows them at once) and ones in
 * flight, which a later run with the same request joins instead of asking again.
 */
export class RunRequests {
  constructor(limit = 200) {
    this.limit = limit;
    this.done = new Map();
    this.pending = new Map();
  }

  /** Whether the run of `body` is fetched already (get answers at once). */
  has(body) {
    return this.done.has(requestKey(body));
  }

  /**
   * The run of `body`: {body: manifest, origin} (origin 'page' for one this page fetched before,
   * else as streamRun); `onProgress(fraction)` follows it while it runs.
   */
  get(body, onProgress) {
    const key = requestKey(body);
    if (this.done.has(key)) return Promise.resolve({ body: this.done.get(key), origin: 'page' });
    let p = this.pending.get(key);
    if (!p) {
      const controller = new AbortController();
      const entry = { controller, fraction: 0, listeners: new Set() };
      entry.promise = streamRun(body, {
        signal: controller.signal,
        onProgress: (done, total) => {
          entry.fraction = total > 0 ? Math.min(1, done / total) : 0;
          for (const listener of entry.listeners) listener(entry.fraction);
        },
      })
        .then((r) => {
          if (this.done.size > this.limit) this.done.delete(this.done.keys().next().value);
          this.done.set(key, r.body);
          return r;
        })
        .finally(() => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
        });
      this.pending.set(key, entry);
      p = entry;
    }
    if (onProgress) {
      p.listeners.add(onProgress);
      onProgress(p.fraction);
    }
    return p.promise;
  }

  /** Forgets the fetched runs with this run id (it was deleted on the server: asking again runs it again). */
  forget(runId) {
    for (const [key, manifest] of this.done) if (manifest.id === runId) this.done.delete(key);
  }

  /** Aborts the runs in flight, except those of the requests in `keep` (bodies). Returns how many it aborted. */
  abort(keep = []) {
    const kept = new Set(keep.map(requestKey));
    let n = 0;
    for (const [key, p] of this.pending) {
      if (kept.has(key)) continue;
      this.pending.delete(key);
      p.controller.abort();
      n++;
    }
    return n;
  }
}

/**
 * The progress bar of a run: hidden for `delayMs` (a run that ends sooner shows nothing), then the
 * bar, its percent and a Cancel button; a live region says that it appeared and each quarter done.
 */
export class ProgressView {
  /**
   * @param els {{box: HTMLElement, bar: HTMLProgressElement, percent: HTMLElement, live: HTMLElement}}
   * @param options {{delayMs?: number, announce: (percent: number, first: boolean) => string, waiting?: () => string, onShow?: () => void}}
   *   (`waiting`: the words beside the bar before the run's first progress, when it may still wait for a slot)
   */
  constructor(els, { delayMs = 1000, announce, waiting, onShow }) {
    Object.assign(this, els);
    this.delayMs = delayMs;
    this.announce = announce;
    this.waiting = waiting;
    this.onShow = onShow;
    this.fraction = 0;
    this.timer = undefined;
    this.visible = false;
    this.quarter = -1;
  }

  /** A run started: the bar appears if it is still running after the delay (at once when `now`). */
  start(now = false) {
    this.stop();
    this.fraction = 0;
    if (now) this.show();
    else this.timer = setTimeout(() => this.show(), this.delayMs);
  }

  /** The run's share done, 0 to 1. */
  update(fraction) {
    this.fraction = Math.max(0, Math.min(1, fraction));
    if (this.visible) this.draw();
  }

  show() {
    this.timer = undefined;
    this.visible = true;
    this.quarter = -1;
    this.box.hidden = false;
    this.draw();
    this.onShow?.();
  }

  draw() {
    const percent = Math.floor(this.fraction * 100);
    // before the first progress the bar is indeterminate (the run may still wait for a slot)
    if (this.fraction > 0) this.bar.value = percent;
    else this.bar.removeAttribute('value');
    this.percent.textContent = this.fraction > 0 || !this.waiting ? `${percent}%` : this.waiting();
    const quarter = Math.floor(percent / 25);
    if (quarter !== this.quarter && quarter < 4) {
      this.live.textContent = this.announce(percent, this.quarter < 0);
      this.quarter = quarter;
    }
  }

  /** The run ended (or was cancelled): the bar goes. */
  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.visible) {
      this.box.hidden = true;
      this.live.textContent = '';
    }
    this.visible = false;
  }
}
