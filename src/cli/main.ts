/**
 * The `future-sim` command line: run, validate, compare and list scenarios.
 * Exit codes: 0 success, 2 bad input (every problem listed), 1 a bug.
 *
 * Start-up is most of a small command's time, so this module loads only commander and the errors:
 * each command imports what it needs (loading and checking files, the runner, the pool, reports)
 * when it runs; --help loads nothing more and --version only the engine's version.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import type { Overrides } from '../core/compile.ts';
import { ScenarioError, type Issue } from '../core/errors.ts';
import { MAX_DELIVERY, MAX_IMPACT_SCALE, MAX_TRIALS, MAX_VOLATILITY_SCALE, RUN_DEFAULTS, SEED_MAX, UPLIFT_TRIALS_MAX, UPLIFT_TRIALS_MIN } from '../core/limits.ts';
import type { Names } from '../report/text.ts';
import type { Result } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import { grouped } from '../core/format.ts';

/** Where output goes; tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTty: boolean;
  /** Binary output (an XLSX workbook) on stdout; without it, binary output needs --out. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
  /** Whether stdout is a terminal (binary output is refused there). */
  readonly stdoutIsTty?: boolean;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: Boolean(process.stderr.isTTY),
  stdoutBytes: (b) => process.stdout.write(b),
  stdoutIsTty: Boolean(process.stdout.isTTY),
};

/** The bundled scenarios folder, wherever the command runs from. */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

const FORMATS = ['table', 'json', 'csv', 'xlsx', 'md', 'tidy-csv'] as const;
type Format = (typeof FORMATS)[number];

/** A finished command with a non-zero exit code and nothing more to say on stderr than `message`. */
class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A file's problems as report lines, each with its line in the file and the ids along its path (a file that cannot be read: as they are). */
async function located(file: string, issues: readonly Issue[]): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return issues.map((i) => `${i.path || '(root)'}: ${i.message}`);
  }
  const { locateIssues, describeLocated } = await import('../node/locate.ts');
  return locateIssues(text, issues).map(describeLocated);
}

/** The flag of each key of an event's change. */
const EVENT_FLAGS: Readonly<Record<string, string>> = { probabilityPerYear: '--event-probability', impactScale: '--event-impact', forceYear: '--force-event' };

/** Override paths in engine errors, said as the flags a CLI user typed. */
function asFlags(err: ScenarioError, file: string, flags: RunFlags): ScenarioError {
  // an event is named by the flag that named it
  const eventFlag = (id: string) => (flags.eventOff?.includes(id) ? '--event-off' : flags.eventProbability?.[id] !== undefined ? '--event-probability' : flags.eventImpact?.[id] !== undefined ? '--event-impact' : flags.forceEvent?.[id] !== undefined ? '--force-event' : '--event-off');
  const issues = err.issues.map((i) => {
    const change = /^overrides\.events\.([^.]+)\.(probabilityPerYear|impactScale|forceYear)$/.exec(i.path);
    if (change) return { path: `${EVENT_FLAGS[change[2]]} ${change[1]}`, message: i.message };
    const event = /^overrides\.events\.([^.]+)$/.exec(i.path);
    if (event) return { path: `${eventFlag(event[1])} ${event[1]}`, message: i.message };
    const m = /^overrides\.(leverDelivery|growthShift|events|volatilityScale)\.?(.*)$/.exec(i.path);
    if (!m) return i;
    const flag = { leverDelivery: '--delivery', growthShift: '--shift-pp', events: '--event-off', volatilityScale: '--volatility-scale' }[m[1] as 'events'];
    // the path only: the flags' own checks (pairs) keep every value in the engine's range, so what
    // reaches here names an id the scenario lacks, in the engine's words
    return { path: m[2] ? `${flag} ${m[2]}` : flag, message: i.message };
  });
  return err.with(issues, `${file}: ${err.heading}`);
}

/**
 * Trials from which runs go to worker threads (both cores) by default. Measured whole process on
 * the reference workload (best of 5): at 10k trials one thread is faster (0.33 s vs 0.36 s: the
 * workers' start and JIT warm-up), at 20k two workers (0.40 vs 0.43 s), at 50k by a quarter
 * (0.50 vs 0.66 s).
 */
