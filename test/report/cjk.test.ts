/**
 * Chinese in the server's chart images on a machine without CJK fonts (issue "The page and the API
 * in small modules…"): the project ships its font (report/fonts.ts). The check runs in a process
 * whose view of the system's font folders is empty (a private mount, as root), draws every Chinese
 * character the charts may show, and compares each with the missing-glyph box.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts'].filter((d) => existsSync(d));
const script = fileURLToPath(new URL('../fixtures/cjk-coverage.ts', import.meta.url));
const cwd = fileURLToPath(new URL('../../', import.meta.url));

const empty = mkdtempSync(join(tmpdir(), 'no-fonts-'));
/** Shell commands that hide the system's font folders behind an empty one (in a private mount namespace). */
const hide = FONT_DIRS.map((d) => `mount --bind ${empty} ${d}`).join(' && ') || 'true';
/** Whether this machine lets the test hide them (root, or a user namespace). */
const canHide = spawnSync('unshare', ['-m', 'sh', '-c', hide], { encoding: 'utf8' }).status === 0;

describe('Chinese in chart images', () => {
  // needs a private mount (root, as in CI on this project's machines); elsewhere it is skipped, and says so
  if (!canHide) console.warn('test/report/cjk.test.ts: cannot hide the system fonts here (unshare -m needs root): the shipped-font check is skipped');
  it.skipIf(!canHide)('every character the charts show is drawn with the shipped font, with no system font to fall back on', () => {
    const { stdout, stderr, status } = spawnSync('unshare', ['-m', 'sh', '-c', `${hide} && exec node --import tsx ${script}`], {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { slices: number; checked: number; missing: string[]; png: string };
    expect(report.slices).toBeGreaterThan(90);
    expect(report.checked).toBeGreaterThan(100);
    expect(report.missing).toEqual([]);
    expect(existsSync(report.png)).toBe(true);
  });
});
