/**
 * Reading a scenario: YAML or JSON text → plain data → shape check against the schema, every
 * problem reported at once with its path.
 */
import { parseDocument } from 'yaml';
import { ScenarioError, type Issue } from '../core/errors.ts';
import { checkShape } from './check.ts';
import { Scenario } from './scenario.ts';

/** Checks plain data against the scenario schema; returns it typed, or throws a ScenarioError. */
export function checkScenario(data: unknown): Scenario {
  const issues: Issue[] = [];
  checkShape(Scenario, data, '', issues);
  if (issues.length) throw new ScenarioError(issues);
  return data as Scenario;
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
