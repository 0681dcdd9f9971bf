/**
 * Same scenario, seed and trials → the same result, bit for bit, however the trials are split
 * into chunks or passes. The pinned numbers below change only when the engine's numbers change
 * (bump ENGINE_VERSION then).
 */
import { describe, expect, it } from 'vitest';
import { allocatePass, ENGINE_VERSION, planRun, runModel, sinkFor } from '../../src/core/run.ts';
import { replayScope, replayStride, simulateRange, type Sink } from '../../src/core/simulate.ts';
import { compile, firstBitDifference, tinyScenario } from './helpers.ts';

const newArray = (length: number): Float64Array => new Float64Array(length);

describe('seeded runs of test/fixtures/tiny.yaml', () => {
  const model = compile(tinyScenario());
  const result = runModel(model);

  it('pins exact numbers (engine 1.0.0, seed 7, 2000 trials)', () => {
    expect(ENGINE_VERSION).toBe('1.0.0');
    expect(result.meta).toEqual({ engineVersion: '1.0.0', seed: 7, trials: 2000, baseYear: 2024, endYear: 2030, unit: 'CNY_BN', durationMs: 0, upliftTrials: 2000, overrides: {} });
    expect(result.total.p50[6]).toBe(130.72954711447395);
    expect(result.total.mean[6]).toBe(132.97832380760633);
    expect(result.total.p50[0]).toBe(55.72082538757849);
    const [total2030, alpha2028] = result.targets;
    expect(total2030.probability).toBe(0.9265);
    expect(total2030.p50).toBe(130.72954711447395);
    expect(total2030.requiredGrowthUplift).toEqual({ p50: -0.061541, p80: -0.027474 });
    expect(alpha2028.probability).toBe(0.9975);
    expect(alpha2028.p50).toBe(65.52507082164017);
    expect(alpha2028.requiredGrowthUplift).toEqual({ p50: -0.165052, p80: -0.115288 });
  });

  it('same seed → the identical JSON string', () => {
    expect(JSON.stringify(runModel(compile(tinyScenario())))).toBe(JSON.stringify(result));
  });

  it('a different seed → different numbers', () => {
    const other = runModel(model, { seed: 8 });
    expect(other.meta.seed).toBe(8);
    expect(other.total.p50[6]).not.toBe(result.total.p50[6]);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(result));
  });

  it('the seed in the options overrides the scenario\'s', () => {
    expect(runModel(model, { seed: 7 })).toEqual(result);
  });

  it('a trial does not depend on how many trials run: the first 500 of 2000 equal a 500-trial run', () => {
    const small = planRun(model, { trials: 500 });
    const big = planRun(model, { trials: 2000 });
    const a = allocatePass(small, small.passes[0], newArray);
    const b = allocatePass(big, big.passes[0], newArray);
    simulateRange(model, 7, 0, 500, sinkFor(small, a));
    simulateRange(model, 7, 0, 2000, sinkFor(big, b));
    for (let scope = 0; scope < a.scopes.length; scope++) {
      for (let s = 0; s <= model.steps; s++) {
        const first = (a.scopes[scope] as Float64Array).subarray(s * 500, (s + 1) * 500);
        const second = (b.scopes[scope] as Float64Array).subarray(s * 2000, s * 2000 + 500);
        expect(firstBitDifference(first, second), `scope ${model.scopeIds[scope]} step ${s}`).toBe(-1);
      }
    }
  });
});

