/** A run's progress bar on a terminal's stderr (cli-progress), shown only once the run has taken more than a second. */
import { SingleBar } from 'cli-progress';
import { grouped } from '../core/format.ts';

export interface ProgressBar {
  readonly update: (done: number, total: number) => void;
  readonly done: () => void;
}

/** Where the bar is drawn: a terminal (the caller checks that it is one), `columns` wide. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly columns?: number;
}

/** What the bar says after the share done: the rate and time left, then what the run does once every trial has advanced. */
function tail(done: number, total: number, seconds: number): string {
  if (done >= total) return 'summarizing and searching the required uplift…';
  const rate = done / seconds;
  const eta = rate > 0 ? (total - done) / rate : 0;
  return `${grouped(Math.round(rate))} trials/s · ${eta.toFixed(0)} s left`;
}

/**
 * A bar (`label [####......] 50% · 12,345 trials/s · 3 s left`) that appears once the run has
 * taken `delayMs`, is redrawn at most every 100 ms (cli-progress redraws on its own clock, and only
 * when the line changed), is cut to the terminal's width, and is cleared by `done`.
 */
export function progressBar(stream: ProgressStream, label: string, delayMs = 1000): ProgressBar {
  const started = Date.now();
  let bar: SingleBar | undefined;
  let finished = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (finished || (!bar && now - started < delayMs)) return;
      const payload = { label, tail: tail(done, total, (now - started) / 1000) };
      if (bar) {
        bar.update(done, payload);
        return;
      }
      bar = new SingleBar({
        stream: { isTTY: true, columns: stream.columns, write: (text: string) => stream.write(text) } as unknown as NodeJS.WritableStream,
        format: '{label} [{bar}] {percentage}% · {tail}',
        barsize: 30,
        barCompleteChar: '#',
        barIncompleteChar: '.',
        fps: 10,
        clearOnComplete: true,
        // a run stopped by Ctrl-C leaves the terminal as it was: no cursor or line-wrap settings to restore
        linewrap: true,
        hideCursor: false,
      });
      bar.start(total, done, payload);
    },
    done() {
      finished = true;
      bar?.stop();
    },
  };
}
