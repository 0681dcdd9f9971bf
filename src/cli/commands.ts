/** The commands: run, validate, compare and list. Each loads what it needs when it runs. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { ScenarioError, type Issue } from '../core/errors.ts';
import { closeEarlyPool, execute, startEarlyPool } from './execute.ts';
import { addRunOptions, asFlags, defaultWorkers, FORMATS, OVERRIDE_SIDES, overridesOf, withoutOverrides, type OverrideSide, type RunFlags } from './flags.ts';
import { emit, ExitError, type Io } from './io.ts';
import { names, render } from './render.ts';

/** The bundled scenarios folder, wherever the command runs from. */
const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

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

/** The modules that read and check scenario files (YAML, the schema, the model's compiler). */
const loading = () => Promise.all([import('../node/load.ts'), import('../node/runner.ts')]).then(([load, runner]) => ({ ...load, validateScenario: runner.validateScenario }));

/** `run <file>`: a scenario's projections, ranges and target checks. */
export function addRunCommand(program: Command, io: Io): void {
  addRunOptions(
    program
      .command('run <file>')
      .description('run a scenario file and print projections, ranges and target checks')
      .addOption(new Option('--format <format>', 'output format: table, json, csv or xlsx (the report table), md, tidy-csv (one row per number)').choices(FORMATS).default('table'))
      .addOption(
        new Option('--unit <unit>', "unit of the table, Markdown, CSV and XLSX: cny (bn yuan), yi (亿元, 100m yuan) or usd (bn US$ at the scenario's rate)")
          .choices(['cny', 'yi', 'usd'] as const)
          .default('cny'),
      )
      .addOption(new Option('--lang <lang>', 'language of the table, Markdown, CSV and XLSX: en or zh').choices(['en', 'zh'] as const).default('en'))
      .option('--out <file>', 'write the output to a file instead of stdout'),
  ).action(async (file: string, flags: RunFlags) => {
    // refused before the run, not after it
    if (flags.format === 'xlsx' && !flags.out && (io.stdoutIsTty || !io.stdoutBytes)) await emit(new Uint8Array(), flags, io);
    startEarlyPool(flags.workers ?? (flags.trials !== undefined ? defaultWorkers(flags.trials) : 1));
    try {
      const { loadScenarioFile } = await import('../node/load.ts');
      const scenario = await loadScenarioFile(file);
      const result = await execute(scenario, flags, io, basename(file));
      await emit(await render(result, flags, scenario, file), flags, io, [file]);
    } finally {
      // a file that could not be read leaves the early pool unused
      await closeEarlyPool();
    }
  });
}

/** `validate <files...>`: every problem of each file, with its line and ids. */
export function addValidateCommand(program: Command, io: Io): void {
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
      if (badFiles)
        throw new ExitError(
          2,
          `${failures.length} problem${failures.length === 1 ? '' : 's'} in ${badFiles} of ${files.length} file${files.length === 1 ? '' : 's'} (listed above)`,
        );
    });
}

