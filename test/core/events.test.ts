/**
 * Events: each trial-year in the window, with probabilityPerYear, every field in scope is
 * multiplied by (1 + impact) from that year on; occurrences compound.
 */
import { describe, expect, it } from 'vitest';
import { runModel } from '../../src/core/run.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { runScenario } from '../../src/node/runner.ts';
import { checkScenario } from '../../src/schema/parse.ts';
import { cagrField, cluster, compile, event, firstBitDifference, issueAt, issuesOf, logisticField, PERCENTILE_KEYS, record, run, scenario, numbersOf, tinyScenario } from './helpers.ts';

/** Two clusters of one field each, base 100 and rate `rate`, no noise. */
function twoClusters(rate = 0, volatility = 0) {
  return [cluster('hit', [cagrField('h', 100, rate, { volatility })]), cluster('spared', [cagrField('s', 100, rate, { volatility })])];
}

describe('events', () => {
  it('probability 1, impact −0.2 in 2027 multiplies exactly by 0.8 from that year on', () => {
    const result = run(scenario({ clusters: twoClusters(), events: [event('shock', ['hit'], 2027, 2027, 1, -0.2)] }));
    for (const key of ['mean', ...PERCENTILE_KEYS] as const) {
      expect(result.fields.h[key]).toEqual([100, 100, 100, 80, 80, 80, 80]);
      expect(result.fields.s[key]).toEqual([100, 100, 100, 100, 100, 100, 100]); // scope limited to its cluster
    }
    expect(result.total.p50).toEqual([200, 200, 200, 180, 180, 180, 180]);
  });

  it('with growth: base·(1 + g)^n·0.8 once the event has happened', () => {
    const result = run(scenario({ clusters: twoClusters(0.1), events: [event('shock', ['hit'], 2026, 2026, 1, -0.2)] }));
    result.fields.h.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.1 ** n * (n >= 2 ? 0.8 : 1), 9));
    result.fields.s.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.1 ** n, 9));
  });

  it('occurrences compound: probability 1 in 2026–2028 gives 0.8³', () => {
    const result = run(scenario({ clusters: twoClusters(), events: [event('shock', ['h'], 2026, 2028, 1, -0.2)] }));
    const expected = [1, 1, 0.8, 0.8 * 0.8, 0.8 * 0.8 * 0.8, 0.8 ** 3, 0.8 ** 3].map((f) => 100 * f);
    result.fields.h.p50.forEach((v, n) => expect(v).toBeCloseTo(expected[n], 10));
  });

  it('scope total, and a list of scopes naming a field twice, hits each field once per occurrence', () => {
    const total = run(scenario({ clusters: twoClusters(), events: [event('e', ['total'], 2025, 2025, 1, -0.5)] }));
    expect(total.total.p50).toEqual([200, 100, 100, 100, 100, 100, 100]);
    const twice = run(scenario({ clusters: twoClusters(), events: [event('e', ['hit', 'h'], 2025, 2025, 1, -0.5)] }));
    expect(twice.fields.h.p50).toEqual([100, 50, 50, 50, 50, 50, 50]);
  });

  it('impact −1 wipes out the scope for good', () => {
    const result = run(scenario({ clusters: twoClusters(0.2), events: [event('e', ['hit'], 2028, 2028, 1, -1)] }));
    expect(result.fields.h.p95.slice(4)).toEqual([0, 0, 0]);
  });

  it('overrides.events {id: false} switches it off: the same result as without the event', () => {
    const s = scenario({ clusters: twoClusters(0.05, 0.1), events: [event('shock', ['hit'], 2026, 2029, 0.3, { dist: 'uniform', min: -0.3, max: -0.1 })] });
    const off = run(s, { trials: 300 }, { events: { shock: false } });
    const without = run({ ...s, events: [] }, { trials: 300 });
    expect(off.meta.overrides).toEqual({ events: { shock: false } });
    expect(numbersOf(off)).toEqual(numbersOf(without));
    const on = run(s, { trials: 300 }, { events: { shock: true } });
    expect(numbersOf(on)).toEqual(numbersOf(run(s, { trials: 300 })));
    expect(on.fields.h.mean[6]).toBeLessThan(off.fields.h.mean[6]);
  });

  it('fields outside the scope are bit-identical with and without the event (events have their own streams)', () => {
    const s = scenario({ correlation: { withinCluster: 0.5, acrossClusters: 0.3 }, clusters: twoClusters(0.05, 0.2), events: [event('e', ['hit'], 2025, 2030, 0.5, { dist: 'uniform', min: -0.4, max: 0 })] });
    const withEvent = record(compile(s), 400, 3);
    const withoutEvent = record(compile(s, { events: { e: false } }), 400, 3);
    for (let step = 0; step <= 6; step++) expect(firstBitDifference(withEvent.column('s', step), withoutEvent.column('s', step))).toBe(-1);
    expect(firstBitDifference(withEvent.column('h', 6), withoutEvent.column('h', 6))).not.toBe(-1);
  });

  it('a per-year probability p: the share of trials hit in a one-year window ≈ p within 4 SE', () => {
    // V(2025) = 80 when hit, 100 otherwise; the target 90 is met by the trials not hit:
    // probability ≈ 1 − 0.3 with SE sqrt(0.3·0.7/trials) ≈ 0.0046
    const trials = 10_000;
    const s = scenario({ clusters: twoClusters(), events: [event('e', ['h'], 2025, 2025, 0.3, -0.2)], targets: [{ id: 't', year: 2025, scope: 'h', value: 90 }] });
    const [target] = run(s, { trials, seed: 41, upliftTrials: 100 }).targets;
    expect(Math.abs(target.probability - 0.7)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / trials));
  });

  it('a window of years: P(never hit in 3 years) = (1 − p)³ within 4 SE', () => {
    const trials = 10_000;
    const p = 0.2;
    const s = scenario({ clusters: twoClusters(), events: [event('e', ['h'], 2026, 2028, p, -0.5)], targets: [{ id: 't', year: 2030, scope: 'h', value: 99 }] });
    const [target] = run(s, { trials, seed: 42, upliftTrials: 100 }).targets;
    const expected = (1 - p) ** 3;
    expect(Math.abs(target.probability - expected)).toBeLessThan(4 * Math.sqrt((expected * (1 - expected)) / trials));
  });

  it('a probability that is an expression of the year: "t >= 4 ? 1 : 0" hits from 2028', () => {
    const result = run(scenario({ clusters: twoClusters(), events: [event('e', ['h'], 2025, 2030, 't >= 4 ? 1 : 0', -0.1)] }));
    result.fields.h.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 0.9 ** Math.max(0, n - 3), 10));
  });

  it('order within a year is growth, then the event: a shocked logistic field grows on from the shocked level', () => {
    const s = scenario({ endYear: 2026, clusters: [cluster('c', [logisticField('f', 10, 100, 0.5)])], events: [event('e', ['f'], 2025, 2025, 1, -0.5)] });
    const step = (v: number): number => 100 / (1 + (100 / v - 1) * Math.exp(-0.5));
    const v1 = step(10) * 0.5;
    const result = run(s);
    expect(result.fields.f.p50[1]).toBeCloseTo(v1, 10);
    expect(result.fields.f.p50[2]).toBeCloseTo(step(v1), 10);
  });
});

