/**
 * Results have the Result shape of DESIGN.md (the bundled scenarios are checked in test/scenarios.test.ts).
 */
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/core/compile.ts';
import { runModel } from '../../src/core/run.ts';
import { Result } from '../../src/schema/result.ts';
import { tinyScenario } from '../core/helpers.ts';

describe('the Result shape', () => {
  const scenario = tinyScenario();
  const result = runModel(compileScenario(scenario), { trials: 300 });

  it('matches the Result schema and has one series entry per year', () => {
    expect(Value.Check(Result, result)).toBe(true);
    const length = scenario.endYear - scenario.baseYear + 1;
    for (const stats of [result.total, ...Object.values(result.clusters), ...Object.values(result.fields)]) {
      for (const series of Object.values(stats)) expect(series).toHaveLength(length);
    }
    expect(Object.keys(result.clusters)).toEqual(['alpha', 'beta']);
    expect(Object.keys(result.fields)).toEqual(['a1', 'a2', 'b1']);
    expect(Object.keys(result.targets[0].reachedByYear)).toEqual(['2025', '2026', '2027', '2028', '2029', '2030']);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('percentiles are ordered p5 ≤ … ≤ p95 and the total is the sum of the clusters trial by trial (mean of sums)', () => {
    const keys = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;
    for (let s = 0; s < result.years.length; s++) {
      for (let k = 1; k < keys.length; k++) expect(result.total[keys[k]][s]).toBeGreaterThanOrEqual(result.total[keys[k - 1]][s]);
      const clusterMeans = Object.values(result.clusters).reduce((sum, c) => sum + c.mean[s], 0);
      expect(result.total.mean[s]).toBeCloseTo(clusterMeans, 9);
    }
  });
});
