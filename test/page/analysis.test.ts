/** The analysis panels' requests (streamed, against a fake fetch) and what they show of the answers. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discoverBody, pairedBody, sobolBody, streamDocument } from '../../public/page/analysis-api.js';
import { analysisOutputs, discoverModel, pairedModel, sobolModel } from '../../public/page/analysis-model.js';
import { analysedManifest, manifest, pageState, scenario } from './fixtures.ts';

/** A fetch answering NDJSON `lines` (each an object), in chunks that split lines, and recording its calls. */
function ndjsonFetch(lines: object[], status = 200) {
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const calls: { url: string; body: unknown; accept: string }[] = [];
  const fake = vi.fn(async (url: string, init: { body: string; headers: Record<string, string>; signal?: AbortSignal }) => {
    calls.push({ url, body: JSON.parse(init.body), accept: init.headers.accept });
    if (init.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.subarray(i, i + 7));
        c.close();
      },
    });
    return new Response(status === 200 ? body : JSON.stringify(lines[0]), { status, headers: { 'content-type': status === 200 ? 'application/x-ndjson' : 'application/json' } });
  });
  vi.stubGlobal('fetch', fake);
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('the analysis requests', () => {
  const changed = pageState({ trials: 2000, seed: 5, shifts: { health: 1 }, lang: 'zh', unit: 'yi' });

  it("ask for the page's scenario, changes, trials and seed", () => {
    const run = { scenarioId: 'tiny', trials: 2000, seed: 5, overrides: { growthShift: { health: 0.01 } } };
    expect(discoverBody(changed, scenario, 'plan')).toEqual({ ...run, target: 'plan', lang: 'zh', unit: 'yi' });
    expect(sobolBody(changed, scenario, 'input', ['total@2026'])).toEqual({ ...run, method: 'sobol', by: 'input', outputs: ['total@2026'], lang: 'zh', byYear: false });
  });

  it('pair the run (b, with its changes) against the comparison (a): the picked scenario, or this one without changes', () => {
    expect(pairedBody(changed, scenario)).toEqual({ a: { scenarioId: 'tiny' }, b: { scenarioId: 'tiny', overrides: { growthShift: { health: 0.01 } } }, trials: 2000, seed: 5 });
    const other = pageState({ compare: 'other', compareVersion: 3, version: 2 });
    expect(pairedBody(other, scenario)).toEqual({ a: { scenarioId: 'other', version: 3 }, b: { scenarioId: 'tiny', version: 2 }, trials: 1000, seed: 42 });
  });

  it('stream: progress while it computes, then the document', async () => {
    const calls = ndjsonFetch([
      { type: 'progress', done: 1, total: 4 },
      { type: 'progress', done: 4, total: 4 },
      { type: 'result', method: 'sobol', outputs: [] },
    ]);
    const seen: number[][] = [];
    const doc = await streamDocument('/api/sensitivity', { a: 1 }, { onProgress: (done: number, total: number) => seen.push([done, total]) });
    expect(doc).toEqual({ method: 'sobol', outputs: [] });
    expect(seen).toEqual([
      [1, 4],
      [4, 4],
    ]);
    expect(calls).toEqual([{ url: '/api/sensitivity?progress=ndjson', body: { a: 1 }, accept: 'application/x-ndjson' }]);
  });

  it("reject with the API's error and its details, streamed or not, and with an AbortError when cancelled", async () => {
    ndjsonFetch([
      { type: 'progress', done: 0, total: 4 },
      { type: 'error', statusCode: 400, message: 'invalid request', details: [{ path: 'target', message: 'unknown target x; targets: plan' }] },
    ]);
    await expect(streamDocument('/api/discover', {})).rejects.toThrow('invalid request (target: unknown target x; targets: plan)');
    ndjsonFetch([{ message: 'invalid request body', details: [{ path: 'by', message: 'must be group or input' }] }], 400);
    await expect(streamDocument('/api/sensitivity', {})).rejects.toThrow('invalid request body (by: must be group or input)');
    ndjsonFetch([{ type: 'progress', done: 0, total: 4 }]);
    await expect(streamDocument('/api/sensitivity', {})).rejects.toThrow('the analysis ended without a result');
    const controller = new AbortController();
    controller.abort();
    await expect(streamDocument('/api/sensitivity', {}, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('what the panels show', () => {
  it("offer the run's sensitivity outputs, else each target's chance and the total in the target years", () => {
    expect(analysisOutputs(analysedManifest('a').result)).toEqual(['target:plan', 'total@2026']);
    expect(analysisOutputs(manifest('a').result)).toEqual(['target:plan', 'total@2026']);
  });

  it('the discovery sentences with coverage, density and mass, or that no box beats chance', () => {
    const box = { sentence: 'the 2026 target is met in 72.0% of the simulated worlds in which …', coverage: 0.779, density: 0.72, mass: 0.416 };
    expect(discoverModel({ probability: 0.4, boxes: [box] }, 'en')).toEqual({
      lines: [{ sentence: 'The 2026 target is met in 72.0% of the simulated worlds in which …', figures: 'coverage 77.9% · density 72.0% · mass 41.6%' }],
    });
    expect(discoverModel({ probability: 0.4, boxes: [] }, 'zh').empty).toBe('没有一组条件能比随机更好地挑出达到目标的情形（全部情形中有 40.0% 达到）。');
  });

  it('the Sobol indices with their intervals, the largest total first, named in the language', () => {
    const i = (estimate: number) => ({ estimate, low: estimate - 0.05, high: estimate + 0.05 });
    const doc = {
      method: 'sobol',
      by: 'group',
      n: 500,
      evaluations: 7500,
      confidence: 0.95,
      trialsNeeded: 4000,
      outputs: [
        {
          output: 'target:plan',
          indices: [
            { group: 'lever-delivery', first: i(0.1), total: i(0.2) },
            { group: 'base', first: i(0.45), total: i(0.75) },
          ],
        },
      ],
    };
    const [table] = sobolModel(doc, scenario, 'en');
    expect(table.title).toBe('Sobol indices for chance of 150 bn by 2026');
    expect(table.head).toEqual(['group', 'first order (95% interval)', 'total (95% interval)']);
    expect(table.rows).toEqual([
      ['base values', '0.450 (0.400 to 0.500)', '0.750 (0.700 to 0.800)'],
      ['lever deliveries', '0.100 (0.050 to 0.150)', '0.200 (0.150 to 0.250)'],
    ]);
    expect(table.note).toContain('500 base rows, 7,500 model evaluations; 95% bootstrap intervals');
    expect(table.warning).toContain('at least 4000 trials');
    const byInput = sobolModel(
      { ...doc, by: 'input', outputs: [{ output: 'total@2026', indices: [{ path: 'levers.centres.delivery', group: 'lever-delivery', first: i(0.1), total: i(0.2) }] }] },
      scenario,
      'zh',
    );
    expect(byInput[0].rows[0][0]).toBe('Innovation centres：完成度');
  });

  it('the paired figures: the change ± paired s.e. (noise under 3 s.e.), P(b > a) and quantiles of b − a, the gap by channel', () => {
    const channels = { base: 0, growth: 0.03, levers: 0.01, events: -0.005, noise: 0 };
    const doc = {
      a: { id: 'tiny', title: 'Tiny' },
      b: { id: 'tiny', title: 'Tiny, changed' },
      trials: 1000,
      seed: 42,
      outputs: [
        { output: 'target:plan', kind: 'target', probability: { a: 0.4, b: 0.435, change: { estimate: 0.035, se: 0.01 }, unpairedSe: 0.022, distinguishable: true }, channels },
        {
          output: 'total@2026',
          kind: 'value',
          difference: { mean: { estimate: 5, se: 0.2 }, quantiles: [-1, 2, 5, 8, 12], pGreater: { estimate: 0.9, se: 0.0095 } },
          channels: { ...channels, growth: 4, levers: 1.5, events: -0.5 },
        },
        { output: 'biosafety@2026', kind: 'value', difference: { mean: { estimate: 1, se: 0.1 }, quantiles: [0, 0, 1, 1, 2], pGreater: { estimate: 0.5, se: 0.01 } }, channels },
      ],
    };
    const m = pairedModel(doc, scenario, { unit: 'cny', lang: 'en' });
    expect(m.title).toBe('Tiny, changed against Tiny, world by world (the same random numbers)');
    expect(m.targets.rows).toEqual([{ noise: false, cells: ['chance of 150 bn by 2026', '40.0%', '43.5%', '+3.5 ± 1.0 pp', ''] }]);
    expect(m.values.rows).toEqual([['total output in 2026', '90.0% ± 0.9 pt', '−1.0', '+2.0', '+5.0', '+8.0', '+12.0']]);
    expect(m.values.note).toBe('Quantiles of b − a over the simulated worlds, in bn yuan.');
    expect(m.channels.rows).toEqual([
      ['chance of 150 bn by 2026', '+3.0 pp', '+1.0 pp', '−0.5 pp', '+0.0 pp', '+0.0 pp'],
      ['total output in 2026', '+4.0 bn', '+1.5 bn', '−0.50 bn', '+0.0 bn', '+0.0 bn'],
    ]);
    const close = { ...doc, outputs: [{ ...doc.outputs[0], probability: { ...doc.outputs[0].probability, change: { estimate: 0.02, se: 0.01 }, distinguishable: false } }] };
    expect(pairedModel(close, scenario, { unit: 'cny', lang: 'zh' }).targets.rows[0]).toMatchObject({
      noise: true,
      cells: ['150 bn by 2026的概率', '40.0%', '43.5%', '+2.0 ± 1.0 个百分点', '与抽样误差无法区分'],
    });
  });
});
