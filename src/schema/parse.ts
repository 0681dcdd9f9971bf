/**
 * Reading a scenario: YAML or JSON text → plain data → shape check against the schema, every
 * problem reported at once with its path.
 */
import { parseDocument } from 'yaml';
import { compileScenario } from '../core/compile.ts';
import { ScenarioError, type Issue } from '../core/errors.ts';
import { checkShape } from './check.ts';
import { Scenario } from './scenario.ts';

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
  const issues: Issue[] = [];
  checkShape(Scenario, data, '', issues);
  if (issues.length === 0) return data as Scenario;
  if (typeof data === 'object' && data !== null) {
    try {
      compileScenario(data as Scenario);
    } catch (err) {
      if (err instanceof ScenarioError) {
        for (const issue of err.issues) if (!issues.some((i) => within(issue.path, i.path) || within(i.path, issue.path))) issues.push(issue);
      }
      // anything else: the malformed part stopped the semantic pass; the shape issues stand
    }
  }
  throw new ScenarioError(issues);
}

/** Parses YAML (a superset of JSON) scenario text and checks its shape. `name` labels errors. */
export function parseScenario(text: string, name = 'scenario'): Scenario {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ScenarioError(
      doc.errors.map((e) => ({ path: `${name}:${e.linePos?.[0]?.line ?? '?'}:${e.linePos?.[0]?.col ?? '?'}`, message: e.message.split('\n')[0] })),
      `cannot read ${name}`,
    );
  }
  return checkScenario(doc.toJS({ maxAliasCount: 100 }));
}