const AUTO_POOL_TRIALS = 20_000;

/** Worker threads for a run of `trials` when --workers is not given. */
function defaultWorkers(trials: number): number {
  return trials >= AUTO_POOL_TRIALS ? Math.min(4, availableParallelism()) : 1;
}

/** A pool started early (while the scenario file is read) when --trials already says it will be needed. */
let earlyPool: Promise<InstanceType<typeof import('../node/pool.ts').WorkerPool>> | undefined;

function wholeNumber(flag: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ScenarioError([{ path: flag, message: `must be a whole number from ${min} to ${grouped(max)}, got ${JSON.stringify(text)}` }], 'invalid option', 'invalid-option');
    }
    return value;
  };
}

function pairs(flag: string, scale: number, min: number, max: number, unit: string) {
  return (text: string, previous: Record<string, number> = {}): Record<string, number> => {
    const m = /^([a-z0-9][a-z0-9-]*)=([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)$/i.exec(text);
    if (!m) throw new ScenarioError([{ path: flag, message: `expected id=number (e.g. ${flag} intelligence=1.5), got ${JSON.stringify(text)}` }], 'invalid option', 'invalid-option');
    const value = Number(m[2]);
    if (!(value >= min && value <= max)) {
      throw new ScenarioError([{ path: `${flag} ${m[1]}`, message: `must be from ${min} to ${max}${unit}, got ${m[2]}` }], 'invalid option', 'invalid-option');
    }
    return { ...previous, [m[1]]: value * scale };
  };
}

/** Parses repeatable `id=year` pairs (--force-event). */
function yearPairs(flag: string) {
  return (text: string, previous: Record<string, number> = {}): Record<string, number> => {
    const m = /^([a-z0-9][a-z0-9-]*)=(\d{4})$/i.exec(text);
    if (!m) throw new ScenarioError([{ path: flag, message: `expected id=year (e.g. ${flag} chip-export-controls=2027), got ${JSON.stringify(text)}` }], 'invalid option');
    return { ...previous, [m[1]]: Number(m[2]) };
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function names(scenario: Scenario, lang: Lang = 'en'): Names {
  const out: Record<string, string> = lang === 'zh' ? { total: '合计' } : {};
  for (const c of scenario.clusters) {
    out[c.id] = c.name[lang] ?? c.name.en;
    for (const f of c.fields) out[f.id] = f.name[lang] ?? f.name.en;
  }
  return out;
}

type Lang = 'en' | 'zh';

interface RunFlags {
  trials?: number;
  seed?: number;
  format: Format;
  unit: 'cny' | 'yi' | 'usd';
  lang: Lang;
  out?: string;
  workers?: number;
  delivery?: Record<string, number>;
  shiftPp?: Record<string, number>;
  eventOff?: string[];
  eventProbability?: Record<string, number>;
  eventImpact?: Record<string, number>;
  forceEvent?: Record<string, number>;
  volatilityScale?: number;
  upliftTrials?: number;
}

/** The event flags as overrides.events: off, or a change of probability, impact scale and forced year. */
function eventOverrides(flags: RunFlags): NonNullable<Overrides['events']> | undefined {
  const changes: Record<string, { probabilityPerYear?: number; impactScale?: number; forceYear?: number }> = {};
  const add = (values: Record<string, number> | undefined, key: 'probabilityPerYear' | 'impactScale' | 'forceYear') => {
    for (const [id, v] of Object.entries(values ?? {})) changes[id] = { ...changes[id], [key]: v };
  };
  add(flags.eventProbability, 'probabilityPerYear');
  add(flags.eventImpact, 'impactScale');
  add(flags.forceEvent, 'forceYear');
  const off = flags.eventOff ?? [];
  const both = off.filter((id) => Object.hasOwn(changes, id));
  if (both.length) throw new ScenarioError(both.map((id) => ({ path: `--event-off ${id}`, message: 'the event is also changed by --event-probability, --event-impact or --force-event; switch it off or change it, not both' })), 'invalid option');
  const events = { ...Object.fromEntries(off.map((id) => [id, false as const])), ...changes };
  return Object.keys(events).length ? events : undefined;
}

function overridesOf(flags: RunFlags): Overrides {
  const events = eventOverrides(flags);
  return {
    ...(flags.delivery ? { leverDelivery: flags.delivery } : {}),
    ...(flags.shiftPp ? { growthShift: flags.shiftPp } : {}),
    ...(events ? { events } : {}),
    ...(flags.volatilityScale !== undefined ? { volatilityScale: flags.volatilityScale } : {}),
  };
}

/** Runs with a pool when asked (or when the run is big), reporting progress on a terminal. */
async function execute(scenario: Scenario, flags: RunFlags, io: Io, label: string): Promise<Result> {
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
  const [{ runScenario }, { WorkerPool }, { progressBar }] = await Promise.all([import('../node/runner.ts'), import('../node/pool.ts'), import('./progress.ts')]);
  const early = earlyPool ? await earlyPool : undefined;
  earlyPool = undefined;
  let pool = early;
  if (pool && pool.size !== workers) {
    await pool.close();
    pool = undefined;
  }
  if (!pool && workers > 1) pool = new WorkerPool(workers, { exclusive: true });
  const bar = io.stderrIsTty ? progressBar(io.stderr, label) : undefined;
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

async function emit(text: string | Uint8Array, flags: { out?: string }, io: Io, inputs: readonly string[] = []): Promise<void> {
  if (!flags.out) {
    if (typeof text === 'string') io.stdout(text);
    else if (io.stdoutBytes && !io.stdoutIsTty) io.stdoutBytes(text);
    else throw new ScenarioError([{ path: '--out', message: 'an XLSX workbook is binary and is not written to a terminal: give --out report.xlsx, or pipe the output to a file' }], 'invalid option');
    return;
  }
  if (inputs.some((f) => resolve(f) === resolve(flags.out as string))) {
    throw new ScenarioError([{ path: '--out', message: `${flags.out} is the scenario being run; write the output to another file` }], 'invalid option', 'invalid-option');
  }
  try {
    await writeFile(flags.out, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message;
    throw new ScenarioError([{ path: '--out', message: `cannot write ${flags.out}: ${why}` }], 'invalid option', 'invalid-option');
  }
  io.stderr(`wrote ${flags.out}\n`);
}

async function render(result: Result, flags: Pick<RunFlags, 'format' | 'unit' | 'lang'>, scenario: Scenario, file: string): Promise<string | Uint8Array> {
  const { format, unit = 'cny', lang = 'en' } = flags;
  const table = async () => (await import('../report/table.ts')).reportTable({ scenario, result, origin: { kind: 'file', name: basename(file) }, generatedBy: `future-sim ${PACKAGE_VERSION}` }, lang, unit);
  switch (format) {
    case 'json':
      return JSON.stringify(result, null, 2) + '\n';
    case 'csv':
      return (await import('../report/csv.ts')).tableCsv(await table());
    case 'xlsx':
      return (await import('../report/xlsx.ts')).tableXlsx(await table());
    case 'tidy-csv':
      return (await import('../report/csv.ts')).toCsv(result);
    case 'md':
      return (await import('../report/text.ts')).renderMarkdown(result, names(scenario, lang), { unit, scenario, lang });
    case 'table':
      return (await import('../report/text.ts')).renderTable(result, names(scenario, lang), { unit, scenario, lang });
    default:
      return format satisfies never;
  }
}

function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--trials <n>', 'number of trials (default: the scenario\'s simulation.trials)', wholeNumber('--trials', 1, MAX_TRIALS))
    .option('--seed <s>', 'random seed (default: the scenario\'s simulation.seed)', wholeNumber('--seed', 0, SEED_MAX))
    .option('--workers <n>', `threads that run the trials: 1 is this one, more are worker threads (default: 1, or ${Math.min(4, availableParallelism())} from ${grouped(AUTO_POOL_TRIALS)} trials)`, wholeNumber('--workers', 1, 64))
    .option('--uplift-trials <n>', `trials used for the required-uplift search (default ${grouped(RUN_DEFAULTS.upliftTrials)})`, wholeNumber('--uplift-trials', UPLIFT_TRIALS_MIN, UPLIFT_TRIALS_MAX))
    .option('--delivery <lever=x>', 'lever delivery, 1 = as planned (repeatable)', pairs('--delivery', 1, 0, MAX_DELIVERY, ''))
    .option('--shift-pp <scope=pp>', 'add percentage points to annual growth of total, a cluster or a field (repeatable)', pairs('--shift-pp', 0.01, -100, 100, ' pp'))
    .option('--event-off <id>', 'switch an event off (repeatable)', collect)
    .option('--event-probability <id=p>', 'an event\'s probability per year, 0 to 1, in place of the scenario\'s in its window (repeatable)', pairs('--event-probability', 1, 0, 1, ''))
    .option('--event-impact <id=x>', `multiply an event's drawn impacts by x, 0 to ${MAX_IMPACT_SCALE} (1.5 = bites half as hard again; repeatable)`, pairs('--event-impact', 1, 0, MAX_IMPACT_SCALE, ''))
    .option('--force-event <id=year>', 'make an event happen in that year in every trial and in no other (repeatable)', yearPairs('--force-event'))
    .option('--volatility-scale <x>', 'multiply every field\'s volatility', (t: string) => {
      const v = Number(t);
      if (!(v >= 0 && v <= MAX_VOLATILITY_SCALE)) {
        throw new ScenarioError([{ path: '--volatility-scale', code: 'range', message: `must be a number from 0 to ${MAX_VOLATILITY_SCALE} (1 = as in the scenario), got ${JSON.stringify(t)}` }], 'invalid option', 'invalid-option');
      }
      return v;
    });
}

/** The modules that read and check scenario files (YAML, the schema, the model's compiler). */
const loading = () => Promise.all([import('../node/load.ts'), import('../node/runner.ts')]).then(([load, runner]) => ({ ...load, validateScenario: runner.validateScenario }));

/**
 * Builds the program; `main` parses argv with it. `engineVersion` is only printed by --version
 * (main passes it only then: it comes from the engine's modules, which the other commands load later).
 */
export function buildProgram(io: Io = defaultIo, engineVersion = 'unknown'): Command {
  const program = new Command('future-sim')
    .description('Monte Carlo projections of Shanghai\'s future industries against the action plan\'s targets')
    .version(`future-sim ${PACKAGE_VERSION} (engine ${engineVersion})`, '-V, --version', 'version of the program and of the engine\'s numbers')
    .showHelpAfterError('(run future-sim --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  addRunOptions(
    program
      .command('run <file>')
      .description('run a scenario file and print projections, ranges and target checks')
      .addOption(new Option('--format <format>', 'output format: table, json, csv or xlsx (the report table), md, tidy-csv (one row per number)').choices(FORMATS).default('table'))
      .addOption(new Option('--unit <unit>', 'unit of the table, Markdown, CSV and XLSX: cny (bn yuan), yi (亿元, 100m yuan) or usd (bn US$ at the scenario\'s rate)').choices(['cny', 'yi', 'usd'] as const).default('cny'))
      .addOption(new Option('--lang <lang>', 'language of the table, Markdown, CSV and XLSX: en or zh').choices(['en', 'zh'] as const).default('en'))
      .option('--out <file>', 'write the output to a file instead of stdout'),
  ).action(async (file: string, flags: RunFlags) => {
    // refused before the run, not after it
    if (flags.format === 'xlsx' && !flags.out && (io.stdoutIsTty || !io.stdoutBytes)) await emit(new Uint8Array(), flags, io);
    const workers = flags.workers ?? (flags.trials !== undefined ? defaultWorkers(flags.trials) : 1);
    if (workers > 1) earlyPool = import('../node/pool.ts').then(({ WorkerPool }) => new WorkerPool(workers, { exclusive: true }));
    try {
      const { loadScenarioFile } = await import('../node/load.ts');
      const scenario = await loadScenarioFile(file);
      const result = await execute(scenario, flags, io, basename(file));
      await emit(await render(result, flags, scenario, file), flags, io, [file]);
    } finally {
      // a file that could not be read leaves the early pool unused
      const unused = earlyPool;
      earlyPool = undefined;
      if (unused) await (await unused).close();
    }
  });

  program
    .command('validate <files...>')
    .description('check scenario files and list every problem with its path')
    .action(async (files: string[]) => {
      const { loadScenarioFile, validateScenario } = await loading();
      const failures: Issue[] = [];
      let badFiles = 0;
      for (const file of files) {
        try {
          const scenario = await loadScenarioFile(file);
          const model = validateScenario(scenario);
          const targets = model.targets.length === 1 ? '1 target' : `${model.targets.length} targets`;
          io.stdout(`ok  ${file}: ${scenario.id}, ${model.fields.length} fields in ${model.clusters.length} clusters, ${scenario.baseYear}–${scenario.endYear}, ${targets}\n`);
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          badFiles++;
          io.stdout(`bad ${file}:\n${(await located(file, err.issues)).map((i) => `  ${i}`).join('\n')}\n`);
          for (const issue of err.issues) failures.push(issue);
        }
      }
      if (badFiles) throw new ExitError(2, `${failures.length} problem${failures.length === 1 ? '' : 's'} in ${badFiles} of ${files.length} file${files.length === 1 ? '' : 's'} (listed above)`);
    });

  addRunOptions(
    program
      .command('compare <a> <b>')
      .description('run two scenarios on the same seed and trials and show b − a per cluster, total and target')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'md'] as const).default('table'))
      .option('--out <file>', 'write the output to a file instead of stdout'),
  ).action(async (fileA: string, fileB: string, flags: RunFlags) => {
    const [{ loadScenarioFile }, { compareResults }, { describeOverrides, renderComparison }] = await Promise.all([import('../node/load.ts'), import('../core/compare.ts'), import('../report/text.ts')]);
    const [a, b] = [await loadScenarioFile(fileA), await loadScenarioFile(fileB)];
    const shared = { ...flags, trials: flags.trials ?? a.simulation.trials, seed: flags.seed ?? a.simulation.seed };
    const ra = await execute(a, shared, io, basename(fileA));
    const rb = await execute(b, shared, io, basename(fileB));
    const comparison = compareResults(ra, rb);
    const text = flags.format === 'json' ? JSON.stringify(comparison, null, 2) + '\n' : renderComparison(comparison, flags.format === 'md', { ...names(a), ...names(b) }, describeOverrides(ra, a));
    await emit(text, flags, io, [fileA, fileB]);
  });

  program
    .command('list [dir]')
    .description('list scenario files (default: the bundled scenarios)')
    .action(async (dir?: string) => {
      const { listScenarioFiles, loadScenarioFile, validateScenario } = await loading();
      const folder = dir ?? SCENARIOS_DIR;
      const rows: string[] = [];
      for (const file of await listScenarioFiles(folder)) {
        try {
          const s = await loadScenarioFile(file);
          validateScenario(s);
          const targets = (s.targets ?? []).map((t) => `${t.scope} ≥ ${t.value} in ${t.year}`).join('; ');
          rows.push(`${s.id.padEnd(14)} ${s.baseYear}–${s.endYear}  ${s.title}\n${' '.repeat(15)}${basename(file)} · targets: ${targets || 'none'}`);
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          rows.push(`${basename(file).padEnd(14)} invalid: ${err.issues.length} problem(s); run future-sim validate ${file}`);
        }
      }
      io.stdout(rows.length ? rows.join('\n') + '\n' : `no scenario files in ${folder}\n`);
    });

  return program;
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const wantsVersion = argv.some((a) => a === '-V' || a === '--version');
  const program = buildProgram(io, wantsVersion ? (await import('../core/run.ts')).ENGINE_VERSION : undefined);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof ExitError) {
      io.stderr(`${err.message}\n`);
      return err.code;
    }
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      return 2;
    }
    if (err instanceof ScenarioError) {
      io.stderr(`error: ${err.message}\n`);
      return 2;
    }
    io.stderr(`internal error (a bug, please report it): ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

/** Output piped into a reader that stops early (`| head`) is not an error. */
export function quietOnBrokenPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  quietOnBrokenPipe();
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
