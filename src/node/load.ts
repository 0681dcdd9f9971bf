/** Reading scenario files from disk. */
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ScenarioError } from '../core/errors.ts';
import { parseScenario } from '../schema/parse.ts';
import type { Scenario } from '../schema/scenario.ts';

/** Reads and shape-checks a YAML or JSON scenario file. Throws a ScenarioError naming the file. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a scenario file' : (err as Error).message;
    throw new ScenarioError([{ path, message: `${why}; pass a .yaml or .json scenario file (bundled ones are in scenarios/)` }], 'cannot read scenario', 'unreadable');
  }
  try {
    return parseScenario(text, basename(path));
  } catch (err) {
    if (err instanceof ScenarioError) throw err.with(err.issues, `${path} is not a valid scenario`);
    throw err;
  }
}

/** Scenario files (.yaml, .yml, .json, except the JSON Schema) in a folder, sorted by name. */
export async function listScenarioFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScenarioError([{ path: dir, message: code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'is a file, not a folder of scenarios' : (err as Error).message }], 'cannot list scenarios');
  }
  return names
    .filter((n) => /\.(ya?ml|json)$/.test(n) && !n.endsWith('.schema.json'))
    .sort()
    .map((n) => join(dir, n));
}
