// The house rule of DESIGN.md and issue 10: no file in src or public passes ~300 lines unless its
// header says why ("longer than 300 lines because …" in its first 20 lines).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const LIMIT = 300;
const SKIP = new Set(['vendor']);

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|js|mjs|css|html)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** Files over the limit whose header gives no reason, with their line counts. */
function unexplainedLongFiles(roots: readonly string[]): string[] {
  const out: string[] = [];
  for (const root of roots)
    for (const path of sourceFiles(join(ROOT, root))) {
      const lines = readFileSync(path, 'utf8').split('\n');
      const count = lines.length - (lines.at(-1) === '' ? 1 : 0);
      if (count > LIMIT && !/longer than 300 lines because/i.test(lines.slice(0, 20).join('\n'))) out.push(`${relative(ROOT, path)}: ${count} lines`);
    }
  return out;
}

describe('file length', () => {
  it('keeps every file in src and public within 300 lines, or says why in its header', () => {
    expect(unexplainedLongFiles(['src', 'public'])).toEqual([]);
  });
});
