/**
 * Correlated annual noise: ε(y) = L·z with L the Cholesky factor of the scenario's correlation, or
 * common factors (global, cluster, own) for the {withinCluster ≥ acrossClusters ≥ 0} form.
 * With rate 0 the log growth factor ln(V(y)/V(y−1)) = σε − σ²/2 exposes ε directly.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/schema/scenario.ts';
import { cagrField, cluster, compile, correlation, firstBitDifference, issueAt, issuesOf, record, scenario } from './helpers.ts';

const TRIALS = 2_000;
const STEPS = 6; // 2024–2030

/** ln(V(y)/V(y−1)) of field `id` over every trial and year step: TRIALS·STEPS values. */
function logGrowth(s: Scenario, id: string, seed = 17): Float64Array {
  const rec = record(compile(s), TRIALS, seed);
  const out = new Float64Array(TRIALS * STEPS);
  for (let step = 1; step <= STEPS; step++) {
    for (let t = 0; t < TRIALS; t++) out[(step - 1) * TRIALS + t] = Math.log(rec.value(id, step, t) / rec.value(id, step - 1, t));
  }
  return out;
}

const noisy = (id: string, sigma = 0.1) => cagrField(id, 1, 0, { volatility: sigma });

/** SE of a sample Pearson correlation ρ̂ from m pairs: ≈ (1 − ρ²)/√m. */
const seOfCorrelation = (rho: number, m: number): number => (1 - rho * rho) / Math.sqrt(m);

describe('correlation of annual noise', () => {
  it("withinCluster ρ: the sample correlation of two fields' log growth ≈ ρ within 4 SE", () => {
    const s = scenario({ correlation: { withinCluster: 0.6 }, clusters: [cluster('c', [noisy('a'), noisy('b', 0.3)])] });
    const r = correlation(logGrowth(s, 'a'), logGrowth(s, 'b'));
    // m = 12,000 pairs (independent across trials and years): SE ≈ 0.64/√12000 ≈ 0.0058
    expect(Math.abs(r - 0.6)).toBeLessThan(4 * seOfCorrelation(0.6, TRIALS * STEPS));
  });

  it('acrossClusters ρ applies between clusters and withinCluster inside one', () => {
    const s = scenario({
      correlation: { withinCluster: 0.7, acrossClusters: 0.2 },
      clusters: [cluster('x', [noisy('x1'), noisy('x2')]), cluster('y', [noisy('y1')])],
    });
    const m = TRIALS * STEPS;
    const [x1, x2, y1] = [logGrowth(s, 'x1'), logGrowth(s, 'x2'), logGrowth(s, 'y1')];
    expect(Math.abs(correlation(x1, x2) - 0.7)).toBeLessThan(4 * seOfCorrelation(0.7, m));
    expect(Math.abs(correlation(x1, y1) - 0.2)).toBeLessThan(4 * seOfCorrelation(0.2, m));
    expect(Math.abs(correlation(x2, y1) - 0.2)).toBeLessThan(4 * seOfCorrelation(0.2, m));
  });

  it('no correlation given: fields are independent (sample correlation within 4 SE of 0)', () => {
    const s = scenario({ clusters: [cluster('c', [noisy('a'), noisy('b')])] });
    expect(Math.abs(correlation(logGrowth(s, 'a'), logGrowth(s, 'b')))).toBeLessThan(4 * seOfCorrelation(0, TRIALS * STEPS));
  });

  it("noise is drawn afresh each year: lag-1 correlation of a field's log growth within 4 SE of 0", () => {
    const g = logGrowth(scenario({ clusters: [cluster('c', [noisy('a')])] }), 'a');
    const earlier = g.subarray(0, (STEPS - 1) * TRIALS);
    const later = g.subarray(TRIALS);
    expect(Math.abs(correlation(earlier, later))).toBeLessThan(4 * seOfCorrelation(0, earlier.length));
  });

  it('a full matrix (Cholesky) and the equal within/across form (common factors) give the same correlations', () => {
    const fields = [cluster('x', [noisy('x1'), noisy('x2')]), cluster('y', [noisy('y1')])];
    const byRho = scenario({ correlation: { withinCluster: 0.5, acrossClusters: 0.1 }, clusters: fields });
    const byMatrix = scenario({
      correlation: {
        matrix: [
          [1, 0.5, 0.1],
          [0.5, 1, 0.1],
          [0.1, 0.1, 1],
        ],
      },
      clusters: fields,
    });
    expect(compile(byRho).factor).toBeDefined();
    expect(compile(byMatrix).cholesky).toBeDefined();
    const m = TRIALS * STEPS;
    for (const s of [byRho, byMatrix]) {
      const [x1, x2, y1] = [logGrowth(s, 'x1'), logGrowth(s, 'x2'), logGrowth(s, 'y1')];
      expect(Math.abs(correlation(x1, x2) - 0.5)).toBeLessThan(4 * seOfCorrelation(0.5, m));
      expect(Math.abs(correlation(x1, y1) - 0.1)).toBeLessThan(4 * seOfCorrelation(0.1, m));
    }
  });

  it('a negative acrossClusters falls back to the Cholesky factor and still holds', () => {
    const s = scenario({ correlation: { withinCluster: 0.3, acrossClusters: -0.2 }, clusters: [cluster('x', [noisy('x1')]), cluster('y', [noisy('y1')])] });
    expect(compile(s).factor).toBeUndefined();
    expect(Math.abs(correlation(logGrowth(s, 'x1'), logGrowth(s, 'y1')) + 0.2)).toBeLessThan(4 * seOfCorrelation(0.2, TRIALS * STEPS));
  });

  it('withinCluster 1: two identical fields move identically, bit for bit', () => {
    const rec = record(compile(scenario({ correlation: { withinCluster: 1 }, clusters: [cluster('c', [noisy('a'), noisy('b')])] })), 200, 8);
    expect(firstBitDifference(rec.column('a', 6), rec.column('b', 6))).toBe(-1);
    expect(rec.column('a', 6)).not.toEqual(new Float64Array(200).fill(1));
  });

  it('withinCluster −1 between two fields (a valid matrix): their log growth is exactly opposite', () => {
    const s = scenario({ correlation: { withinCluster: -1 }, clusters: [cluster('c', [noisy('a'), noisy('b')])] });
    const [a, b] = [logGrowth(s, 'a'), logGrowth(s, 'b')];
    // ln N = σε − σ²/2 with ε_b = −ε_a: a + b = −σ²
    for (let k = 0; k < 100; k++) expect(a[k] + b[k]).toBeCloseTo(-0.01, 12);
  });
});

