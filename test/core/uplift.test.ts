/**
 * Required growth uplift: the change δ to every field's annual growth at which the probability
 * of meeting a target reaches 50% / 80%, by bisection on the same random numbers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { growthPlane, replayRow } from '../../src/core/kernel/layout.ts';
import { replayRows, replayScope, replayWork } from '../../src/core/kernel/replay.ts';
import { requiredUplift, UPLIFT_BOUND, UPLIFT_TOLERANCE, upliftMemo } from '../../src/core/uplift.ts';
import { thresholdBounds } from '../../src/core/uplift-bound.ts';
import { parseScenario } from '../../src/schema/parse.ts';
import { cagrField, cluster, compile, logisticField, record, run, scenario, tinyScenario } from './helpers.ts';

/** One fixed field (base B, rate g, no noise, no events) with a target T in `year`. */
function single(base: number, rate: number, target: number, year: number) {
  return scenario({
    clusters: [cluster('c', [cagrField('f', base, rate)])],
    targets: [{ id: 't', year, scope: 'total', value: target }],
  });
}

describe('requiredGrowthUplift of a single fixed cagr field', () => {
  // V_n = B·(1 + g + δ)^n ≥ T ⇔ δ ≥ (T/B)^(1/n) − 1 − g; every trial is the same, so p50 = p80.
  const closedForm = (b: number, g: number, t: number, n: number): number => (t / b) ** (1 / n) - 1 - g;

  it('equals (T/B)^(1/n) − 1 − g for p50 and p80', () => {
    const [target] = run(single(50, 0.1, 200, 2030), { trials: 10 }).targets;
    const expected = closedForm(50, 0.1, 200, 6); // ≈ 0.159921
    expect(target.probability).toBe(0);
    expect(target.requiredGrowthUplift.p50).toBeCloseTo(expected, 5);
    expect(target.requiredGrowthUplift.p80).toBeCloseTo(expected, 5);
  });

  it('is negative when the target is already met', () => {
    const [target] = run(single(50, 0.1, 60, 2030), { trials: 10 }).targets;
    const expected = closedForm(50, 0.1, 60, 6); // ≈ −0.0692
    expect(expected).toBeLessThan(0);
    expect(target.probability).toBe(1);
    expect(target.requiredGrowthUplift.p50).toBeCloseTo(expected, 5);
    expect(target.requiredGrowthUplift.p80).toBeCloseTo(expected, 5);
  });

  it('is null when not reachable within +100 pp', () => {
    // B = 1, n = 1, T = 3 needs δ = 2
    const [target] = run(single(1, 0, 3, 2025), { trials: 10 }).targets;
    expect(target.requiredGrowthUplift).toEqual({ p50: null, p80: null });
  });

  it('is −1 (the bound) when even −100 pp meets the target, as uplift.ts documents', () => {
    // B = 100, g = 0.5, n = 1, T = 10: at δ = −1 the factor is 0.5 and V = 50 ≥ 10
    const [target] = run(single(100, 0.5, 10, 2025), { trials: 10 }).targets;
    expect(target.requiredGrowthUplift).toEqual({ p50: -1, p80: -1 });
  });

  it('is found to the bisection tolerance: at δ the target is met, at δ − 2·tolerance it is not', () => {
    const [target] = run(single(50, 0.1, 200, 2030), { trials: 10 }).targets;
    const delta = target.requiredGrowthUplift.p50 ?? Number.NaN;
    expect(50 * (1 + 0.1 + delta) ** 6).toBeGreaterThanOrEqual(200);
    expect(50 * (1 + 0.1 + delta - 2 * UPLIFT_TOLERANCE) ** 6).toBeLessThan(200);
  });

  it('of a logistic field: r + δ ≥ −ln((K/T − 1)/(K/V0 − 1))/n', () => {
    // K/(1 + (K/V0 − 1)·e^(−(r+δ)n)) ≥ T ⇔ e^(−(r+δ)n) ≤ (K/T − 1)/(K/V0 − 1)
    const s = scenario({
      clusters: [cluster('c', [logisticField('f', 10, 100, 0.2)])],
      targets: [{ id: 't', year: 2028, scope: 'f', value: 60 }],
    });
    const [target] = run(s, { trials: 10 }).targets;
    const expected = -Math.log((100 / 60 - 1) / (100 / 10 - 1)) / 4 - 0.2;
    expect(target.requiredGrowthUplift.p50).toBeCloseTo(expected, 5);
  });
});

