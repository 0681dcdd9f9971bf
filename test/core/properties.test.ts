/**
 * Properties over many random valid scenarios: results are finite, non-negative, ordered and
 * self-consistent. The generator is seeded, so a failure names a reproducible case number.
 */
import { describe, expect, it } from 'vitest';
import { nextUniform, seedStream } from '../../src/core/rng.ts';
import type { Result } from '../../src/schema/result.ts';
import type { Cluster, EventDef, Field, Lever, Param, Scenario, Target } from '../../src/schema/scenario.ts';
import { cagrField, cluster, issuesOf, names, PERCENTILE_KEYS, run, scenario } from './helpers.ts';

/** A small seeded generator of valid scenarios. */
function generator(caseNumber: number) {
  const state = new Int32Array(4);
  seedStream(state, 4242, caseNumber, 1);
  const u = (): number => nextUniform(state);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * u();
  const int = (lo: number, hi: number): number => Math.floor(between(lo, hi + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(u() * items.length)];

  /** A parameter around `center` with spread `spread`, in one of every form. */
  const param = (center: number, spread: number, positive: boolean): Param => {
    const lo = positive ? Math.max(center - spread, center / 3) : center - spread;
    const hi = center + spread;
    switch (int(0, 6)) {
      case 0:
        return center;
      case 1:
        return { dist: 'uniform', min: lo, max: hi };
      case 2:
        return { dist: 'triangular', min: lo, mode: between(lo, hi), max: hi };
      case 3:
        return { dist: 'pert', min: lo, mode: between(lo, hi), max: hi };
      case 4:
        return positive ? { low: lo, high: hi } : { dist: 'normal', mean: center, sd: spread / 3 };
      case 5:
        return positive ? { dist: 'lognormal', low: lo, high: hi } : `${center.toFixed(3)} - ${(spread / 10).toFixed(4)} * t`;
      default:
        return { dist: 'fixed', value: center };
    }
  };

  return (): Scenario => {
    const baseYear = 2024;
    const endYear = baseYear + int(1, 12);
    const clusters: Cluster[] = [];
    const ids: string[] = [];
    for (let c = 0; c < int(1, 3); c++) {
      const fields: Field[] = [];
      for (let f = 0; f < int(1, 3); f++) {
        const id = `f${c}-${f}`;
        const base = param(between(1, 100), between(0, 20), true);
        const volatility = pick([0, 0, 0.05, 0.2, 0.5]);
        if (u() < 0.3) {
          fields.push({
            id,
            name: names(id),
            base,
            volatility,
            growth: { model: 'logistic', capacity: param(between(50, 400), between(0, 50), true), rate: param(between(0.05, 0.8), 0.05, true) },
          });
        } else {
          const cut = int(baseYear + 1, endYear);
          const periods =
            cut < endYear && u() < 0.5
              ? [
                  { from: baseYear + 1, to: cut, rate: param(between(-0.3, 0.6), 0.1, false) },
                  { from: cut + 1, to: endYear, rate: param(between(-0.3, 0.6), 0.1, false) },
                ]
              : [{ from: baseYear + 1, to: endYear, rate: param(between(-0.3, 0.6), 0.1, false) }];
          fields.push({ id, name: names(id), base, volatility, growth: { model: 'cagr', periods } });
        }
        ids.push(id);
      }
      clusters.push(cluster(`c${c}`, fields));
      ids.push(`c${c}`);
    }
    const scopes = ['total', ...ids];
    const events: EventDef[] = Array.from({ length: int(0, 2) }, (_, k) => {
      const from = int(baseYear + 1, endYear);
      return {
        id: `e${k}`,
        scope: [pick(scopes)],
        years: { from, to: int(from, endYear) },
        probabilityPerYear: between(0, 1),
        impact: pick<Param>([-1, -0.2, { dist: 'uniform', min: -0.5, max: 0.3 }, { dist: 'pert', min: -1, mode: -0.1, max: 0 }]),
      };
    });
    const levers: Lever[] = Array.from({ length: int(0, 2) }, (_, k) => ({
      id: `l${k}`,
      name: names(`l${k}`),
      delivery: pick<Param>([1, 0, 2, { dist: 'uniform', min: 0.5, max: 1.5 }, { low: 0.8, high: 1.2 }]),
      effects: [{ scope: pick(scopes), perUnitDelivery: pick<Param>([0.04, -0.02, { dist: 'uniform', min: 0, max: 0.1 }]) }],
    }));
    const targets: Target[] = Array.from({ length: int(0, 3) }, (_, k) => ({
      id: `t${k}`,
      year: int(baseYear + 1, endYear),
      scope: pick(scopes),
      value: between(1, 500),
    }));
    const correlation = pick<Scenario['correlation']>([undefined, { withinCluster: 0.5, acrossClusters: 0.1 }, { withinCluster: 1, acrossClusters: 0 }, { withinCluster: 0.3 }]);
    return {
      schemaVersion: 1,
      id: 'random',
      title: 'random',
      baseYear,
      endYear,
      simulation: { trials: int(1, 150), seed: int(0, 1000) },
      clusters,
      events,
      levers,
      targets,
      ...(correlation ? { correlation } : {}),
    };
  };
}

function checkResult(result: Result, label: string): void {
  const all = [['total', result.total], ...Object.entries(result.clusters), ...Object.entries(result.fields)] as const;
  for (const [scope, stats] of all) {
    for (const key of ['mean', ...PERCENTILE_KEYS] as const) {
      for (const v of stats[key]) {
        if (!Number.isFinite(v) || v < 0) expect.fail(`${label}: ${scope}.${key} has ${v}`);
      }
    }
    for (let s = 0; s < result.years.length; s++) {
      for (let k = 1; k < PERCENTILE_KEYS.length; k++) {
        if (!(stats[PERCENTILE_KEYS[k]][s] >= stats[PERCENTILE_KEYS[k - 1]][s])) expect.fail(`${label}: ${scope} percentiles out of order in ${result.years[s]}`);
      }
    }
  }
  for (const t of result.targets) {
    expect(t.probability, label).toBeGreaterThanOrEqual(0);
    expect(t.probability, label).toBeLessThanOrEqual(1);
    expect(t.gapAtMedian, label).toBe(t.p50 - t.value);
    let previous = 0;
    for (const year of result.years.slice(1)) {
      const reached = t.reachedByYear[String(year)];
      expect(reached, label).toBeGreaterThanOrEqual(previous);
      expect(reached, label).toBeLessThanOrEqual(1);
      previous = reached;
    }
    expect(t.reachedByYear[String(t.year)], label).toBeGreaterThanOrEqual(t.probability);
    for (const v of [t.requiredGrowthUplift.p50, t.requiredGrowthUplift.p80]) {
      if (v !== null) {
        expect(v, label).toBeGreaterThanOrEqual(-1);
        expect(v, label).toBeLessThanOrEqual(1);
      }
    }
  }
  expect(numbersAreFinite(result), label).toBe(true);
}

function numbersAreFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(numbersAreFinite);
  if (value && typeof value === 'object') return Object.values(value).every(numbersAreFinite);
  return true;
}