describe('splitting trials into chunks (as the worker pool does)', () => {
  const model = compile(tinyScenario());
  const trials = 600;
  const seed = 99;
  const plan = planRun(model, { trials, seed });
  const whole = allocatePass(plan, plan.passes[0], newArray);
  simulateRange(model, seed, 0, trials, sinkFor(plan, whole));

  it('chunks writing into shared buffers give exactly the numbers of one range', () => {
    const chunked = allocatePass(plan, plan.passes[0], newArray);
    const sink = sinkFor(plan, chunked);
    for (const [start, end] of [[0, 1], [1, 137], [137, 400], [400, 599], [599, 600]]) simulateRange(model, seed, start, end, sink);
    chunked.scopes.forEach((buf, scope) => expect(firstBitDifference(buf as Float64Array, whole.scopes[scope] as Float64Array), model.scopeIds[scope]).toBe(-1));
    expect(firstBitDifference(chunked.replay as Float64Array, whole.replay as Float64Array)).toBe(-1);
  });

  it('chunks with their own buffers (offset = start, stride = chunk length) hold the same numbers', () => {
    const replay = newArray(plan.upliftTrials * replayStride(model.fields.length, plan.replaySteps)); // indexed by absolute trial
    for (const [start, end] of [[0, 250], [250, 251], [251, 600]]) {
      const length = end - start;
      const scopes = whole.scopes.map(() => newArray((model.steps + 1) * length));
      const sink: Sink = { offset: start, stride: length, scopes, replay, replayTrials: plan.upliftTrials, replaySteps: plan.replaySteps };
      simulateRange(model, seed, start, end, sink);
      scopes.forEach((buf, scope) => {
        const full = whole.scopes[scope] as Float64Array;
        for (let s = 0; s <= model.steps; s++) {
          expect(firstBitDifference(buf.subarray(s * length, (s + 1) * length), full.subarray(s * trials + start, s * trials + end)), `${model.scopeIds[scope]} step ${s}`).toBe(-1);
        }
      });
    }
    expect(firstBitDifference(replay, whole.replay as Float64Array)).toBe(-1);
  });

  it('a sink that records only some scopes writes those and leaves the others alone', () => {
    const scopes = whole.scopes.map((_, i) => (i === 2 ? newArray((model.steps + 1) * trials) : undefined));
    simulateRange(model, seed, 0, trials, { offset: 0, stride: trials, scopes });
    expect(firstBitDifference(scopes[2] as Float64Array, whole.scopes[2] as Float64Array)).toBe(-1);
  });

  it('replayScope at δ = 0 reproduces every recorded target value bit for bit', () => {
    const stride = replayStride(model.fields.length, plan.replaySteps);
    const scratch = new Float64Array(model.clusters.length);
    for (const target of model.targets) {
      const recorded = whole.scopes[target.scopeIndex] as Float64Array;
      for (let t = 0; t < plan.upliftTrials; t++) {
        const replayed = replayScope(model, whole.replay as Float64Array, t * stride, plan.replaySteps, target.fields, target.step, 0, scratch);
        if (!Object.is(replayed, recorded[target.step * trials + t])) expect.fail(`${target.id} trial ${t}: replayed ${replayed}, recorded ${recorded[target.step * trials + t]}`);
      }
    }
  });

  it('replayScope at δ = 0 reproduces every field and cluster at every recorded step', () => {
    const stride = replayStride(model.fields.length, plan.replaySteps);
    const scratch = new Float64Array(model.clusters.length);
    const C = model.clusters.length;
    for (let t = 0; t < 50; t++) {
      for (let step = 0; step <= plan.replaySteps; step++) {
        model.fields.forEach((_, i) => {
          const recorded = (whole.scopes[1 + C + i] as Float64Array)[step * trials + t];
          expect(replayScope(model, whole.replay as Float64Array, t * stride, plan.replaySteps, Int32Array.of(i), step, 0, scratch)).toBe(recorded);
        });
        model.clusters.forEach((c, k) => {
          const recorded = (whole.scopes[1 + k] as Float64Array)[step * trials + t];
          expect(replayScope(model, whole.replay as Float64Array, t * stride, plan.replaySteps, c.fields, step, 0, scratch)).toBe(recorded);
        });
      }
    }
  });
});

describe('passes: a memory budget too small for every scope at once', () => {
  const model = compile(tinyScenario());

  it('plans one pass per scope when the budget fits only one, with replay data in the first', () => {
    const plan = planRun(model, { trials: 300, memoryBudgetBytes: 1 });
    expect(plan.passes).toHaveLength(1 + model.clusters.length + model.fields.length);
    expect(plan.passes.map((p) => p.replay)).toEqual([true, false, false, false, false, false]);
    expect(plan.passes.flatMap((p) => p.scopes)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('several passes give a result deep-equal to one pass', () => {
    const one = runModel(model, { trials: 300 });
    const many = runModel(model, { trials: 300, memoryBudgetBytes: 1 });
    // two scopes per pass: (Y + 1)·trials·8 bytes each
    const two = runModel(model, { trials: 300, memoryBudgetBytes: 2 * (model.steps + 1) * 300 * 8 });
    expect(planRun(model, { trials: 300, memoryBudgetBytes: 2 * (model.steps + 1) * 300 * 8 }).passes).toHaveLength(3);
    expect(many).toEqual(one);
    expect(two).toEqual(one);
    expect(JSON.stringify(many)).toBe(JSON.stringify(one));
  });
});

describe('run options', () => {
  const model = compile(tinyScenario());

  it('rejects trials 0, fractional trials and a negative seed with their paths', () => {
    expect(() => runModel(model, { trials: 0 })).toThrow(/trials: must be a whole number from 1 to 5,000,000, got 0/);
    expect(() => runModel(model, { trials: 1.5 })).toThrow(/trials/);
    expect(() => runModel(model, { seed: -1 })).toThrow(/seed: must be a whole number from 0 to 4294967295/);
  });

  it('uses the first min(trials, upliftTrials) trials for the uplift search', () => {
    expect(runModel(model, { trials: 200 }).meta.upliftTrials).toBe(200);
    expect(runModel(model, { trials: 200, upliftTrials: 150 }).meta.upliftTrials).toBe(150);
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
  };

  it('the numbers of a seeded run match the digest recorded for this engine version', async () => {
    const { createHash } = await import('node:crypto');
    const { durationMs: _d, ...meta } = runModel(compile(tinyScenario())).meta;
    const result = runModel(compile(tinyScenario()));
    const digest = createHash('sha256').update(JSON.stringify({ ...result, meta })).digest('hex');
    expect(DIGESTS[ENGINE_VERSION], `no digest for engine ${ENGINE_VERSION}: ${digest}`).toBe(digest);
  });
});
