/**
 * Every bundled scenario loads, compiles, runs and round-trips; results have the Result shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/core/compile.ts';
import { runModel } from '../../src/core/run.ts';
import { checkScenario, parseScenario } from '../../src/schema/parse.ts';
import { Result } from '../../src/schema/result.ts';
import { Scenario } from '../../src/schema/scenario.ts';
import { tinyScenario } from '../core/helpers.ts';

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

/** Every number in a JSON-like value, with its path. */
function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

describe('bundled scenarios', () => {
  it('there are scenarios to test', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s loads, round-trips through JSON, compiles and runs to a finite Result', (file) => {
    const scenario = parseScenario(readFileSync(DIR + file, 'utf8'), file);
    expect(Value.Check(Scenario, scenario)).toBe(true);
    expect(checkScenario(JSON.parse(JSON.stringify(scenario)))).toEqual(scenario);
    expect(parseScenario(JSON.stringify(scenario))).toEqual(scenario);
    const result = runModel(compileScenario(scenario), { trials: 200, upliftTrials: 200 });
    expect([...Value.Errors(Result, result)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
    expect(numbers(result).filter(([, v]) => !Number.isFinite(v))).toEqual([]);
    expect(result.years[0]).toBe(scenario.baseYear);
    expect(result.years.at(-1)).toBe(scenario.endYear);
    expect(result.targets.map((t) => t.id)).toEqual((scenario.targets ?? []).map((t) => t.id));
  });
});

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
