/// <reference lib="dom" />
/**
 * `npm run bench:page`: how fast the page answers a slider, measured in the browser. Starts the
 * server (a child process on 127.0.0.1, throwaway database), opens the page in Debian's Chromium
 * at 10,000 trials, and moves growth sliders by keyboard the way a user drags them (a few steps
 * 40 ms apart). The page records, for each move, the time from its last input event to the
 * charts being redrawn (its debounce included). Every fresh move sets assumptions never run
 * before, so each one is a new run; a second pass moves back through known positions (runs the
 * page has seen, answered from its memory or the server's store).
 *
 * MOVES (default 40) sets the number of fresh moves. Prints p50/p95/max of each kind.
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
  parts: { wait: number; api: number; draw: number; cached: boolean }[];
  renders: number;
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

/** Moves a slider `steps` steps (negative: left) with key presses 40 ms apart, then waits for the redraw. */
async function move(page: Page, slider: string, steps: number): Promise<number> {
  const before = (await probe(page)).renders;
  await page.focus(`#g-${slider}`);
  for (let i = 0; i < Math.abs(steps); i++) {
    await page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft');
    if (i < Math.abs(steps) - 1) await page.waitForTimeout(40);
  }
  await settled(page, before);
  const { latencies } = await probe(page);
  return latencies[latencies.length - 1];
}

function summary(name: string, xs: number[]): void {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  console.log(`${name.padEnd(34)} n=${String(s.length).padStart(3)}  p50 ${q(0.5).toFixed(0).padStart(5)} ms  p95 ${q(0.95).toFixed(0).padStart(5)} ms  max ${s[s.length - 1].toFixed(0).padStart(5)} ms`);
}

async function main(): Promise<void> {
  buildIfStale(); // the server runs from dist/
  const port = await freePort();
  const server: ChildProcess = await startServerProcess(port, { DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'future-sim-bench-')), 'bench.db'), RATE_LIMIT_MAX: '0' });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/?scenario=baseline&trials=${TRIALS}&seed=1`);
    await settled(page, 0);
    // warm-up: the workers compile this scenario once
    await move(page, 'health', 1);
    await move(page, 'health', -1);

    const fresh: number[] = [];
    const path: [string, number][] = [];
    for (let i = 0; i < MOVES; i++) {
      const slider = CLUSTERS[i % CLUSTERS.length];
      // alternate one-step and three-step drags; always rightwards, so every position is new
      const steps = i % 2 === 0 ? 1 : 3;
      fresh.push(await move(page, slider, steps));
      path.push([slider, steps]);
    }
    const known: number[] = [];
    for (const [slider, steps] of path.slice(-Math.min(20, path.length)).reverse()) known.push(await move(page, slider, -steps));

    console.log(`page latency, last slider input to redrawn charts, ${TRIALS.toLocaleString('en-US')} trials, baseline scenario (debounce included):`);
    summary('new assumptions (a fresh run)', fresh);
    summary('  of which one key press', fresh.filter((_, i) => path[i][1] === 1));
    summary('  of which three presses 40 ms apart', fresh.filter((_, i) => path[i][1] === 3));
    summary('known assumptions (stored run)', known);
    const parts = (await probe(page)).parts.slice(2);
    const freshParts = parts.slice(0, MOVES);
    for (const key of ['wait', 'api', 'draw'] as const) summary(`  of a fresh move: ${key}`, freshParts.map((p) => p[key]));
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
