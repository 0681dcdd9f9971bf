import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressBar } from '../../src/cli/progress.ts';

/** A terminal's stderr as the bar sees it: what was written, 120 columns wide. */
function fakeTty(columns = 120) {
  const stream = { columns, text: '', write: (t: string) => (stream.text += t) };
  return stream;
}
/** The line as a terminal would show it: what follows the last move to column 1, control sequences dropped. */
const ESC = String.fromCharCode(27);
const CONTROL = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}[78]`, 'g');
const shown = (text: string) => (text.split(`${ESC}[1G`).at(-1) ?? '').replace(CONTROL, '');

describe('progressBar', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('stays silent while the run has taken less than its delay, and done then writes nothing', () => {
    const tty = fakeTty();
    const bar = progressBar(tty, 'run');
    bar.update(1, 10);
    vi.advanceTimersByTime(900);
    bar.update(5, 10);
    vi.advanceTimersByTime(2000);
    expect(tty.text).toBe('');
    bar.done();
    expect(tty.text).toBe('');
  });

  it('appears after a second with the share done, the rate and the time left, and is redrawn at most every 100 ms', () => {
    const tty = fakeTty();
    const bar = progressBar(tty, 'baseline.yaml');
    vi.advanceTimersByTime(1000);
    bar.update(5000, 10_000);
    expect(shown(tty.text)).toBe('baseline.yaml [###############...............] 50% · 5,000 trials/s · 1 s left');
    const draws = () => tty.text.split('\x1b[1G').length - 1;
    const first = draws();
    for (let k = 1; k <= 9; k++) {
      vi.advanceTimersByTime(10);
      bar.update(5000 + k * 100, 10_000);
    }
    expect(draws()).toBe(first); // 90 ms later: not redrawn yet
    vi.advanceTimersByTime(10);
    expect(draws()).toBe(first + 1);
    expect(shown(tty.text)).toMatch(/^baseline\.yaml \[#{18}\.{12}\] 59% · 5,\d{3} trials\/s · 1 s left$/);
    vi.advanceTimersByTime(1000);
    expect(draws()).toBe(first + 1); // nothing changed: not redrawn
    bar.update(10_000, 10_000);
    vi.advanceTimersByTime(100);
    expect(shown(tty.text)).toBe('baseline.yaml [##############################] 100% · summarizing and searching the required uplift…');
    bar.done();
    expect(tty.text.endsWith('\x1b[2K')).toBe(true); // the line is cleared
    const after = tty.text;
    vi.advanceTimersByTime(1000);
    bar.update(10_000, 10_000);
    expect(tty.text).toBe(after);
  });

  it("is cut to the terminal's width", () => {
    const tty = fakeTty(40);
    const bar = progressBar(tty, 'a-scenario-with-a-long-name.yaml', 0);
    bar.update(1, 4);
    expect(shown(tty.text)).toHaveLength(40);
    bar.done();
  });
});
