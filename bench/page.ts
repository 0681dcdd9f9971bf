/// <reference lib="dom" />
/**
 * `npm run bench:page`: how fast the page answers a slider, measured in the browser. Starts the
 * server (a child process on 127.0.0.1, throwaway database), opens the page in Debian's Chromium
 * at 10,000 trials, and moves growth sliders by keyboard the way a user drags them (a few steps
 * 40 ms apart). The page records, for each move, the time from its last input event to the
 * charts being redrawn (its debounce included): for a fresh move first to the preview (the run of
 * its first 2,000 trials, drawn marked as a preview) and then to the full run replacing it. Every
 * fresh move sets assumptions never run before, so each one is a new run; a second pass moves
 * back through known positions (runs the page has seen, answered from its memory at once, with
 * no preview).
 *
 * MOVES (default 40) sets the number of fresh moves. Prints p50/p95/max of each kind, where the
 * time went, and how many drags the debounce did not hold together (a run started mid-drag).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { freePort, startServerProcess } from '../src/node/server-process.ts';
import { launch } from '../test/browser/chromium.ts';

const MOVES = Number(process.env.MOVES ?? 40);
const TRIALS = Number(process.env.TRIALS ?? 10_000);
const CLUSTERS = ['health', 'intelligence', 'energy', 'space', 'materials'];

interface Probe {
  latencies: number[];
  parts: { wait: number; api: number; draw: number; cached: boolean; preview?: { latency: number; api: number; draw: number; fullApi: number } }[];
  renders: number;
  previews: number;
  runs: number;
  gaps: number[];
  lastInputAt?: number;
}

const probe = (page: Page) => page.evaluate(() => (window as unknown as { __futureSim: Probe }).__futureSim);

async function settled(page: Page, before: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const p = (window as unknown as { __futureSim: Probe }).__futureSim;
      return p.renders > n && p.lastInputAt === undefined;
    },
    before,
    { timeout: 60_000, polling: 5 },
  );
}

/** The pauses between the key presses of each drag, as the page saw them. */
const pressGaps: number[] = [];

/** Moves a slider `steps` steps (negative: left) with key presses 40 ms apart, then waits for the full redraw; returns the runs it started. */
async function move(page: Page, slider: string, steps: number): Promise<number> {
  const { renders: before, runs } = await probe(page);
  await page.focus(`#g-${slider}`);
  for (let i = 0; i < Math.abs(steps); i++) {
    await page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
    if (i < Math.abs(steps) - 1) await page.waitForTimeout(40);
  }
  await settled(page, before);
  const after = await probe(page);
  if (Math.abs(steps) > 1) pressGaps.push(...after.gaps.slice(-(Math.abs(steps) - 1)));
  return after.runs - runs;
}

function summary(name: string, xs: number[]): void {
  if (!xs.length) return console.log(`${name.padEnd(40)} n=  0`);
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  console.log(
    `${name.padEnd(40)} n=${String(s.length).padStart(3)}  p50 ${q(0.5).toFixed(0).padStart(5)} ms  p95 ${q(0.95).toFixed(0).padStart(5)} ms  max ${s[s.length - 1].toFixed(0).padStart(5)} ms`,
  );
}

async function main(): Promise<void> {
  buildIfStale(); // the server runs from dist/
  const port = await freePort();
  const server: ChildProcess = await startServerProcess(port, {
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'future-sim-bench-')), 'bench.db'),
    RATE_LIMIT_MAX: '0',
  });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/?scenario=baseline&trials=${TRIALS}&seed=1`);
    await settled(page, 0);
    // warm-up: the workers compile this scenario once (leftwards, so the fresh moves below stay new)
    await move(page, 'health', -1);
    await move(page, 'health', 1);

    const path: [string, number][] = [];
    const runsOf: number[] = [];
    pressGaps.length = 0;
    for (let i = 0; i < MOVES; i++) {
      const slider = CLUSTERS[i % CLUSTERS.length];
      // alternate one-step and three-step drags; always rightwards, so every position is new
      const steps = i % 2 === 0 ? 1 : 3;
      runsOf.push(await move(page, slider, steps));
      path.push([slider, steps]);
    }
    const gaps = [...pressGaps];
    const back = path.slice(-Math.min(20, path.length)).reverse();
    for (const [slider, steps] of back) await move(page, slider, -steps);

    const { parts: all, latencies } = await probe(page);
    // the first two moves warmed up
    const parts = all.slice(2).map((p, i) => ({ ...p, latency: latencies[i + 2] }));
    const fresh = parts.slice(0, MOVES);
    const known = parts.slice(MOVES);
    const one = fresh.filter((_, i) => path[i][1] === 1);
    const three = fresh.filter((_, i) => path[i][1] === 3);
    const previewOf = (ps: typeof parts) => ps.flatMap((p) => (p.preview ? [p.preview.latency] : []));
    const finalOf = (ps: typeof parts) => ps.map((p) => p.latency);
    console.log(`page latency, last slider input to redrawn charts, ${TRIALS.toLocaleString('en-US')} trials, baseline scenario (debounce included):`);
    summary('new assumptions: preview drawn (2,000)', previewOf(fresh));
    summary('  of which one key press', previewOf(one));
    summary('  of which three presses 40 ms apart', previewOf(three));
    summary(`new assumptions: full run drawn (${TRIALS.toLocaleString('en-US')})`, finalOf(fresh));
    summary('  of which one key press', finalOf(one));
    summary('  of which three presses 40 ms apart', finalOf(three));
    summary('known assumptions (fetched before)', finalOf(known));
    console.log(`fresh moves drawn with a preview: ${previewOf(fresh).length} of ${fresh.length}; known ones: ${previewOf(known).length} of ${known.length}`);
    summary(
      '  of a fresh move: wait (debounce)',
      fresh.map((p) => p.wait),
    );
    summary(
      '  of a fresh move: preview api',
      fresh.flatMap((p) => (p.preview ? [p.preview.api] : [])),
    );
    summary(
      '  of a fresh move: preview draw',
      fresh.flatMap((p) => (p.preview ? [p.preview.draw] : [])),
    );
    summary(
      '  of a fresh move: full api after preview',
      fresh.flatMap((p) => (p.preview ? [p.preview.fullApi] : [])),
    );
    summary(
      '  of a fresh move: full draw',
      fresh.map((p) => p.draw),
    );
    summary('key-press gaps within a drag (as the page saw them)', gaps);
    const split = runsOf.filter((n, i) => path[i][1] === 3 && n > 1).length;
    console.log(`three-press drags run in more than one run (the debounce did not hold them together): ${split} of ${three.length}`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
