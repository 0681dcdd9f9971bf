/**
 * Events: each trial-year in the window, with probabilityPerYear, every field in scope is
 * multiplied by (1 + impact) from that year on; occurrences compound.
 */
import { describe, expect, it } from 'vitest';
import { cagrField, cluster, compile, event, firstBitDifference, logisticField, PERCENTILE_KEYS, record, run, scenario, numbersOf } from './helpers.ts';

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
