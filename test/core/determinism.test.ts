/**
 * Same scenario, seed and trials → the same result, bit for bit, however the trials are split
 * into ranges (as the worker pool splits them). The pinned numbers below change only when the
 * engine's numbers change (bump ENGINE_VERSION then).
 */
import { describe, expect, it } from 'vitest';
import { replayScope } from '../../src/core/kernel/replay.ts';
import { advanceRange, allocateRun, ENGINE_VERSION, initRange, planRun, runModel } from '../../src/core/run.ts';
import { compile, firstBitDifference, record, tinyScenario } from './helpers.ts';

describe('seeded runs of test/fixtures/tiny.yaml', () => {
  const model = compile(tinyScenario());
  const result = runModel(model);

  it('pins exact numbers (engine 2.1.0, seed 7, 2000 trials)', () => {
    expect(ENGINE_VERSION).toBe('2.1.0');
    expect(result.meta).toEqual({
      engineVersion: '2.1.0',
      seed: 7,
      trials: 2000,
      baseYear: 2024,
      endYear: 2030,
      unit: 'CNY_BN',
      durationMs: 0,
      upliftTrials: 2000,
      overrides: {},
    });
    expect(result.total.p50[6]).toBe(PINNED.p50_2030);
    expect(result.total.mean[6]).toBe(PINNED.mean_2030);
    expect(result.total.p50[0]).toBe(PINNED.p50_2024);
    const [total2030, alpha2028] = result.targets;
    expect(total2030.probability).toBe(PINNED.probability0);
    expect(total2030.p50).toBe(PINNED.p50_2030);
    expect(total2030.requiredGrowthUplift).toEqual(PINNED.uplift0);
    expect(alpha2028.probability).toBe(PINNED.probability1);
    expect(alpha2028.requiredGrowthUplift).toEqual(PINNED.uplift1);
  });

  it('same seed → the identical JSON string', () => {
    expect(JSON.stringify(runModel(compile(tinyScenario())))).toBe(JSON.stringify(result));
  });

  it('a different seed → different numbers', () => {
    const other = runModel(model, { seed: 8 });
    expect(other.meta.seed).toBe(8);
    expect(other.total.p50[6]).not.toBe(result.total.p50[6]);
  });

  it("the seed in the options overrides the scenario's", () => {
    expect(runModel(model, { seed: 7 })).toEqual(result);
  });

  it('a trial does not depend on how many trials run: the first 500 of 2000 equal a 500-trial run', () => {
    const small = record(model, 500, 7);
    const big = record(model, 2000, 7);
    for (let k = 0; k < model.scopeIds.length; k++) {
      for (let s = 0; s <= model.steps; s++) {
        const first = small.scopes[k].subarray(s * 500, (s + 1) * 500);
        const second = big.scopes[k].subarray(s * 2000, s * 2000 + 500);
        expect(firstBitDifference(first, second), `scope ${model.scopeIds[k]} step ${s}`).toBe(-1);
      }
    }
  });
});

const PINNED = {
  p50_2030: 130.97815571942385,
  mean_2030: 133.16965909663836,
  p50_2024: 55.72082538757849,
  probability0: 0.9305,
  probability1: 0.9975,
  uplift0: { p50: -0.061439, p80: -0.026593 },
  uplift1: { p50: -0.165052, p80: -0.115288 },
};

describe('splitting trials into ranges (as the worker pool does)', () => {
  const model = compile(tinyScenario());
  const trials = 600;
  const seed = 99;
  const whole = record(model, trials, seed);

  it('ranges advanced year by year give exactly the numbers of one range, and the same replay records', () => {
    const plan = planRun(model, { trials, seed });
    const buffers = allocateRun(plan);
    const parts = [
      [0, 1],
      [1, 137],
      [137, 400],
      [400, 599],
      [599, 600],
    ];
    for (let s = 0; s <= model.steps; s++) {
      for (const [from, to] of parts.slice().reverse()) {
        if (s === 0) initRange(plan, buffers, from, to);
        else advanceRange(plan, buffers, s, from, to);
      }
      buffers.columnSets[0].forEach((col, k) => expect(firstBitDifference(col, whole.scopes[k].subarray(s * trials, (s + 1) * trials)), `${model.scopeIds[k]} step ${s}`).toBe(-1));
    }
    expect(firstBitDifference(buffers.replay as Float64Array, whole.buffers.replay as Float64Array)).toBe(-1);
  });

  it('replayScope at δ = 0 reproduces every field, cluster and target value at every recorded step bit for bit', () => {
    const shape = whole.plan.replay;
    const replay = whole.buffers.replay as Float64Array;
    const C = model.clusters.length;
    for (let t = 0; t < whole.plan.upliftTrials; t++) {
      for (let step = 0; step <= whole.plan.replaySteps; step++) {
        model.fields.forEach((_, i) => {
          const recorded = whole.scopes[1 + C + i][step * trials + t];
          const replayed = replayScope(model, replay, shape, t, Int32Array.of(i), step, 0);
          if (!Object.is(replayed, recorded)) expect.fail(`field ${i} trial ${t} step ${step}: replayed ${replayed}, recorded ${recorded}`);
        });
        model.clusters.forEach((c, k) => {
          expect(replayScope(model, replay, shape, t, c.fields, step, 0)).toBe(whole.scopes[1 + k][step * trials + t]);
        });
      }
      for (const target of model.targets) {
        expect(replayScope(model, replay, shape, t, target.fields, target.step, 0)).toBe(whole.scopes[target.scopeIndex][target.step * trials + t]);
      }
    }
  });
});