/** Two clusters with noise and a random-impact event in 2026–2029 (p 0.3, impact −0.3…−0.1). */
function shocked() {
  return scenario({ clusters: twoClusters(0.05, 0.1), events: [event('shock', ['hit'], 2026, 2029, 0.3, { dist: 'uniform', min: -0.3, max: -0.1 })] });
}

describe('event overrides: probability, impact scale, forced year', () => {
  it('probability 0 is the event switched off, bit for bit', () => {
    const s = shocked();
    expect(numbersOf(run(s, { trials: 400 }, { events: { shock: { probabilityPerYear: 0 } } }))).toEqual(numbersOf(run(s, { trials: 400 }, { events: { shock: false } })));
  });

  it('impact scale 0 is no impact: the same numbers as the event switched off', () => {
    const s = shocked();
    expect(numbersOf(run(s, { trials: 400 }, { events: { shock: { impactScale: 0 } } }))).toEqual(numbersOf(run(s, { trials: 400 }, { events: { shock: false } })));
  });

  it('impact scale 1 and {} change nothing, bit for bit', () => {
    const s = shocked();
    const plain = numbersOf(run(s, { trials: 400 }));
    expect(numbersOf(run(s, { trials: 400 }, { events: { shock: { impactScale: 1 } } }))).toEqual(plain);
    expect(numbersOf(run(s, { trials: 400 }, { events: { shock: {} } }))).toEqual(plain);
  });

  it('probability 1 for every year of 2026–2029 hits every trial four times (a fixed impact −0.2 gives 0.8⁴)', () => {
    const s = scenario({ clusters: twoClusters(), events: [event('e', ['h'], 2026, 2029, 0.1, -0.2)] });
    const result = run(s, {}, { events: { e: { probabilityPerYear: 1 } } });
    expect(result.fields.h.p5).toEqual([100, 100, 100 * 0.8, 100 * 0.8 * 0.8, 100 * 0.8 * 0.8 * 0.8, 100 * 0.8 * 0.8 * 0.8 * 0.8, 100 * 0.8 * 0.8 * 0.8 * 0.8]);
    expect(result.fields.h.p95).toEqual(result.fields.h.p5);
  });

  it('a replaced probability p: the share of trials hit in a one-year window ≈ p within 4 SE, on the same occurrence draws', () => {
    // the same uniforms decide occurrence: a trial hit at p = 0.3 is hit at p = 0.6 too
    const trials = 10_000;
    const s = scenario({ clusters: twoClusters(), events: [event('e', ['h'], 2025, 2025, 0.3, -0.2)] });
    const low = record(compile(s), trials, 5).column('h', 1);
    const high = record(compile(s, { events: { e: { probabilityPerYear: 0.6 } } }), trials, 5).column('h', 1);
    let hitLow = 0;
    let hitHigh = 0;
    for (let t = 0; t < trials; t++) {
      if (low[t] < 100) {
        hitLow++;
        expect(high[t]).toBe(low[t]);
      }
      if (high[t] < 100) hitHigh++;
    }
    expect(Math.abs(hitLow / trials - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / trials));
    expect(Math.abs(hitHigh / trials - 0.6)).toBeLessThan(4 * Math.sqrt((0.6 * 0.4) / trials));
  });

  it('impact scale 1.5: each occurrence multiplies by 1 + 1.5·impact (−0.2 → 0.7), with growth', () => {
    const s = scenario({ clusters: twoClusters(0.1), events: [event('e', ['hit'], 2026, 2026, 1, -0.2)] });
    const result = run(s, {}, { events: { e: { impactScale: 1.5 } } });
    result.fields.h.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.1 ** n * (n >= 2 ? 0.7 : 1), 9));
    result.fields.s.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.1 ** n, 9));
  });

  it('a scaled random impact is the drawn impact times the scale, trial by trial (the same impact draws)', () => {
    const s = scenario({ clusters: twoClusters(), events: [event('e', ['h'], 2027, 2027, 1, { dist: 'uniform', min: -0.3, max: -0.1 })] });
    const plain = record(compile(s), 500, 3).column('h', 3);
    const scaled = record(compile(s, { events: { e: { impactScale: 2 } } }), 500, 3).column('h', 3);
    for (let t = 0; t < 500; t++) expect(scaled[t]).toBeCloseTo(100 * (1 + 2 * (plain[t] / 100 - 1)), 9);
  });

  it('the factor is floored at 0: impact −0.8 at scale 2 wipes the scope out, never below 0', () => {
    const s = scenario({ clusters: twoClusters(0.1), events: [event('e', ['hit'], 2026, 2026, 1, -0.8)] });
    const result = run(s, {}, { events: { e: { impactScale: 2 } } });
    expect(result.fields.h.p5.slice(2)).toEqual([0, 0, 0, 0, 0]);
    expect(result.fields.h.mean.slice(2)).toEqual([0, 0, 0, 0, 0]);
  });

  it('forceYear: the impact lands in exactly that year in every trial, the scope\'s value ratio to no event is 1 + impact from then on', () => {
    // a rare event (p 0.01) over 2025–2030, forced in 2028; an impact uniform on −0.3…−0.1 drawn per trial
    const s = scenario({ clusters: twoClusters(0.05, 0.1), events: [event('e', ['hit'], 2025, 2030, 0.01, { dist: 'uniform', min: -0.3, max: -0.1 })] });
    const trials = 300;
    const off = record(compile(s, { events: { e: false } }), trials, 8);
    const forced = record(compile(s, { events: { e: { forceYear: 2028 } } }), trials, 8);
    const scaled = record(compile(s, { events: { e: { forceYear: 2028, impactScale: 0.5 } } }), trials, 8);
    for (let t = 0; t < trials; t++) {
      for (let step = 0; step < 4; step++) expect(forced.value('h', step, t)).toBe(off.value('h', step, t));
      const ratio = forced.value('h', 4, t) / off.value('h', 4, t);
      expect(ratio).toBeGreaterThanOrEqual(0.7 - 1e-12);
      expect(ratio).toBeLessThanOrEqual(0.9 + 1e-12);
      // the same impact draw in every year after (the state is multiplied once; noise is the event's own stream)
      for (let step = 5; step <= 6; step++) expect(forced.value('h', step, t) / off.value('h', step, t)).toBeCloseTo(ratio, 12);
      expect(scaled.value('h', 4, t) / off.value('h', 4, t)).toBeCloseTo(1 + 0.5 * (ratio - 1), 12);
    }
    // the field outside the scope is untouched, bit for bit
    for (let step = 0; step <= 6; step++) expect(firstBitDifference(forced.column('s', step), off.column('s', step))).toBe(-1);
  });

  it('forceYear outside the scenario\'s window (any year of the run) applies the impact of that year', () => {
    const s = scenario({ clusters: twoClusters(), events: [event('e', ['h'], 2026, 2027, 0.5, 'year == 2030 ? -0.5 : -0.1')] });
    const result = run(s, {}, { events: { e: { forceYear: 2030 } } });
    expect(result.fields.h.p50).toEqual([100, 100, 100, 100, 100, 100, 50]);
  });

  it('pins exact seeded numbers of tiny.yaml with each override (engine 2.0.0, seed 7, 2000 trials)', () => {
    const tiny = tinyScenario();
    const at2030 = (o: Parameters<typeof run>[2]) => {
      const r = run(tiny, {}, o);
      return [r.clusters.beta.p50[6], r.clusters.beta.mean[6], r.targets[0].probability];
    };
    expect(at2030({})).toEqual(PINNED.plain);
    expect(at2030({ events: { shock: { probabilityPerYear: 0.5 } } })).toEqual(PINNED.probability);
    expect(at2030({ events: { shock: { impactScale: 1.5 } } })).toEqual(PINNED.scaled);
    expect(at2030({ events: { shock: { forceYear: 2027 } } })).toEqual(PINNED.forced);
  });

  it('same seed → the same bits on one thread and on two worker threads, with every kind of override', async () => {
    const pool = new WorkerPool(2);
    try {
      const tiny = tinyScenario();
      const overrides = { events: { shock: { forceYear: 2028, impactScale: 1.5 } } };
      const single = JSON.stringify(runModel(compile(tiny, overrides), { trials: 1500 }));
      expect(JSON.stringify(runModel(compile(tiny, overrides), { trials: 1500 }))).toBe(single);
      const pooled = await runScenario(tiny, { trials: 1500, pool, minTrialsForPool: 1, overrides });
      expect(JSON.stringify({ ...pooled, meta: { ...pooled.meta, durationMs: 0 } })).toBe(single);
      const probability = { events: { shock: { probabilityPerYear: 0.6 } } };
      const p1 = JSON.stringify(runModel(compile(tiny, probability), { trials: 1500 }));
      const p2 = await runScenario(tiny, { trials: 1500, pool, minTrialsForPool: 1, overrides: probability });
      expect(JSON.stringify({ ...p2, meta: { ...p2.meta, durationMs: 0 } })).toBe(p1);
    } finally {
      await pool.close();
    }
  });

  it('other fields and events keep their numbers: an override acts only where it applies', () => {
    const s = scenario({
      clusters: twoClusters(0.05, 0.2),
      events: [event('a', ['hit'], 2025, 2030, 0.3, { dist: 'uniform', min: -0.3, max: -0.1 }), event('b', ['spared'], 2025, 2030, 0.3, { dist: 'uniform', min: -0.3, max: -0.1 })],
    });
    const plain = record(compile(s), 300, 4);
    const changed = record(compile(s, { events: { a: { probabilityPerYear: 0.9, impactScale: 2 } } }), 300, 4);
    for (let step = 0; step <= 6; step++) expect(firstBitDifference(changed.column('s', step), plain.column('s', step))).toBe(-1);
    expect(firstBitDifference(changed.column('h', 6), plain.column('h', 6))).not.toBe(-1);
  });
});