describe('requiredGrowthUplift with uncertainty', () => {
  it('p50 and p80 of a uniform rate: δ_p = 0.2·p − 0.05 within 4 SE', () => {
    // B = 100, g ~ uniform(0, 0.2), T = 115 in 2025: met ⇔ g ≥ 0.15 − δ, so
    // P(met | δ) = (0.05 + δ)/0.2 and δ_p = 0.2p − 0.05: p50 → 0.05, p80 → 0.11.
    // The bisection finds the sample quantile of g at level 1 − p over `upliftTrials` draws:
    // SE = 0.2·sqrt(p(1 − p)/upliftTrials).
    const upliftTrials = 4_000;
    const s = scenario({
      clusters: [cluster('c', [cagrField('f', 100, { dist: 'uniform', min: 0, max: 0.2 })])],
      targets: [{ id: 't', year: 2025, scope: 'total', value: 115 }],
    });
    const [target] = run(s, { trials: upliftTrials, seed: 31, upliftTrials }).targets;
    for (const [key, p] of [
      ['p50', 0.5],
      ['p80', 0.8],
    ] as const) {
      const se = 0.2 * Math.sqrt((p * (1 - p)) / upliftTrials);
      expect(Math.abs((target.requiredGrowthUplift[key] ?? Number.NaN) - (0.2 * p - 0.05)), key).toBeLessThanOrEqual(4 * se);
    }
  });

  /** tiny.yaml's 500 first trials with their replay records, and the share meeting a target at δ. */
  function tinyReplay(trials = 500) {
    const model = compile(tinyScenario());
    const rec = record(model, trials, 7, { upliftTrials: trials });
    const shape = rec.plan.replay;
    const replay = rec.buffers.replay;
    if (!replay) throw new Error('tiny.yaml has targets, so the run records replay data');
    return model.targets.map((target) => ({
      target,
      input: { model, target, record: replay, shape, trials, atZero: rec.column(target.scope, target.step) },
      share(delta: number): number {
        let met = 0;
        for (let t = 0; t < trials; t++) if (replayScope(model, replay, shape, t, target.fields, target.step, delta) >= target.value) met++;
        return met / trials;
      },
    }));
  }

  it("a pair replay gives, at each of its two shifts, the single replay's values bit for bit", () => {
    for (const { target, input } of tinyReplay(2500)) {
      const rows = Int32Array.from({ length: 1200 }, (_, j) => 2 * j + (j % 3)); // sparse, ascending, past a STEP_CHUNK
      const one = replayWork(16);
      const two = replayWork(16);
      const pair = replayWork(16);
      const a = replayRows(input.model, input.record, input.shape, rows, rows.length, target.fields, target.step, -0.013, one).slice(0, rows.length);
      const b = replayRows(input.model, input.record, input.shape, rows, rows.length, target.fields, target.step, 0.021, two).slice(0, rows.length);
      replayRows(input.model, input.record, input.shape, rows, rows.length, target.fields, target.step, -0.013, pair, 0.021);
      expect(pair.totals.subarray(0, rows.length), target.id).toEqual(a);
      expect(pair.totals2.subarray(0, rows.length), target.id).toEqual(b);
      expect(a).not.toEqual(b);
    }
  });

  it.each([500, 2500])('brackets the smallest δ with P(met | δ) ≥ p to the tolerance, on the same %i random numbers', (trials) => {
    for (const { target, input, share } of tinyReplay(trials)) {
      for (const p of [0.5, 0.8, 0.99]) {
        const delta = requiredUplift(input, p);
        if (delta === null) throw new Error(`target ${target.id} unreachable at p = ${p}`);
        expect(share(delta + UPLIFT_TOLERANCE), `${target.id} p=${p}`).toBeGreaterThanOrEqual(p);
        expect(share(delta - 2 * UPLIFT_TOLERANCE), `${target.id} p=${p}`).toBeLessThan(p);
      }
    }
  });

  // Bug: requiredUplift returns Math.round(hi·1e6)/1e6, which can round the bisection's upper end
  // below the threshold. tiny.yaml, seed 7, 500 trials, target t2030, p = 0.5: the 250th trial
  // meets the target from δ = −0.06456852…; requiredUplift returns −0.064569, where only 249/500
  // trials meet it (P = 0.498 < 0.5). Rounding up (Math.ceil) would keep P(δ) ≥ p.
  it('at the returned δ itself the share meeting the target reaches p', () => {
    for (const { target, input, share } of tinyReplay()) {
      for (const p of [0.5, 0.8, 0.99]) {
        const delta = requiredUplift(input, p);
        if (delta === null) throw new Error(`target ${target.id} unreachable at p = ${p}`);
        expect(share(delta), `${target.id} p=${p}`).toBeGreaterThanOrEqual(p);
      }
    }
  });

  it('a higher probability needs at least as much uplift: p50 ≤ p80', () => {
    const result = run(tinyScenario(), { trials: 1000 });
    for (const target of result.targets) {
      const { p50, p80 } = target.requiredGrowthUplift;
      expect(p50).not.toBeNull();
      expect(p80).not.toBeNull();
      expect(p50 as number).toBeLessThanOrEqual(p80 as number);
    }
  });
});

