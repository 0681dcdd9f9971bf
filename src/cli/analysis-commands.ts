/**
 * `sensitivity <file>` and `discover <file>`: which assumptions matter for the headline outputs
 * (given data from the run's own trials, or Sobol indices by group or input) and in which
 * simulated worlds a target is met (PRIM), as a table, Markdown, CSV or JSON. Runs on this thread.
 */
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { ScenarioError } from '../core/errors.ts';
import { grouped } from '../core/format.ts';
import type { Scenario } from '../schema/scenario.ts';
import { addRunOptions, asFlags, collect, overridesOf, wholeNumber, type RunFlags } from './flags.ts';
import { emit, type Io } from './io.ts';

const FORMATS = ['table', 'json', 'md', 'csv'] as const;

interface AnalysisFlags extends Omit<RunFlags, 'format'> {
  format: (typeof FORMATS)[number];
  method: 'given-data' | 'sobol';
  by: 'group' | 'input';
  output?: string[];
  target?: string;
  top?: number;
  byYear?: boolean;
}

/** The options both commands take besides the run's. */
function addAnalysisOptions(cmd: Command): Command {
  return addRunOptions(cmd)
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--unit <unit>', 'unit of values: cny (bn yuan), yi (亿元) or usd').choices(['cny', 'yi', 'usd'] as const).default('cny'))
    .addOption(new Option('--lang <lang>', 'language of names and words: en or zh').choices(['en', 'zh'] as const).default('en'))
    .option('--out <file>', 'write the output to a file instead of stdout');
}

/** The scenario, compiled with the flags' overrides, and the run's trials and seed. */
async function prepare(file: string, flags: AnalysisFlags) {
  const [{ loadScenarioFile }, { compileScenario }] = await Promise.all([import('../node/load.ts'), import('../core/compile.ts')]);
  const scenario = await loadScenarioFile(file);
  try {
    const model = compileScenario(scenario, overridesOf(flags as RunFlags));
    return { scenario, model, trials: flags.trials ?? scenario.simulation.trials, seed: flags.seed ?? scenario.simulation.seed };
  } catch (err) {
    if (err instanceof ScenarioError) throw asFlags(err, basename(file), flags as RunFlags);
    throw err;
  }
}

/** The warning that some shares are uncertain by more than ±0.02 (stderr; JSON says it as trialsNeeded). */
function warnUnstable(io: Io, trials: number, needed: number | undefined): void {
  if (needed) io.stderr(`warning: some shares are uncertain by more than ±0.02 at ${grouped(trials)} trials; run --trials ${needed} or more\n`);
}

/** `sensitivity --by-year`: each target's group shares year by year, in every format. */
async function byYear(file: string, flags: AnalysisFlags, io: Io, p: Awaited<ReturnType<typeof prepare>>): Promise<void> {
  const [job, { byYearSensitivity }, json, text] = await Promise.all([
    import('../node/analysis-job.ts'),
    import('../core/analysis/by-year.ts'),
    import('../report/analysis-json.ts'),
    import('../report/analysis-text.ts'),
  ]);
  if (flags.method !== 'given-data')
    throw new ScenarioError([{ path: '--by-year', message: "is given data from the run's own trials: leave out --method sobol" }], 'invalid option', 'invalid-option');
  let s;
  try {
    s = byYearSensitivity(p.model, job.byYearTargets(flags.output), { trials: p.trials, seed: p.seed });
  } catch (err) {
    throw job.issuesAt(err, '--output');
  }
  if (flags.format !== 'json') warnUnstable(io, p.trials, s.trialsNeeded);
  if (flags.format === 'json') return emit(JSON.stringify(json.byYearJson(s, { scenario: p.scenario, lang: flags.lang, seed: p.seed }), null, 2) + '\n', flags, io, [file]);
  if (flags.format === 'csv') {
    const rows: (string | number)[][] = [['target', 'year', 'probability', 'probability_se', 'group', 'share', 'se']];
    for (const t of s.targets)
      for (const y of t.years)
        for (const g of [...y.groups, { id: 'rest', share: y.rest }]) rows.push([t.target, y.year, y.probability.estimate, y.probability.se, g.id, g.share.estimate, g.share.se]);
    return emit((await import('../report/csv.ts')).csvLines(rows), flags, io, [file]);
  }
  return emit(text.renderByYear(s, { scenario: p.scenario, lang: flags.lang, unit: flags.unit, markdown: flags.format === 'md' }), flags, io, [file]);
}

