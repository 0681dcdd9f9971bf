/** The scenario's JSON Schema (draft 2020-12) as text, generated from the TypeBox schema. */
import { Scenario } from './scenario.ts';

/** JSON Schema text for `scenarios/scenario.schema.json`. */
export function scenarioJsonSchema(): string {
  const schema = JSON.parse(JSON.stringify(Scenario)) as Record<string, unknown>;
  return JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, null, 2) + '\n';
}
