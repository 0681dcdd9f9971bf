import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/core/compile.ts';
import { ScenarioError } from '../../src/core/errors.ts';
import { allocateRun, columnSetsOf, planRun, runModel } from '../../src/core/run.ts';
import { serialize } from 'node:v8';
import { loadScenarioFile } from '../../src/node/load.ts';
import { MODELS_KEPT, RunExecutor, decodeModel } from '../../src/node/executor.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { runScenario, yearBatches } from '../../src/node/runner.ts';
import { parseScenario } from '../../src/schema/parse.ts';

const tiny = parseScenario(readFileSync(new URL('../fixtures/tiny.yaml', import.meta.url), 'utf8'));
const pool = new WorkerPool(3);
afterAll(() => pool.close());

const withoutDuration = <T extends { meta: { durationMs: number } }>(r: T) => ({ ...r, meta: { ...r.meta, durationMs: 0 } });

describe('runs on worker threads', () => {
  it('give the same result, bit for bit, as one thread', async () => {
    const single = runModel(compileScenario(tiny), { trials: 3000 });
    const pooled = await runScenario(tiny, { trials: 3000, pool, minTrialsForPool: 1 });
    expect(JSON.stringify(withoutDuration(pooled))).toBe(JSON.stringify(single));
  });

  it('give the same result however the years are batched (from a set of columns per year down to two), and with fewer trials than workers', async () => {
    const single = JSON.stringify(runModel(compileScenario(tiny), { trials: 1500 }));
    for (const columnSets of [2, 3, 4, 7, 100]) {
      const pooled = await runScenario(tiny, { trials: 1500, pool, minTrialsForPool: 1, columnSets });
      expect(JSON.stringify(withoutDuration(pooled)), `${columnSets} sets`).toBe(single);
    }
    expect(JSON.stringify(withoutDuration(await runScenario(tiny, { trials: 2, pool, minTrialsForPool: 1 })))).toBe(JSON.stringify(runModel(compileScenario(tiny), { trials: 2 })));
  });

  it('send a model to a worker once and keep the last few: runs of kept, evicted and new models all give the same bits', async () => {
    const models = Array.from({ length: MODELS_KEPT + 3 }, (_, k) => compileScenario(tiny, { volatilityScale: 1 + k / 10 }));
    const expected = models.map((m) => JSON.stringify(runModel(m, { trials: 600 })));
    for (const order of [models.keys(), [...models.keys()].reverse(), [0, 0, 5, 0, 10, 1, 0]]) {
      for (const k of order) {
        const pooled = await runScenario(tiny, { trials: 600, pool, minTrialsForPool: 1, model: models[k] });
        expect(JSON.stringify(withoutDuration(pooled)), `model ${k}`).toBe(expected[k]);
      }
    }
  });

  it('give the same result on one worker and on two (any split of the trials)', async () => {
    const one = new WorkerPool(1);
    try {
      const single = await runScenario(tiny, { trials: 2500, pool: one, minTrialsForPool: 1 });
      const two = await runScenario(tiny, { trials: 2500, pool, minTrialsForPool: 1 });
      expect(withoutDuration(two)).toEqual(withoutDuration(single));
    } finally {
      await one.close();
    }
  });

  it('give the same result on a pool that has the cores to itself (as the command line runs)', async () => {
    const exclusive = new WorkerPool(2, { exclusive: true });
    try {
      const single = runModel(compileScenario(tiny), { trials: 3000 });
      const pooled = await runScenario(tiny, { trials: 3000, pool: exclusive, minTrialsForPool: 1 });
      expect(JSON.stringify(withoutDuration(pooled))).toBe(JSON.stringify(single));
    } finally {
      await exclusive.close();
    }
  });

  it('reject a task whose data cannot be copied to a thread, and stay usable', async () => {
    const bad = pool.run(1, { kind: 'step', first: 1, last: 0, from: 0, to: 0, scopes: [(() => 1) as unknown as number], summarize: null, inputs: [0, 0], uplifts: [] });
    await expect(bad).rejects.toThrow(/could not be cloned/);
    const single = runModel(compileScenario(tiny), { trials: 500 });
    const pooled = await runScenario(tiny, { trials: 500, pool, minTrialsForPool: 1 });
    expect(JSON.stringify(withoutDuration(pooled))).toBe(JSON.stringify(single));
  });

  it('refuse a run over the memory budget, naming the trials that fit, which then run', async () => {
    const over = runScenario(tiny, { trials: 2500, pool, minTrialsForPool: 1, memoryBudgetBytes: 100_000 });
    await expect(over).rejects.toBeInstanceOf(ScenarioError);
    const message = await over.then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message).toMatch(/trials: 2,500 trials of this scenario need 2\.0 MiB, over the memory budget of 0\.1 MiB: run at most (\d+) trials/);
    const fit = Number(/at most (\d+) trials/.exec(message)?.[1]);
    expect(fit).toBeGreaterThan(100);
    await expect(runScenario(tiny, { trials: fit, pool, minTrialsForPool: 1, memoryBudgetBytes: 100_000 })).resolves.toMatchObject({ meta: { trials: fit } });
    await expect(runScenario(tiny, { trials: fit + 1, pool, minTrialsForPool: 1, memoryBudgetBytes: 100_000 })).rejects.toThrow(/over the memory budget/);
  });

  it('run the bundled baseline with overrides the same as one thread', async () => {
    const baseline = await loadScenarioFile(new URL('../../scenarios/baseline.yaml', import.meta.url).pathname);
    const overrides = { growthShift: { intelligence: 0.02 }, events: { 'chip-export-controls': false }, volatilityScale: 1.5 };
    const single = await runScenario(baseline, { trials: 2000, overrides });
    const pooled = await runScenario(baseline, { trials: 2000, overrides, pool, minTrialsForPool: 1 });
    expect(withoutDuration(pooled)).toEqual(withoutDuration(single));
  });

  it('report progress up to the whole run', async () => {
    const seen: number[] = [];
    await runScenario(tiny, { trials: 4000, pool, minTrialsForPool: 1, onProgress: (done, total) => seen.push(done / total) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('reject bad overrides as a ScenarioError before any worker runs', async () => {
    await expect(runScenario(tiny, { pool, minTrialsForPool: 1, overrides: { leverDelivery: { nope: 2 } } })).rejects.toBeInstanceOf(ScenarioError);
  });
});

describe('a pool that recycles its workers after big runs', () => {
  it('replaces every worker after a run over the limit (not after a smaller one), and runs on them the same', async () => {
    const recycling = new WorkerPool(2, { recycleAfterBytes: 1_000_000 }); // tiny.yaml: 300 trials hold 0.25 MB, 4,000 hold 3.3 MB
    try {
      const single = JSON.stringify(runModel(compileScenario(tiny), { trials: 4000 }));
      const before = recycling.threadIds;
      await runScenario(tiny, { trials: 300, pool: recycling, minTrialsForPool: 1 });
      expect(recycling.threadIds).toEqual(before);
      const big = await runScenario(tiny, { trials: 4000, pool: recycling, minTrialsForPool: 1 });
      expect(JSON.stringify(withoutDuration(big))).toBe(single);
      const after = recycling.threadIds;
      expect(after).toHaveLength(2);
      expect(after.some((id) => before.includes(id))).toBe(false);
      const again = await runScenario(tiny, { trials: 4000, pool: recycling, minTrialsForPool: 1 });
      expect(JSON.stringify(withoutDuration(again))).toBe(single);
    } finally {
      await recycling.close();
    }
  });
});

describe('yearBatches', () => {
  const check = (Y: number, sets: number, targets: number[]) => {
    const batches = yearBatches(Y, sets, targets);
    // the years 0 … Y in order, each once
    expect(batches.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))).toEqual(Array.from({ length: Y + 1 }, (_, i) => i));
    // two batches in a row fit in the sets (one is summarized while the next is computed)
    for (let j = 1; j < batches.length; j++) expect(batches[j][1] - batches[j - 1][0] + 1, `${JSON.stringify(batches)} with ${sets} sets`).toBeLessThanOrEqual(sets);
    // a batch ends at every target's year
    for (const t of targets) expect(batches.some(([, b]) => b === t)).toBe(true);
    return batches;
  };

  it('puts a small run in few batches that end at the targets, and a big one (two sets) in a batch a year', () => {
    expect(check(11, 12, [6, 11])).toEqual([
      [0, 6],
      [7, 11],
    ]);
    expect(check(11, 2, [6, 11])).toEqual(Array.from({ length: 12 }, (_, s) => [s, s]));
    expect(check(11, 12, [])).toEqual([
      [0, 10],
      [11, 11],
    ]);
    expect(check(0, 2, [])).toEqual([[0, 0]]);
    for (let sets = 2; sets <= 14; sets++) for (const targets of [[], [1], [3, 8], [11], [0, 5, 6, 7]]) check(11, sets, targets);
  });
});

describe("RunExecutor (a worker's side of the pool)", () => {
  const model = compileScenario(tiny);
  const plan = planRun(model, { trials: 50 }, false);
  const setup = {
    modelId: 1,
    model: new Uint8Array(serialize(model)),
    options: { trials: 50 },
    buffers: allocateRun(plan, { f64: (n) => new Float64Array(n), i32: (n) => new Int32Array(n) }, columnSetsOf(plan)),
  };
  const task = { kind: 'step' as const, first: 0, last: 1, from: 0, to: 50, scopes: [0], summarize: null, inputs: [0, 0] as [number, number], uplifts: [] };

  it('asks for the setup of a run it has not seen, installs a setup it is given, and forgets runs no longer open', () => {
    const executor = new RunExecutor();
    expect(executor.receive({ group: 7, task, live: [7] })).toEqual({ ok: false, needSetup: true, message: 'no setup for run 7' });
    expect(executor.receive({ group: 7, task, setup, live: [7] })).toMatchObject({ ok: true, value: { years: [], uplifts: [] } });
    expect(executor.receive({ group: 7, task: { ...task, first: 2, last: 2 }, live: [7] })).toMatchObject({ ok: true });
    expect(executor.receive({ group: 8, task, setup, live: [8] })).toMatchObject({ ok: true });
    expect(executor.held).toEqual([8]);
    expect(executor.receive({ group: 7, task, live: [7, 8] })).toMatchObject({ ok: false, needSetup: true });
  });

  it('decodes a model from shared bytes into memory of its own: equal to the model, no typed array on the shared bytes', () => {
    const local = serialize(model);
    const shared = new Uint8Array(new SharedArrayBuffer(local.byteLength));
    shared.set(local);
    const decoded = decodeModel(shared);
    expect(decoded).toEqual(model);
    const buffers: ArrayBufferLike[] = [];
    const walk = (v: unknown, seen = new Set<unknown>()) => {
      if (typeof v !== 'object' || v === null || seen.has(v)) return;
      seen.add(v);
      if (ArrayBuffer.isView(v)) buffers.push(v.buffer);
      else for (const x of v instanceof Map ? [...v.values()] : Object.values(v)) walk(x, seen);
    };
    walk(decoded);
    expect(buffers.length).toBeGreaterThan(0);
    expect(buffers.some((b) => b instanceof SharedArrayBuffer)).toBe(false);
  });

  it("answers a bad setup with the ScenarioError's issues, not a thrown error", () => {
    const reply = new RunExecutor().receive({ group: 1, task, setup: { ...setup, options: { trials: 0 } }, live: [1] });
    expect(reply).toMatchObject({ ok: false, issues: [{ path: 'trials' }] });
  });
});

describe('cancelling a pool run', () => {
  it("rejects with the signal's reason, replaces the busy workers, and the pool runs on with the same bits", async () => {
    const two = new WorkerPool(2);
    try {
      const controller = new AbortController();
      const before = two.threadIds;
      const reason = new Error('the client went away');
      const run = runScenario(tiny, { trials: 200_000, pool: two, minTrialsForPool: 1, signal: controller.signal, onProgress: () => controller.abort(reason) });
      await expect(run).rejects.toBe(reason);
      await expect.poll(() => two.threadIds.filter((id) => before.includes(id)).length).toBeLessThan(2);
      const single = JSON.stringify(runModel(compileScenario(tiny), { trials: 700 }));
      expect(JSON.stringify(withoutDuration(await runScenario(tiny, { trials: 700, pool: two, minTrialsForPool: 1 })))).toBe(single);
      const aborted = AbortSignal.abort(reason);
      await expect(runScenario(tiny, { trials: 700, pool: two, minTrialsForPool: 1, signal: aborted })).rejects.toBe(reason);
    } finally {
      await two.close();
    }
  });
});

describe('runs sharing a pool', () => {
  it("give each the same bits as alone when they run at once (a worker that missed a run's setup asks for it)", async () => {
    const models = [compileScenario(tiny), compileScenario(tiny, { volatilityScale: 2 }), compileScenario(tiny, { growthShift: { alpha: 0.01 } })];
    const expected = models.map((m) => JSON.stringify(runModel(m, { trials: 900 })));
    const pooled = await Promise.all([...models, ...models].map((model) => runScenario(tiny, { trials: 900, pool, minTrialsForPool: 1, model, columnSets: 2 })));
    expect(pooled.map((r) => JSON.stringify(withoutDuration(r)))).toEqual([...expected, ...expected]);
  });
});