describe('invalid correlations are rejected, never repaired', () => {
  const threeFields = [cluster('c', [noisy('a'), noisy('b'), noisy('d')])];

  it('a matrix that is not positive semidefinite, with path correlation.matrix', () => {
    const issues = issuesOf(() =>
      compile(
        scenario({
          correlation: {
            matrix: [
              [1, 0.9, -0.9],
              [0.9, 1, 0.9],
              [-0.9, 0.9, 1],
            ],
          },
          clusters: threeFields,
        }),
      ),
    );
    expect(issueAt(issues, 'correlation.matrix').message).toMatch(/not a valid correlation matrix \(not positive semidefinite/);
  });

  it('withinCluster 0.9 with acrossClusters −0.9 over several clusters, with path correlation', () => {
    const clusters = ['p', 'q', 'r'].map((c) => cluster(c, [noisy(`${c}1`), noisy(`${c}2`)]));
    const issues = issuesOf(() => compile(scenario({ correlation: { withinCluster: 0.9, acrossClusters: -0.9 }, clusters })));
    expect(issueAt(issues, 'correlation').message).toMatch(/not positive semidefinite.*ρw ≥ ρa ≥ 0/);
  });

  it('withinCluster −0.9 among three fields of one cluster', () => {
    const issues = issuesOf(() => compile(scenario({ correlation: { withinCluster: -0.9 }, clusters: threeFields })));
    expect(issueAt(issues, 'correlation').message).toMatch(/not positive semidefinite/);
  });

  it('asymmetric, non-unit diagonal, wrong size, entries outside [−1, 1]', () => {
    const two = [cluster('c', [noisy('a'), noisy('b')])];
    expect(
      issueAt(
        issuesOf(() =>
          compile(
            scenario({
              correlation: {
                matrix: [
                  [1, 0.3],
                  [0.2, 1],
                ],
              },
              clusters: two,
            }),
          ),
        ),
        'correlation.matrix[0][1]',
      ).message,
    ).toMatch(/symmetric/);
    expect(
      issueAt(
        issuesOf(() =>
          compile(
            scenario({
              correlation: {
                matrix: [
                  [1, 0],
                  [0, 0.5],
                ],
              },
              clusters: two,
            }),
          ),
        ),
        'correlation.matrix[1][1]',
      ).message,
    ).toMatch(/diagonal must be 1/);
    expect(
      issueAt(
        issuesOf(() => compile(scenario({ correlation: { matrix: [[1]] }, clusters: two }))),
        'correlation.matrix',
      ).message,
    ).toMatch(/must have 2 rows/);
    expect(
      issueAt(
        issuesOf(() =>
          compile(
            scenario({
              correlation: {
                matrix: [
                  [1, 1.5],
                  [1.5, 1],
                ],
              },
              clusters: two,
            }),
          ),
        ),
        'correlation.matrix[0][1]',
      ).message,
    ).toBe('must be ≤ 1, got 1.5');
    expect(
      issueAt(
        issuesOf(() => compile(scenario({ correlation: { withinCluster: -2 }, clusters: two }))),
        'correlation.withinCluster',
      ).message,
    ).toBe('must be ≥ -1, got -2');
  });

  it('an invalid correlation is rejected even when every volatility is 0', () => {
    const quiet = [cluster('c', [cagrField('a', 1, 0), cagrField('b', 1, 0), cagrField('d', 1, 0)])];
    expect(issuesOf(() => compile(scenario({ correlation: { withinCluster: -0.9 }, clusters: quiet })))[0].path).toBe('correlation');
  });
});
