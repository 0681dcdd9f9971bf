import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.ts';

describe('progressBar', () => {
  it('stays silent for runs shorter than its delay', () => {
    let written = '';
    const bar = progressBar((t) => (written += t), 'run', 60_000);
    bar.update(5, 10);
    bar.done();
    expect(written).toBe('');
  });

  it('draws the share done and clears its line when done', () => {
    let written = '';
    const bar = progressBar((t) => (written += t), 'baseline.yaml', 0);
    bar.update(5, 10);
    expect(written).toContain('baseline.yaml [###############...............] 50%');
    bar.done();
    expect(written.endsWith('\r\x1b[K')).toBe(true);
  });
});