describe('random valid scenarios', () => {
  it('200 random scenarios: every number finite, values ≥ 0, percentiles ordered, targets consistent', () => {
    for (let k = 0; k < 200; k++) {
      const s = generator(k)();
      const label = `case ${k}`;
      const result = run(s);
      checkResult(result, label);
      expect(JSON.stringify(run(s)), label).toBe(JSON.stringify(result));
    }
  });
});

describe('extreme but valid inputs', () => {
  it('growth that overflows on the central path is a ScenarioError naming the field, never Infinity in a result', () => {
    // a rate of 2 (200% a year) from 1e300 overflows in 2025
    const s = scenario({ clusters: [cluster('c', [cagrField('f', 1e300, 2)])] });
    const issues = issuesOf(() => run(s, { trials: 5 }));
    expect(issues[0].path).toBe('clusters[0].fields[0].growth');
    expect(issues[0].message).toMatch(/^output passes 10\^15 bn yuan by 2024/);
  });

  it('output that overflows in some trials only is a ScenarioError naming the scope and year', () => {
    // the central path stays small, but the widest trials overflow
    const s = scenario({ clusters: [cluster('c', [cagrField('f', { dist: 'lognormal', mu: 0, sigma: 300 }, 0.1)])] });
    const issues = issuesOf(() => run(s, { trials: 200 }));
    expect(issues[0].path).toBe('total');
    expect(issues[0].message).toMatch(/^output overflows \(Infinity\)/);
  });

  it('a large but meaningful base with fixed growth stays exact', () => {
    const result = run(scenario({ clusters: [cluster('c', [cagrField('f', 1e9, 0.5)])] }), { trials: 3 });
    expect(result.total.p50[6]).toBeCloseTo(1e9 * 1.5 ** 6, 0);
  });

  it('a field that collapses to exactly 0 in most trials still summarizes (rate + shift ≤ −1 in 0.8/1.1 of them)', () => {
    const s = scenario({ clusters: [cluster('c', [cagrField('f', 100, { dist: 'uniform', min: -1, max: 0.1 })])] });
    const result = run(s, { trials: 3000, seed: 2 }, { growthShift: { f: -0.8 } });
    expect(result.fields.f.p5[6]).toBe(0);
    expect(result.fields.f.p50[6]).toBe(0);
    expect(result.fields.f.p95[6]).toBeGreaterThan(0);
  });

  // Bug (see quantile.test.ts): a valid scenario whose values underflow to zeros and subnormal
  // numbers crashes the summary with "RangeError: Maximum call stack size exceeded" in
  // quantilesInPlace. Input: base 100, rate uniform(−0.99999, −0.9999) over 80 years, 2000 trials.
  // Expected: a Result (percentiles 0 or subnormal); got: RangeError.
  it('a field decaying into subnormal numbers summarizes without crashing', () => {
    // factors of 1e-6 to 1e-5 a year for 60 years: 1e-358 to 1e-298, zeros and subnormals
    const s = scenario({ endYear: 2084, clusters: [cluster('c', [cagrField('f', 100, { dist: 'uniform', min: -0.999999, max: -0.99999 }, { to: 2084 })])] });
    const result = run(s, { trials: 2000 });
    expect(result.fields.f.p50[60]).toBeGreaterThanOrEqual(0);
    expect(result.fields.f.p95[60]).toBeLessThan(1e-290);
  });
});