describe('bad event overrides', () => {
  const s = () => checkScenario(shocked());
  it('names an unknown event and lists the valid ones', () => {
    expect(issueAt(issuesOf(() => compile(s(), { events: { shocks: { impactScale: 2 } } })), 'overrides.events.shocks').message).toBe('unknown event "shocks"; events: shock');
  });

  it('names each bad key with what is valid', () => {
    const issues = issuesOf(() => compile(s(), { events: { shock: { probabilityPerYear: 1.5, impactScale: -1 } } }));
    expect(issueAt(issues, 'overrides.events.shock.probabilityPerYear').message).toBe("must be a probability from 0 to 1 (it replaces the scenario's 0.3 in each year of 2026–2029), got 1.5");
    expect(issueAt(issues, 'overrides.events.shock.impactScale').message).toMatch(/^must be a multiplier from 0 to 10 of each drawn impact .*got -1$/);
    expect(issueAt(issuesOf(() => compile(s(), { events: { shock: { forceYear: 2024 } } })), 'overrides.events.shock.forceYear').message).toBe('must be a year of the run from 2025 to 2030 (the event then happens in that year in every trial), got 2024');
    expect(issueAt(issuesOf(() => compile(s(), { events: { shock: { forceYear: 2027.5 } } })), 'overrides.events.shock.forceYear').message).toMatch(/got 2027\.5$/);
    expect(issueAt(issuesOf(() => compile(s(), { events: { shock: { forceYear: 2031 } } })), 'overrides.events.shock.forceYear').message).toMatch(/from 2025 to 2030/);
    expect(issueAt(issuesOf(() => compile(s(), { events: { shock: { impactScale: Number.NaN } } })), 'overrides.events.shock.impactScale').message).toMatch(/got NaN$/);
  });

  it('an unknown key, and probability with forceYear, are refused with the way out', () => {
    const unknown = issuesOf(() => compile(s(), { events: { shock: { probability: 0.5 } as never } }));
    expect(issueAt(unknown, 'overrides.events.shock.probability').message).toBe('unknown key; an event\'s change takes probabilityPerYear, impactScale, forceYear');
    const both = issuesOf(() => compile(s(), { events: { shock: { probabilityPerYear: 0.5, forceYear: 2027 } } }));
    expect(issueAt(both, 'overrides.events.shock.probabilityPerYear').message).toMatch(/cannot be given with forceYear/);
    const wrong = issuesOf(() => compile(s(), { events: { shock: 0.5 as never } }));
    expect(issueAt(wrong, 'overrides.events.shock').message).toBe('must be false (switch it off), true (as in the scenario) or an object with probabilityPerYear, impactScale, forceYear, got 0.5');
  });
});

/** beta's median and mean in 2030 and the total target's probability: fewer with a likelier, harder or certain shock. */
const PINNED = {
  plain: [38.575124432209506, 40.18213882109969, 0.9305],
  probability: [29.365738934503263, 31.310498798213835, 0.8535],
  scaled: [35.30704151067828, 36.93484216892371, 0.899],
  forced: [36.20960802563246, 37.80468815832894, 0.9205],
};
