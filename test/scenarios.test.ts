import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parse, parseDocument, stringify } from 'yaml';
import { compileScenario } from '../src/core/compile.ts';
import { runModel } from '../src/core/run.ts';
import { scenarioJsonSchema } from '../src/schema/json-schema.ts';
import { checkScenario, parseScenario } from '../src/schema/parse.ts';
import { Result } from '../src/schema/result.ts';

const dir = new URL('../scenarios/', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json'));

function finite(result: Result): boolean {
  const numbers: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'number') numbers.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(result);
  return numbers.every(Number.isFinite);
}

describe('every file in scenarios/', () => {
  it('is there: baseline, accelerated and headwinds at least', () => {
    expect(files).toEqual(expect.arrayContaining(['baseline.yaml', 'accelerated.yaml', 'headwinds.yaml']));
  });

  for (const file of files) {
    describe(file, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const scenario = parseScenario(text, file);

      it('points editors at the JSON Schema and names itself after the file', () => {
        expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
        expect(scenario.id).toBe(file.replace(/\.(ya?ml|json)$/, ''));
      });

      it('loads, runs and gives finite numbers for every scope', () => {
        const result = runModel(compileScenario(scenario), { trials: 1000 });
        expect([...Value.Errors(Result, result)].map((e) => `${e.path}: ${e.message}`)).toEqual([]);
        expect(finite(result)).toBe(true);
        expect(result.years[0]).toBe(scenario.baseYear);
        expect(Object.keys(result.fields)).toHaveLength(scenario.clusters.reduce((n, c) => n + c.fields.length, 0));
        expect(result.targets.map((t) => t.id)).toEqual((scenario.targets ?? []).map((t) => t.id));
      });

      it('reads the same with both YAML parsers (js-yaml fast, the yaml package for messages and aliases)', () => {
        expect(load(text, { schema: CORE_SCHEMA })).toEqual(parseDocument(text, { uniqueKeys: true }).toJS());
      });

      it('round-trips through JSON and YAML to the same result', () => {
        const viaJson = checkScenario(JSON.parse(JSON.stringify(scenario)));
        const viaYaml = checkScenario(parse(stringify(scenario)));
        const a = runModel(compileScenario(scenario), { trials: 300 });
        expect(runModel(compileScenario(viaJson), { trials: 300 })).toEqual(a);
        expect(runModel(compileScenario(viaYaml), { trials: 300 })).toEqual(a);
      });

      it('marks every field as an estimate or sourced, with its reasoning and sources', () => {
        for (const cluster of scenario.clusters) {
          expect(cluster.name.zh.length).toBeGreaterThan(0);
          for (const field of cluster.fields) {
            expect(field.provenance?.status, field.id).toMatch(/^(estimate|sourced)$/);
            expect(field.provenance?.base?.length ?? 0, field.id).toBeGreaterThan(40);
            expect(field.provenance?.growth?.length ?? 0, field.id).toBeGreaterThan(40);
            expect(field.sources?.length ?? 0, field.id).toBeGreaterThan(0);
          }
        }
      });

      it("says the scope it models: the reading, what its totals count and leave out, and each field's", () => {
        expect(scenario.scope?.reading).toMatch(/^(narrow|broad)$/);
        expect(scenario.scope?.counts.length ?? 0).toBeGreaterThan(40);
        for (const cluster of scenario.clusters) for (const field of cluster.fields) expect(field.scope?.counts.length ?? 0, field.id).toBeGreaterThan(20);
      });
    });
  }

  it('share one structure, so they compare on common random numbers', () => {
    const ids = (f: string) => parseScenario(readFileSync(join(dir, f), 'utf8')).clusters.map((c) => [c.id, c.fields.map((x) => x.id)]);
    expect(ids('accelerated.yaml')).toEqual(ids('baseline.yaml'));
    expect(ids('headwinds.yaml')).toEqual(ids('baseline.yaml'));
  });

  it('baseline covers the five clusters and sixteen fields of the plan, with the 500bn 2030 target and a 2035 milestone', () => {
    const s = parseScenario(readFileSync(join(dir, 'baseline.yaml'), 'utf8'));
    expect(s.clusters.map((c) => c.id)).toEqual(['health', 'intelligence', 'energy', 'space', 'materials']);
    expect(s.clusters.flatMap((c) => c.fields)).toHaveLength(16);
    expect(s.targets).toEqual(expect.arrayContaining([expect.objectContaining({ year: 2030, scope: 'total', value: 500 })]));
    expect(s.targets?.some((t) => t.year === 2035)).toBe(true);
  });

  it('scenario.schema.json is generated from the current schema (run npm run schema)', () => {
    expect(readFileSync(join(dir, 'scenario.schema.json'), 'utf8')).toBe(scenarioJsonSchema());
  });
});