/** `future-sim sensitivity <file>`. */
export function addSensitivityCommand(program: Command, io: Io): void {
  addAnalysisOptions(
    program
      .command('sensitivity <file>')
      .description("which uncertain inputs matter for each target and the total: given data from the run's own trials (default), or Sobol indices (--method sobol)")
      .addOption(
        new Option('--method <method>', "given-data: first-order shares and tornado bars from the run's trials; sobol: first-order and total indices from Saltelli's design")
          .choices(['given-data', 'sobol'] as const)
          .default('given-data'),
      )
      .addOption(
        new Option('--by <what>', 'sobol: by group of inputs (base values, growth by cluster, …) or by single input').choices(['group', 'input'] as const).default('group'),
      )
      .option(
        '--output <id>',
        'an output to explain, e.g. target:plan-2030, total@2030, intelligence@2035 (repeatable; default: the targets and the total in the target years)',
        collect,
      )
      .option('--top <n>', 'rows per output in the table and Markdown (default 10)', wholeNumber('--top', 1, 1000))
      .option(
        '--by-year',
        "for each target and each year, the group shares of P(the target's scope reaches its value in that year), with that year's probability (given data; --output target:<id> picks targets)",
      ),
  ).action(async (file: string, flags: AnalysisFlags) => {
    const prepared = await prepare(file, flags);
    if (flags.byYear) return byYear(file, flags, io, prepared);
    const { scenario, model, trials, seed } = prepared;
    const [job, json, text] = await Promise.all([import('../node/analysis-job.ts'), import('../report/analysis-json.ts'), import('../report/analysis-text.ts')]);
    const context = { scenario, lang: flags.lang, seed };
    const options = { scenario, lang: flags.lang, unit: flags.unit, markdown: flags.format === 'md', top: flags.top };
    let outputs;
    try {
      outputs = job.sensitivityOutputs(model, flags.output);
    } catch (err) {
      throw job.issuesAt(err, '--output');
    }
    const path = (i: number) => model.inputs[i].path;
    const { groupOf } = await import('../core/analysis/parameters.ts');
    if (flags.method === 'given-data') {
      const { s, needed } = job.givenData(model, outputs, trials, seed);
      if (flags.format !== 'json') warnUnstable(io, trials, needed);
      if (flags.format === 'json') return emit(JSON.stringify(json.givenDataJson(model, s, needed, context), null, 2) + '\n', flags, io, [file]);
      if (flags.format === 'csv') {
        const rows: (string | number)[][] = [['output', 'kind', 'path', 'group', 'estimate', 'se', 'bottom10', 'top10', 'swing', 'swing_se']];
        for (const o of s.outputs) {
          for (const e of o.inputs)
            rows.push([
              o.output,
              'input',
              path(e.input),
              groupOf(model, e.input),
              e.share.estimate,
              e.share.se,
              e.tornado.low,
              e.tornado.high,
              e.tornado.swing.estimate,
              e.tornado.swing.se,
            ]);
          for (const g of o.groups) rows.push([o.output, 'group', '', g.id, g.share.estimate, g.share.se, '', '', '', '']);
        }
        return emit((await import('../report/csv.ts')).csvLines(rows), flags, io, [file]);
      }
      return emit(
        text.renderGivenData(s, model.inputs, (i) => groupOf(model, i), options),
        flags,
        io,
        [file],
      );
    }
    const [{ sobolSensitivity }, progress] = await Promise.all([import('../core/analysis/sobol-run.ts'), io.stderrIsTty ? import('./progress.ts') : undefined]);
    const bar = progress?.progressBar({ write: io.stderr, columns: process.stderr.columns }, `${basename(file)} Sobol`);
    let s;
    try {
      s = sobolSensitivity(model, outputs, { n: trials, by: flags.by, seed, onProgress: (done, total) => bar?.update(done * trials, total * trials) });
    } finally {
      bar?.done();
    }
    if (flags.format === 'json') return emit(JSON.stringify(json.sobolJson(s, context), null, 2) + '\n', flags, io, [file]);
    if (flags.format === 'csv') {
      const rows: (string | number)[][] = [['output', 'factor', 'group', 'first', 'first_low', 'first_high', 'total', 'total_low', 'total_high']];
      for (const o of s.outputs)
        o.indices.forEach((x, i) =>
          rows.push([o.output, s.factors[i].id, s.factors[i].group, x.first.estimate, x.first.low, x.first.high, x.total.estimate, x.total.low, x.total.high]),
        );
      return emit((await import('../report/csv.ts')).csvLines(rows), flags, io, [file]);
    }
    return emit(text.renderSobol(s, options), flags, io, [file]);
  });
}

/** `future-sim discover <file>`. */
export function addDiscoverCommand(program: Command, io: Io): void {
  addAnalysisOptions(
    program
      .command('discover <file>')
      .description('scenario discovery: the conditions (PRIM boxes) under which a target is met, as sentences, with coverage, density and the peeling trajectory')
      .option('--target <id>', "the target (default: the scenario's first)"),
  ).action(async (file: string, flags: AnalysisFlags) => {
    const { scenario, model, trials, seed } = await prepare(file, flags);
    const [job, json, text] = await Promise.all([import('../node/analysis-job.ts'), import('../report/analysis-json.ts'), import('../report/analysis-text.ts')]);
    let d;
    try {
      d = job.discovery(model, flags.target, trials, seed);
    } catch (err) {
      throw job.issuesAt(err, '--target');
    }
    const options = { scenario: scenario as Scenario, lang: flags.lang, unit: flags.unit, markdown: flags.format === 'md' };
    if (flags.format === 'json') {
      const doc = json.discoveryJson(d, text.discoverySentences(d, options), { scenario, lang: flags.lang, seed });
      return emit(JSON.stringify(doc, null, 2) + '\n', flags, io, [file]);
    }
    if (flags.format === 'csv') {
      const rows: (string | number)[][] = [['box', 'coverage', 'density', 'mass', 'feature', 'kind', 'low', 'high']];
      d.boxes.forEach((b, k) =>
        b.limits.forEach((r) =>
          rows.push([
            k + 1,
            b.coverage,
            b.density,
            b.mass,
            d.features[r.input].id,
            d.features[r.input].kind,
            Number.isFinite(r.low) ? r.low : '',
            Number.isFinite(r.high) ? r.high : '',
          ]),
        ),
      );
      return emit((await import('../report/csv.ts')).csvLines(rows), flags, io, [file]);
    }
    return emit(text.renderDiscovery(d, options), flags, io, [file]);
  });
}
