/**
 * `npm run bench:analysis`: issue 11's figures on the baseline at 10k trials.
 *
 * - the free sensitivity (result.sensitivity): runs with and without it, alternately in one
 *   process (compiled dist/), in this thread and on two workers; medians and the ratio;
 * - the analyses on request, each a whole `future-sim` process (bin/future-sim.js): Sobol by
 *   group and by input, scenario discovery, the paired comparison; wall time of each.
 *
 *   npm run bench:analysis               # everything
 *   npm run bench:analysis -- --free     # the free sensitivity only
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import type * as Load from '../src/node/load.ts';
import type * as Pool from '../src/node/pool.ts';
import type * as Runner from '../src/node/runner.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const baseline = `${root}scenarios/baseline.yaml`;
const TRIALS = 10_000;
const REPS = 41;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Runs with and without the free sensitivity, alternately, after a warm-up of each. */
async function freeTier(workers: number): Promise<{ off: number; on: number }> {
  const dist = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
  const { loadScenarioFile } = (await dist('node/load.js')) as typeof Load;
  const { WorkerPool } = (await dist('node/pool.js')) as typeof Pool;
  const { runScenario } = (await dist('node/runner.js')) as typeof Runner;
  const scenario = await loadScenarioFile(baseline);
  const pool = workers > 1 ? new WorkerPool(workers) : undefined;
  const options = { trials: TRIALS, pool, minTrialsForPool: 1 };
  const times = { off: [] as number[], on: [] as number[] };
  for (let k = 0; k < 2 * REPS + 4; k++) {
    const on = k % 2 === 1;
    const t0 = performance.now();
    await runScenario(scenario, { ...options, sensitivity: on });
    if (k >= 4) times[on ? 'on' : 'off'].push(performance.now() - t0);
  }
  await pool?.close();
  return { off: median(times.off), on: median(times.on) };
}

/** Wall time of a whole `future-sim` process, in seconds (fails loudly when the command does). */
function wall(args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [`${root}bin/future-sim.js`, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`future-sim ${args.join(' ')} failed: ${run.stderr}`);
  return s;
}

buildIfStale();
console.log(`issue 11 analysis benchmark: ${baseline}, ${TRIALS.toLocaleString('en-US')} trials`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
for (const workers of [1, 2]) {
  const { off, on } = await freeTier(workers);
  console.log(
    `free sensitivity, ${workers === 1 ? 'one thread' : 'two workers'}: run ${off.toFixed(1)} ms without, ${on.toFixed(1)} ms with (medians of ${REPS}): +${((on / off - 1) * 100).toFixed(1)}%`,
  );
}
if (!process.argv.includes('--free')) {
  const common = ['--trials', String(TRIALS), '--format', 'json', '--out', '/dev/null'];
  const rows: [string, string[], string][] = [
    ['run (for scale)', ['run', baseline, ...common], ''],
    ['given-data sensitivity, every output', ['sensitivity', baseline, ...common], ''],
    ['Sobol by group', ['sensitivity', baseline, '--method', 'sobol', '--by', 'group', ...common], 'goal ≤ 10 s'],
    ['discovery', ['discover', baseline, ...common], 'goal ≤ 3 s'],
    ['paired comparison (accelerated vs baseline)', ['compare', baseline, `${root}scenarios/accelerated.yaml`, '--paired', ...common], ''],
    ['Sobol by input', ['sensitivity', baseline, '--method', 'sobol', '--by', 'input', ...common], 'goal ≤ 60 s'],
  ];
  for (const [what, args, goal] of rows) console.log(`${what.padEnd(46)} ${wall(args).toFixed(2).padStart(7)} s whole process${goal ? `  (${goal})` : ''}`);
}
