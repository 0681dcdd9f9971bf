/**
 * Reading a scenario: YAML or JSON text → plain data → shape check against the schema (TypeBox's
 * compiler, validate.ts), then the meaning checks of compile; every problem reported at once with its path.
 */
import { createRequire } from 'node:module';
import { CORE_SCHEMA, load } from 'js-yaml';
import { compileScenario } from '../core/compile.ts';
import { ScenarioError, type Issue } from '../core/errors.ts';
import { Scenario } from './scenario.ts';
import { pastSizeLimit, shapeIssues } from './validate.ts';

/** First `from` and last `to` of the growth periods in loosely shaped scenario data, if any. */
function periodYears(record: Record<string, unknown>): [number | undefined, number | undefined] {
  let first: number | undefined;
  let last: number | undefined;
  const clusters = Array.isArray(record.clusters) ? record.clusters : [];
  for (const c of clusters) {
    const fields = c && typeof c === 'object' && Array.isArray((c as { fields?: unknown }).fields) ? (c as { fields: unknown[] }).fields : [];
    for (const f of fields) {
      const periods = (f as { growth?: { periods?: unknown } } | null)?.growth?.periods;
      if (!Array.isArray(periods)) continue;
      for (const p of periods as { from?: unknown; to?: unknown }[]) {
        if (Number.isInteger(p?.from)) first = Math.min(first ?? Infinity, p.from as number);
        if (Number.isInteger(p?.to)) last = Math.max(last ?? -Infinity, p.to as number);
      }
    }
  }
  return [first, last];
}

/** Whether `path` lies at or below `prefix` (`a.b[1]` is below `a.b`). */
function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * Checks plain data against the scenario schema; returns it typed, or throws a ScenarioError.
 * When the shape is wrong, the semantic checks still run on what they can read, so the error
 * lists every problem at once (those under an already reported path are left out).
 */
export function checkScenario(data: unknown): Scenario {
  const issues: Issue[] = shapeIssues(Scenario, data);
  if (issues.length === 0) return data as Scenario;
  // input past a size limit is not compiled for more problems: its size is the problem
  const oversized = pastSizeLimit(issues);
  if (!oversized && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    // unreadable years would stop the semantic pass: stand in placeholders, and report nothing at their paths
    const record = { ...(data as Record<string, unknown>) };
    const isYear = (v: unknown) => Number.isInteger(v) && (v as number) >= 1900 && (v as number) <= 2200;
    const [firstGrown, lastGrown] = periodYears(record);
    if (!isYear(record.baseYear)) record.baseYear = firstGrown !== undefined ? firstGrown - 1 : isYear(record.endYear) ? (record.endYear as number) - 11 : 2024;
    if (!isYear(record.endYear)) record.endYear = lastGrown ?? (record.baseYear as number) + 11;
    try {
      compileScenario(record as Scenario);
    } catch (err) {
      if (err instanceof ScenarioError) {
        for (const issue of err.issues) if (!issues.some((i) => within(issue.path, i.path) || within(i.path, issue.path))) issues.push(issue);
      }
      // anything else: the malformed part stopped the semantic pass; the shape issues stand
    }
  }
  throw new ScenarioError(issues);
}

/** The `yaml` package, loaded on the slow path only (its import alone costs ~15 ms of a command's start). */
const yamlPackage = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');

/** An anchor or alias (`&name`, `*name`) where a node can start: such text takes the parser that bounds alias expansion. */
const ANCHOR_OR_ALIAS = /(^|[\s,[{])[&*][^\s,[\]{}]/m;

/**
 * YAML 1.2 (core schema) text read by js-yaml, several times faster than the `yaml` package
 * (measured: 6 ms against 35 ms for a 16-field scenario, the larger part of a command's start);
 * `ok: false` when the text has anchors or aliases or does not parse: the `yaml` package then
 * reads it again, for its messages with line and column and its bound on alias expansion.
 */
function readYamlFast(text: string): { ok: true; data: unknown } | { ok: false } {
  if (ANCHOR_OR_ALIAS.test(text)) return { ok: false };
  try {
    return { ok: true, data: load(text, { schema: CORE_SCHEMA }) };
  } catch {
    return { ok: false };
  }
}

/** Parses YAML (a superset of JSON) scenario text and checks its shape. `name` labels errors; a `.json` name is read as JSON. */
export function parseScenario(text: string, name = 'scenario'): Scenario {
  if (text.trim() === '' || text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('#'))) {
    throw new ScenarioError([{ path: name, code: 'unreadable', message: 'the file is empty; start from a bundled scenario (scenarios/baseline.yaml) and change it' }], `cannot read ${name}`, 'unreadable');
  }
  if (name.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      const message = (err as Error).message;
      const at = /position (\d+)/.exec(message);
      let where = name;
      if (at) {
        const before = text.slice(0, Number(at[1])).split('\n');
        where = `${name}:${before.length}:${before[before.length - 1].length + 1}`;
      }
      throw new ScenarioError([{ path: where, code: 'unreadable', message: `not valid JSON: ${message}` }], `cannot read ${name}`, 'unreadable');
    }
    return checkScenario(data);
  }
  const fast = readYamlFast(text);
  if (fast.ok) return checkScenario(fast.data);
  const doc = yamlPackage().parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ScenarioError(
      doc.errors.map((e) => ({ path: `${name}:${e.linePos?.[0]?.line ?? '?'}:${e.linePos?.[0]?.col ?? '?'}`, code: 'unreadable' as const, message: e.message.split('\n')[0].replace(/:\s*$/, '') })),
      `cannot read ${name}`,
      'unreadable',
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // the yaml package refuses an alias expansion past maxAliasCount (a "billion laughs" document)
    if (!(err instanceof ReferenceError)) throw err;
    throw new ScenarioError([{ path: name, code: 'unreadable', message: 'its aliases (*name) expand too many times (more than 100 per document); write the repeated parts out' }], `cannot read ${name}`, 'unreadable');
  }
  return checkScenario(data);
}