/** `compare <a> <b>`: two scenarios on the same seed and trials. */
export function addCompareCommand(program: Command, io: Io): void {
  addRunOptions(
    program
      .command('compare <a> <b>')
      .description('run two scenarios on the same seed and trials and show b − a per cluster, total and target')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'md'] as const).default('table'))
      .option(
        '--paired',
        "compare world by world on the same random numbers: quantiles of b − a, P(b > a), each target's change with its paired standard error, and the gap split by channel (growth, levers, events, noise, base values)",
      )
      .addOption(
        new Option(
          '--overrides-on <side>',
          'which scenario the overrides (--delivery, --shift-pp, --event-*, --volatility-scale) change: a, b or both; `compare s.yaml s.yaml --overrides-on b --shift-pp total=1` compares a scenario with its changed self',
        )
          .choices(OVERRIDE_SIDES)
          .default('both'),
      )
      .addOption(new Option('--unit <unit>', 'with --paired: unit of values').choices(['cny', 'yi', 'usd'] as const).default('cny'))
      .addOption(new Option('--lang <lang>', 'with --paired: language of names and words').choices(['en', 'zh'] as const).default('en'))
      .option('--out <file>', 'write the output to a file instead of stdout'),
  ).action(async (fileA: string, fileB: string, flags: CompareFlags) => {
    if (flags.paired) return comparePaired(fileA, fileB, flags, io);
    const [{ loadScenarioFile }, { compareResults }, { describeOverrides, renderComparison }] = await Promise.all([
      import('../node/load.ts'),
      import('../core/compare.ts'),
      import('../report/text.ts'),
    ]);
    const [a, b] = [await loadScenarioFile(fileA), await loadScenarioFile(fileB)];
    const shared = { ...flags, trials: flags.trials ?? a.simulation.trials, seed: flags.seed ?? a.simulation.seed };
    const side = (s: 'a' | 'b') => (flags.overridesOn === 'both' || flags.overridesOn === s ? shared : withoutOverrides(shared));
    const ra = await execute(a, side('a'), io, basename(fileA));
    const rb = await execute(b, side('b'), io, basename(fileB));
    const comparison = compareResults(ra, rb);
    const both = flags.overridesOn === 'both';
    // on one side only, that side's title says what changed
    const one = flags.overridesOn === 'a' ? 'a' : 'b';
    const changed = both ? comparison : { ...comparison, [one]: titled(comparison[one], describeOverrides(one === 'a' ? ra : rb, one === 'a' ? a : b)) };
    const text =
      flags.format === 'json'
        ? JSON.stringify(comparison, null, 2) + '\n'
        : renderComparison(changed, flags.format === 'md', { ...names(a), ...names(b) }, both ? describeOverrides(ra, a) : '');
    await emit(text, flags, io, [fileA, fileB]);
  });
}

/** The options of `compare`. */
type CompareFlags = RunFlags & { paired?: boolean; overridesOn: OverrideSide };

/** A side's id and title, the title followed by what changed on it (when something did). */
function titled<T extends { title: string }>(side: T, note: string): T {
  return note ? { ...side, title: `${side.title} (${note})` } : side;
}

/** `compare --paired`: both scenarios on the same trials and seed, compared trial by trial (core/analysis/compare-paired.ts). */
async function comparePaired(fileA: string, fileB: string, flags: CompareFlags, io: Io): Promise<void> {
  const [{ loadScenarioFile }, { pairedComparison }, { renderPaired }, { pairedJson }, { describeChanges, strings }] = await Promise.all([
    import('../node/load.ts'),
    import('../core/analysis/compare-paired.ts'),
    import('../report/analysis-text.ts'),
    import('../report/analysis-json.ts'),
    import('../../public/lib/text.js'),
  ]);
  const [a, b] = [await loadScenarioFile(fileA), await loadScenarioFile(fileB)];
  const overrides = overridesOf(flags);
  const on = (s: 'a' | 'b') => (flags.overridesOn === 'both' || flags.overridesOn === s ? overrides : {});
  const trials = flags.trials ?? a.simulation.trials;
  const seed = flags.seed ?? a.simulation.seed;
  let c;
  try {
    c = pairedComparison({ scenario: a, overrides: on('a') }, { scenario: b, overrides: on('b') }, { trials, seed });
  } catch (err) {
    if (err instanceof ScenarioError) throw asFlags(err, `${basename(fileA)} vs ${basename(fileB)}`, flags);
    throw err;
  }
  // on one side only, that side's title says what changed
  const note = (s: 'a' | 'b', scenario: typeof a) => {
    const parts = flags.overridesOn === s ? describeChanges(overrides, scenario, flags.lang) : [];
    return parts.length ? strings(flags.lang).report.changed(parts.join(strings(flags.lang).sep)) : '';
  };
  const titles = { a: titled(a, note('a', a)).title, b: titled(b, note('b', b)).title };
  const text =
    flags.format === 'json'
      ? JSON.stringify(pairedJson(a, b, c), null, 2) + '\n'
      : renderPaired(c, titles, { scenario: a, lang: flags.lang, unit: flags.unit, markdown: flags.format === 'md' });
  await emit(text, flags, io, [fileA, fileB]);
}

/** `list [dir]`: the scenario files of a folder (default: the bundled ones). */
export function addListCommand(program: Command, io: Io): void {
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
}
