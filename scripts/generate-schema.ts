/**
 * Writes scenarios/scenario.schema.json from the TypeBox schema in src/schema/scenario.ts, so
 * editors validate and complete scenario files. `npm run schema`; a test checks it is current.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from '../src/schema/json-schema.ts';

const target = fileURLToPath(new URL('../scenarios/scenario.schema.json', import.meta.url));
writeFileSync(target, scenarioJsonSchema());
console.log(`wrote ${target}`);
