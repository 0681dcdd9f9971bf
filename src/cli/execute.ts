/** Running a scenario for the command line: on this thread or worker threads, with a progress bar on a terminal. */
import { ScenarioError } from '../core/errors.ts';
import type { Result } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import { asFlags, defaultWorkers, overridesOf, type RunFlags } from './flags.ts';
import type { Io } from './io.ts';

/** A pool started early (while the scenario file is read) when --trials already says it will be needed. */
let earlyPool: Promise<InstanceType<typeof import('../node/pool.ts').WorkerPool>> | undefined;

/** Starts the pool a run of `workers` threads will use while its file is read. */
export function startEarlyPool(workers: number): void {
  if (workers > 1) earlyPool = import('../node/pool.ts').then(({ WorkerPool }) => new WorkerPool(workers, { exclusive: true }));
}

/** Closes an early pool no run took (a file that could not be read). */
export async function closeEarlyPool(): Promise<void> {
  const unused = earlyPool;
  earlyPool = undefined;
  if (unused) await (await unused).close();
}

/** Runs with a pool when asked (or when the run is big), reporting progress on a terminal. */
export async function execute(scenario: Scenario, flags: RunFlags, io: Io, label: string): Promise<Result> {
  try {
    return await executeRun(scenario, flags, io, label);
  } catch (err) {
    if (err instanceof ScenarioError) throw asFlags(err, label, flags);
    throw err;
  }
}

async function executeRun(scenario: Scenario, flags: RunFlags, io: Io, label: string): Promise<Result> {
  const trials = flags.trials ?? scenario.simulation.trials;
  const workers = flags.workers ?? defaultWorkers(trials);
  // the pool (piscina) and the bar (cli-progress) load only when used: a one-thread run off a terminal needs neither
  const [{ runScenario }, progress] = await Promise.all([import('../node/runner.ts'), io.stderrIsTty ? import('./progress.ts') : undefined]);
  const early = earlyPool ? await earlyPool : undefined;
  earlyPool = undefined;
  let pool = early;
  if (pool && pool.size !== workers) {
    await pool.close();
    pool = undefined;
  }
  if (!pool && workers > 1) pool = new (await import('../node/pool.ts')).WorkerPool(workers, { exclusive: true });
  const bar = progress?.progressBar({ write: io.stderr, columns: process.stderr.columns }, label);
  try {
    return await runScenario(scenario, {
      trials: flags.trials,
      seed: flags.seed,
      upliftTrials: flags.upliftTrials,
      overrides: overridesOf(flags),
      pool,
      minTrialsForPool: 1,
      onProgress: bar?.update,
    });
  } finally {
    bar?.done();
    await pool?.close();
  }
}
