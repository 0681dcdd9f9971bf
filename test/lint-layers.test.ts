/** The layer rule in eslint.config.js: nothing outside src/api imports it (the page, reports, the CLI, services, the store, the schema, the core). */
import { dirname, relative } from 'node:path/posix';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The rule's messages for a file at `path` that imports src/api/errors.ts. */
async function layerErrors(path: string): Promise<string[]> {
  const code = `import { HttpError } from '${relative(dirname(path), 'src/api/errors.ts')}';\nexport const x = HttpError;\n`;
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('nothing imports src/api', () => {
  for (const path of ['src/report/x.ts', 'src/cli/x.ts', 'src/node/x.ts', 'src/store/x.ts', 'src/schema/x.ts', 'src/core/x.ts', 'public/lib/x.js', 'public/x.js']) {
    it(path, async () => {
      expect((await layerErrors(path)).join('\n')).toMatch(/nothing imports src\/api/);
    });
  }

  it('the API itself may', async () => {
    expect(await layerErrors('src/api/routes/x.ts')).toEqual([]);
  });
});