describe("bounds of the trials' thresholds (uplift-bound.ts)", () => {
  /** A scenario's first trials with their replay records, per target: the search input and a trial's replayed value. */
  function replays(s: unknown, trials: number, seed: number) {
    const model = compile(s);
    const rec = record(model, trials, seed, { upliftTrials: trials });
    const replay = rec.buffers.replay as Float64Array;
    return model.targets.map((target) => ({
      target,
      input: { model, target, record: replay, shape: rec.plan.replay, trials, atZero: rec.column(target.scope, target.step) },
      valueAt: (t: number, delta: number) => replayScope(model, replay, rec.plan.replay, t, target.fields, target.step, delta),
    }));
  }
  const cases = [
    ['tiny.yaml', () => tinyScenario()],
    ['baseline.yaml', () => parseScenario(readFileSync(fileURLToPath(new URL('../../scenarios/baseline.yaml', import.meta.url)), 'utf8'), 'baseline.yaml')],
  ] as const;

  it.each(cases)('%s: a trial replayed at its bound fails the target, and most failing trials have one', (_, scenarioOf) => {
    for (const { target, input, valueAt } of replays(scenarioOf(), 1500, 11)) {
      const bounds = thresholdBounds(input, UPLIFT_BOUND) as Float64Array;
      let bounded = 0;
      let failing = 0;
      for (let t = 0; t < input.trials; t++) {
        if (input.atZero[t] >= target.value) {
          expect(bounds[t]).toBe(-Infinity);
          continue;
        }
        failing++;
        if (bounds[t] === -Infinity) continue;
        bounded++;
        expect(bounds[t]).toBeGreaterThan(0);
        expect(valueAt(t, bounds[t]), `${target.id} trial ${t} at δ = ${bounds[t]}`).toBeLessThan(target.value);
      }
      expect(bounded, target.id).toBeGreaterThan(failing / 2);
    }
  });

  it.each(cases)('%s: the search finds the same δ with the bounds as without, replaying fewer trials when δ > 0', (name, scenarioOf) => {
    let positive = 0;
    for (const { target, input } of replays(scenarioOf(), 3000, 5)) {
      const withBounds = upliftMemo(input);
      const without = { meetAt: new Float64Array(input.trials).fill(Infinity), failAt: new Float64Array(input.trials).fill(-Infinity), replays: 0 };
      for (let t = 0; t < input.trials; t++) (input.atZero[t] >= target.value ? without.meetAt : without.failAt)[t] = 0;
      const found = [0.5, 0.8].map((p) => requiredUplift(input, p, withBounds));
      expect(found, target.id).toEqual([0.5, 0.8].map((p) => requiredUplift(input, p, without)));
      // the bounds know only shifts above 0: a target met at δ ≤ 0 is searched as before
      if ((found[0] ?? 0) > 0) {
        positive++;
        expect(withBounds.replays, target.id).toBeLessThan(without.replays);
      } else expect(withBounds.replays, target.id).toBeLessThanOrEqual(without.replays);
    }
    if (name === 'baseline.yaml') expect(positive).toBeGreaterThan(0); // tiny.yaml's targets are met at δ < 0
  });

  it('gives no bound to a trial whose logistic rate can be negative (its decay exceeds 1)', () => {
    const s = scenario({
      clusters: [cluster('c', [logisticField('f', 10, 100, { dist: 'uniform', min: -0.1, max: 0.3 })])],
      targets: [{ id: 't', year: 2028, scope: 'f', value: 30 }],
    });
    const [{ input }] = replays(s, 400, 3);
    const bounds = thresholdBounds(input, UPLIFT_BOUND) as Float64Array;
    const rates = compile(s).fields[0].rates[0];
    expect(rates.input).toBeGreaterThanOrEqual(0);
    let unbounded = 0;
    for (let t = 0; t < input.trials; t++) {
      const decay = input.record[t * replayRow(input.shape) + growthPlane(input.shape, 0)];
      if (decay > 1) {
        expect(bounds[t]).toBe(-Infinity);
        unbounded++;
      }
    }
    expect(unbounded).toBeGreaterThan(50); // a quarter of the rates are negative
  });
});
