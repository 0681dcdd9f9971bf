// Which inputs decide a target year by year (by-year.ts), on a scenario whose answer is known.
import { describe, expect, it } from 'vitest';
import { byYearSensitivity } from '../../../src/core/analysis/by-year.ts';
import { cagrField, cluster, compile, lever, scenario } from '../helpers.ts';

/**
 * One field, no noise, no events: base ~ normal(100, 10) growing 10% a year, and a lever whose
 * delivery is uncertain but has no effect. The target (total ≥ 100·1.1⁶ in 2030) is met exactly
 * when base ≥ 100: P = 1/2, all of it decided by the base value, none by the lever; each year's
 * threshold is the same value, out of reach in the first years (P = 0, no variance to share).
 */
const oneGroupUncertain = () =>
  scenario({
    clusters: [cluster('c', [cagrField('f', { dist: 'normal', mean: 100, sd: 10 }, 0.1)])],
    levers: [lever('l', { dist: 'uniform', min: 0.8, max: 1.2 }, [{ scope: 'total', perUnitDelivery: 0 }])],
    targets: [{ id: 't', year: 2030, scope: 'total', value: 100 * 1.1 ** 6 }],
  });

describe('byYearSensitivity', () => {
  const model = compile(oneGroupUncertain());
  const s = byYearSensitivity(model, undefined, { trials: 10_000, seed: 4 });
  const [t] = s.targets;
  const year = (y: number) => t.years.find((x) => x.year === y)!;
  const share = (y: number, group: string) => year(y).groups.find((g) => g.id === group)!.share;

  it('gives every year from baseYear + 1 to endYear, with the groups of the inputs', () => {
    expect(t).toMatchObject({ target: 't', scope: 'total' });
    expect(t.years.map((y) => y.year)).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    expect(year(2030).groups.map((g) => g.id)).toEqual(['base', 'lever-delivery']);
  });

  it('gives the target year its probability (1/2) and the base values all of it; the idle lever none, within its error', () => {
    const p = year(2030).probability;
    expect(Math.abs(p.estimate - 0.5)).toBeLessThan(4 * p.se);
    expect(p.se).toBeCloseTo(Math.sqrt((p.estimate * (1 - p.estimate)) / 10_000), 12);
    // only the bin the threshold falls in varies within: ≈ 1/M of the variance is left (M = 100 bins)
    expect(share(2030, 'base').estimate).toBeGreaterThan(0.97);
    const idle = share(2030, 'lever-delivery');
    expect(idle.estimate).toBeLessThan(3 * idle.se);
    expect(year(2030).rest.estimate).toBeLessThan(0.03);
  });

  it('gives a year out of reach probability 0 and shares of 0, never NaN', () => {
    const y = year(2025); // 110 ≥ 177 needs a base 6 standard deviations up
    expect(y.probability).toEqual({ estimate: 0, se: 0 });
    for (const g of y.groups) expect(g.share).toEqual({ estimate: 0, se: 0 });
    // in between, the base decides whatever can be decided
    expect(share(2029, 'base').estimate).toBeGreaterThan(0.9);
    expect(year(2029).probability.estimate).toBeLessThan(year(2030).probability.estimate);
  });

  it('names the valid targets for an unknown one', () => {
    expect(() => byYearSensitivity(model, ['nope'], { trials: 100, seed: 1 })).toThrow('unknown target "nope"; targets: t');
  });
});