describe('run options', () => {
  const model = compile(tinyScenario());

  it('rejects trials 0, fractional trials and a negative seed with their paths', () => {
    expect(() => runModel(model, { trials: 0 })).toThrow(/trials: must be a whole number from 1 to 5,000,000, got 0/);
    expect(() => runModel(model, { trials: 1.5 })).toThrow(/trials/);
    expect(() => runModel(model, { seed: -1 })).toThrow(/seed: must be a whole number from 0 to 4,294,967,295/);
    expect(() => runModel(model, { noiseSeed: 2 ** 33 })).toThrow(/noiseSeed/);
  });

  it('uses the first min(trials, upliftTrials) trials for the uplift search', () => {
    expect(runModel(model, { trials: 200 }).meta.upliftTrials).toBe(200);
    expect(runModel(model, { trials: 200, upliftTrials: 150 }).meta.upliftTrials).toBe(150);
  });

  it('noise and event streams are seeded separately: a new noise seed changes the numbers but not the parameter draws', () => {
    const a = record(model, 300, 7, { keepInputs: true });
    const b = record(model, 300, 7, { keepInputs: true, noiseSeed: 8 });
    expect(firstBitDifference(a.buffers.state.inputs as Float64Array, b.buffers.state.inputs as Float64Array)).toBe(-1);
    expect(firstBitDifference(a.scopes[0].subarray(0, 300), b.scopes[0].subarray(0, 300))).toBe(-1); // base year: no noise yet
    expect(firstBitDifference(a.scopes[0], b.scopes[0])).toBeGreaterThan(-1);
  });
});

describe('ENGINE_VERSION names the numbers', () => {
  /**
   * A digest of a seeded run's numbers per engine version. When a change alters the numbers, this
   * fails: bump ENGINE_VERSION (src/core/run.ts) and add its digest here — never edit an old one,
   * or stored runs would carry a version whose numbers can no longer be reproduced.
   */
  const DIGESTS: Record<string, string> = {
    '1.0.0': 'c161045f1e0b2146b43a7ce2cacf1046787a69ab2096199cef194d32f465894b',
    '2.0.0': '0f2d94416f9871fc07a404e9e5b1385a529ab8906450422054a59480c9a8283e',
    // 2.0.0's numbers, with each target's probabilitySe and the free sensitivity added (checked below)
    '2.1.0': '2d5f16a5b2e606ef5a350bb5d4c9da55aa4f9ab13ef99c11d0dbaac0c673ea20',
  };

  it("2.1.0 only adds to 2.0.0's result: without probabilitySe and sensitivity, its digest is 2.0.0's", async () => {
    const { createHash } = await import('node:crypto');
    const { sensitivity: _s, ...rest } = runModel(compile(tinyScenario()));
    const old = { ...rest, meta: { ...rest.meta, engineVersion: '2.0.0' }, targets: rest.targets.map(({ probabilitySe: _se, ...t }) => t) };
    expect(createHash('sha256').update(JSON.stringify(old)).digest('hex')).toBe(DIGESTS['2.0.0']);
  });

  it('the numbers of a seeded run match the digest recorded for this engine version', async () => {
    const { createHash } = await import('node:crypto');
    const result = runModel(compile(tinyScenario()));
    const digest = createHash('sha256').update(JSON.stringify(result)).digest('hex');
    expect(DIGESTS[ENGINE_VERSION], `no digest for engine ${ENGINE_VERSION}: ${digest}`).toBe(digest);
  });
});
