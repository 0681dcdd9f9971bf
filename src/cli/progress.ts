/** A progress bar on a terminal's stderr, shown only once a run has taken more than a second. */
import { grouped } from '../core/format.ts';

export interface ProgressBar {
  readonly update: (done: number, total: number) => void;
  readonly done: () => void;
}

/** A bar that writes to `write` (a TTY) after `delayMs`, redrawing at most every 100 ms. */
export function progressBar(write: (text: string) => void, label: string, delayMs = 1000): ProgressBar {
  const started = performance.now();
  let shown = false;
  let lastDraw = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - started < delayMs || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      shown = true;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const rate = done / ((now - started) / 1000);
      const eta = rate > 0 ? (total - done) / rate : 0;
      const tail = done >= total ? 'summarizing and searching the required uplift…' : `${grouped(Math.round(rate))} trials/s · ${eta.toFixed(0)} s left`;
      write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% · ${tail}\x1b[K`);
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}
