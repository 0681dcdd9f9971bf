/** The page's run memory and streamed runs (public/lib/progress.js) against a stand-in for the API's NDJSON stream. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, RunRequests, streamRun } from '../../public/lib/progress.js';

/** A stand-in for fetch answering POST /api/runs?progress=ndjson with these lines. */
function ndjson(lines: object[], cache = 'miss') {
  const calls: { url: string; body: unknown; signal?: AbortSignal }[] = [];
  const fetch = vi.fn(async (url: string, init: { body: string; signal?: AbortSignal }) => {
    calls.push({ url, body: JSON.parse(init.body), signal: init.signal });
    const text = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
    return new Response(text, { status: 200, headers: { 'content-type': 'application/x-ndjson', 'x-run-cache': cache } });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

const manifest = { id: 'r1', result: {} };

describe('streamed runs', () => {
  it('report progress and resolve with the manifest, saying whether it ran now or was stored', async () => {
    ndjson([{ type: 'progress', done: 1, total: 4 }, { type: 'progress', done: 4, total: 4 }, { type: 'run', ...manifest }]);
    const seen: number[] = [];
    const fresh = await streamRun({ scenarioId: 'x' }, { onProgress: (done: number, total: number) => seen.push(done / total) });
    expect(fresh).toEqual({ body: manifest, origin: 'fresh' });
    expect(seen).toEqual([0.25, 1]);
    ndjson([{ type: 'run', ...manifest }], 'hit');
    expect(((await streamRun({ scenarioId: 'x' })) as { origin: string }).origin).toBe('stored');
  });

  it('reject with the API\'s error and its details', async () => {
    ndjson([{ type: 'error', message: 'invalid run', details: [{ path: 'trials', message: 'too many' }] }]);
    await expect(streamRun({})).rejects.toThrow('invalid run (trials: too many)');
    expect(apiError({ message: 'm' }).message).toBe('m');
  });
});

describe('the page\'s run memory', () => {
  it('asks once for a request in flight, and answers a fetched one at once as this page\'s, whatever order its keys are in', async () => {
    const calls = ndjson([{ type: 'run', ...manifest }]);
    const runs = new RunRequests();
    const a = { scenarioId: 'x', overrides: { growthShift: { a: 0.01, b: 0.02 } } };
    const [first, joined] = await Promise.all([runs.get(a), runs.get(a)]);
    expect(calls).toHaveLength(1);
    expect(first.origin).toBe('fresh');
    expect(joined).toBe(first);
    const reordered = { overrides: { growthShift: { b: 0.02, a: 0.01 } }, scenarioId: 'x' };
    expect(runs.has(reordered)).toBe(true);
    expect(await runs.get(reordered)).toEqual({ body: manifest, origin: 'page' });
    expect(calls).toHaveLength(1);
    // a deleted run is forgotten: asking again runs it again
    runs.forget('r1');
    expect(runs.has(a)).toBe(false);
  });

  it('aborts the requests in flight but those it is told to keep', async () => {
    const calls = ndjson([{ type: 'run', ...manifest }]);
    const runs = new RunRequests();
    const keep = { scenarioId: 'keep' };
    const p1 = runs.get({ scenarioId: 'stop' }).catch((e: Error) => e);
    const p2 = runs.get(keep);
    expect(runs.abort([{ ...keep }])).toBe(1);
    expect(calls.find((c) => (c.body as { scenarioId: string }).scenarioId === 'stop')?.signal?.aborted).toBe(true);
    expect(calls.find((c) => (c.body as { scenarioId: string }).scenarioId === 'keep')?.signal?.aborted).toBe(false);
    await p1;
    expect((await p2).origin).toBe('fresh');
  });
});
