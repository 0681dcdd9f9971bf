/**
 * `npm run bench`: the baseline scenario at 10k, 100k and 1M trials, in this thread and on a
 * worker pool. Each configuration runs in its own process so peak RSS is its own. Reports wall
 * time (median of warm repetitions), trials per second, nanoseconds per field-year step, peak
 * RSS and the speed-up from worker threads.
 *
 *   npm run bench                 # all sizes
 *   npm run bench -- --quick      # 10k and 100k only
 *   npm run bench -- --peer       # the reference peer beside future-sim, whole process, and the ratio (bench/peer.ts;
 *                                 # its options follow: --trials N --runs K --workers W)
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import type * as Load from '../src/node/load.ts';
import type * as Pool from '../src/node/pool.ts';
import type * as Runner from '../src/node/runner.ts';

const scenarioPath = fileURLToPath(new URL('../scenarios/baseline.yaml', import.meta.url));

interface Measurement {
  trials: number;
  workers: number;
  reps: number;
  medianMs: number;
  minMs: number;
  peakRssMiB: number;
  fieldYearSteps: number;
}

async function child(trials: number, workers: number): Promise<void> {
  // the compiled JavaScript that the CLI and the server run (dist/), not the TypeScript sources
  const dist = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
  const { loadScenarioFile } = (await dist('node/load.js')) as typeof Load;
  const { WorkerPool } = (await dist('node/pool.js')) as typeof Pool;
  const { runScenario } = (await dist('node/runner.js')) as typeof Runner;
  const scenario = await loadScenarioFile(scenarioPath);
  const pool = workers > 1 ? new WorkerPool(workers) : undefined;
  const options = { trials, pool, minTrialsForPool: 1 };
  // warm-up: JIT, worker start-up and the compile cache, excluded from the timings
  await runScenario(scenario, { ...options, trials: Math.min(trials, 20_000) });
  const reps = trials <= 10_000 ? 15 : trials <= 100_000 ? 5 : 1;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await runScenario(scenario, options);
    times.push(performance.now() - t0);
  }
  await pool?.close();
  times.sort((a, b) => a - b);
  const fields = scenario.clusters.reduce((n, c) => n + c.fields.length, 0);
  const m: Measurement = {
    trials,
    workers,
    reps,
    medianMs: times[Math.floor(times.length / 2)],
    minMs: times[0],
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    fieldYearSteps: trials * fields * (scenario.endYear - scenario.baseYear),
  };
  process.stdout.write(JSON.stringify(m));
}

function parent(): void {
  buildIfStale();
  const quick = process.argv.includes('--quick');
  const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  const poolSize = Math.min(4, availableParallelism());
  console.log(`future-industry-sim engine benchmark: ${scenarioPath}`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; pool of ${poolSize} workers\n`);
  const rows: Measurement[] = [];
  for (const trials of sizes) {
    for (const workers of [1, poolSize]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(trials), String(workers)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      if (run.status !== 0) {
        console.error(run.stderr);
        process.exit(1);
      }
      const m = JSON.parse(run.stdout) as Measurement;
      rows.push(m);
      const single = rows.find((r) => r.trials === trials && r.workers === 1);
      const speedup = single && workers > 1 ? `${(single.medianMs / m.medianMs).toFixed(2)}×` : '';
      console.log(
        [
          `${trials.toLocaleString('en-US').padStart(9)} trials`,
          `${String(workers).padStart(2)} worker(s)`,
          `${m.medianMs.toFixed(1).padStart(8)} ms (median of ${m.reps}, min ${m.minMs.toFixed(1)})`,
          `${Math.round((trials / m.medianMs) * 1000)
            .toLocaleString('en-US')
            .padStart(9)} trials/s`,
          `${((m.medianMs * 1e6) / m.fieldYearSteps).toFixed(1).padStart(6)} ns/field-year step`,
          `peak RSS ${m.peakRssMiB.toFixed(0).padStart(5)} MiB`,
          speedup && `speed-up ${speedup}`,
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
  }
}

const i = process.argv.indexOf('--child');
if (i >= 0) await child(Number(process.argv[i + 1]), Number(process.argv[i + 2]));
else if (process.argv.includes('--peer')) {
  const args = process.argv.slice(2).filter((a) => a !== '--peer');
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./peer.ts', import.meta.url)), ...args], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
} else parent();
