/**
 * Parameter groups (parameterCorrelations): the parameters of one kind share a common factor,
 * u = Φ(√ρ·Z + √(1 − ρ)·Φ⁻¹(own)), so their normal scores are correlated with ρ while each keeps
 * its own distribution.
 */
import { describe, expect, it } from 'vitest';
import { normalCdf, probit } from '../../src/core/special.ts';
import { cagrField, cluster, compile, correlation, issueAt, issuesOf, logisticField, meanSd, periodsField, record, run, scenario } from './helpers.ts';

const TRIALS = 4000;
/** SE of a sample correlation ρ̂ from m pairs: ≈ (1 − ρ²)/√m. */
const se = (rho: number, m: number) => (1 - rho * rho) / Math.sqrt(m);

const lognormalBase = { dist: 'lognormal' as const, low: 5, high: 20 };

describe('normalCdf', () => {
  it('matches known values and inverts probit', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1.6448536269514722)).toBeCloseTo(0.05, 7);
    for (const u of [1e-6, 0.001, 0.3, 0.77, 0.999]) expect(normalCdf(probit(u)) / u).toBeCloseTo(1, 5);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 28);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
  });
});

describe('parameterCorrelations', () => {
  it('base values of the fields in scope have log-correlation ρ (lognormal: ln base is the normal score)', () => {
    const s = scenario({
      clusters: [cluster('a', [cagrField('x', lognormalBase, 0), cagrField('y', lognormalBase, 0)]), cluster('b', [cagrField('z', lognormalBase, 0)])],
      parameterCorrelations: [{ parameters: 'base', scope: 'a', rho: 0.6 }],
    });
    const rec = record(compile(s), TRIALS, 3);
    const ln = (id: string) => rec.column(id, 0).map(Math.log);
    // m = 4000 pairs: SE ≈ 0.64/√4000 ≈ 0.010
    expect(Math.abs(correlation(ln('x'), ln('y')) - 0.6)).toBeLessThan(4 * se(0.6, TRIALS));
    expect(Math.abs(correlation(ln('x'), ln('z')))).toBeLessThan(4 * se(0, TRIALS));
  });

  it("keeps each parameter's own distribution: the 5th and 95th percentiles of a base are still low and high", () => {
    const s = scenario({
      clusters: [cluster('a', [cagrField('x', lognormalBase, 0), cagrField('y', lognormalBase, 0)])],
      parameterCorrelations: [{ parameters: 'base', rho: 0.9 }],
    });
    const result = run(s, { trials: 20_000, seed: 5 });
    // p5 of a lognormal from 20,000 draws: relative SE ≈ 2%
    expect(result.fields.x.p5[0] / 5).toBeCloseTo(1, 1);
    expect(result.fields.x.p95[0] / 20).toBeCloseTo(1, 1);
  });

  it("growth groups tie a field's period rates and the rates across fields", () => {
    const rate1 = { dist: 'normal' as const, mean: 0.2, sd: 0.05 };
    const rate2 = { dist: 'normal' as const, mean: 0.1, sd: 0.05 };
    const s = scenario({
      clusters: [
        cluster('a', [
          periodsField('x', 10, [
            [2025, 2027, rate1],
            [2028, 2030, rate2],
          ]),
          periodsField('y', 10, [
            [2025, 2027, rate1],
            [2028, 2030, rate2],
          ]),
        ]),
      ],
      parameterCorrelations: [{ parameters: 'growth', rho: 0.5 }],
    });
    const rec = record(compile(s), TRIALS, 8);
    const g = (id: string, step: number) => {
      const a = rec.column(id, step - 1);
      return rec.column(id, step).map((v, i) => v / a[i] - 1);
    };
    expect(Math.abs(correlation(g('x', 1), g('x', 5)) - 0.5)).toBeLessThan(4 * se(0.5, TRIALS));
    expect(Math.abs(correlation(g('x', 1), g('y', 1)) - 0.5)).toBeLessThan(4 * se(0.5, TRIALS));
    expect(Math.abs(meanSd(g('x', 1)).mean - 0.2)).toBeLessThan(0.005);
  });

  it("widens the total's range compared with independent parameters", () => {
    const fields = ['a', 'b', 'c', 'd'].map((id) => cagrField(id, lognormalBase, 0.1));
    const independent = run(scenario({ clusters: [cluster('k', fields)] }), { trials: 5000 });
    const shared = run(scenario({ clusters: [cluster('k', fields)], parameterCorrelations: [{ parameters: 'base', rho: 0.7 }] }), { trials: 5000 });
    const width = (r: typeof independent) => r.total.p95[0] - r.total.p5[0];
    expect(width(shared)).toBeGreaterThan(1.3 * width(independent));
  });

  it('rejects unknown scopes, a parameter in two groups, and capacity groups without a logistic field', () => {
    const two = [cluster('a', [cagrField('x', 10, 0.1)])];
    expect(
      issueAt(
        issuesOf(() => compile(scenario({ clusters: two, parameterCorrelations: [{ parameters: 'base', scope: 'nope', rho: 0.5 }] }))),
        'parameterCorrelations[0].scope',
      ).message,
    ).toMatch(/unknown scope "nope"/);
    expect(
      issueAt(
        issuesOf(() =>
          compile(
            scenario({
              clusters: two,
              parameterCorrelations: [
                { parameters: 'base', rho: 0.5 },
                { parameters: 'base', scope: 'x', rho: 0.2 },
              ],
            }),
          ),
        ),
        'parameterCorrelations[1]',
      ).message,
    ).toMatch(/already in parameterCorrelations\[0\]/);
    expect(
      issueAt(
        issuesOf(() => compile(scenario({ clusters: two, parameterCorrelations: [{ parameters: 'capacity', rho: 0.5 }] }))),
        'parameterCorrelations[0].parameters',
      ).message,
    ).toMatch(/logistic/);
    expect(() =>
      compile(
        scenario({
          clusters: [cluster('a', [logisticField('l', 10, { low: 50, high: 100 }, 0.3)])],
          parameterCorrelations: [{ parameters: 'capacity', rho: 0.5 }],
        }),
      ),
    ).not.toThrow();
  });
});
