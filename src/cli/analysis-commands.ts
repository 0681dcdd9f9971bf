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

/** A core analysis error said as the flag that caused it. */
function asFlag(err: unknown, flag: string): never {
  if (err instanceof ScenarioError)
    throw err.with(
      err.issues.map((i) => ({ ...i, path: flag })),
      err.heading,
    );
  throw err;
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
      .option('--top <n>', 'rows per output in the table and Markdown (default 10)', wholeNumber('--top', 1, 1000)),
  ).action(async (file: string, flags: AnalysisFlags) => {
    const { scenario, model, trials, seed } = await prepare(file, flags);
    const [{ evaluateOutputs, headlineOutputs, pickOutputs }, { groupOf }, labels, text] = await Promise.all([
      import('../core/analysis/outputs.ts'),
      import('../core/analysis/parameters.ts'),
      import('../report/analysis-labels.ts'),
      import('../report/analysis-text.ts'),
    ]);
    const all = headlineOutputs(model);
    let outputs;
    try {
      outputs = pickOutputs(all, flags.output ?? all.filter((o) => o.kind === 'target' || o.id.startsWith('total@')).map((o) => o.id));
    } catch (err) {
      asFlag(err, '--output');
    }
    const options = { scenario, lang: flags.lang, unit: flags.unit, markdown: flags.format === 'md', top: flags.top };
    const path = (i: number) => model.inputs[i].path;
    if (flags.method === 'given-data') {
      const [{ inputQuantiles }, { givenDataSensitivity, trialsForStableShares }] = await Promise.all([
        import('../core/analysis/quantiles.ts'),
        import('../core/analysis/sensitivity.ts'),
      ]);
      const { values } = evaluateOutputs(model, outputs, { trials, seed });
      const s = givenDataSensitivity(model, outputs, values, inputQuantiles(model, seed, trials));
      const needed = trialsForStableShares(s);
      if (needed && flags.format !== 'json') io.stderr(`warning: some shares are uncertain by more than ±0.02 at ${grouped(trials)} trials; run --trials ${needed} or more\n`);
      if (flags.format === 'json') {
        const json = {
          scenario: { id: scenario.id, title: scenario.title },
          method: s.method,
          trials,
          seed,
          bins: s.bins,
          ...(needed ? { trialsNeeded: needed } : {}),
          outputs: s.outputs.map((o) => ({
            output: o.output,
            label: labels.outputLabel(o.output, scenario, flags.lang),
            mean: o.mean,
            variance: o.variance,
            indices: o.inputs.map((e) => ({
              path: path(e.input),
              group: groupOf(model, e.input),
              label: labels.inputLabel(path(e.input), scenario, flags.lang),
              first: interval(e.share),
              tornado: e.tornado,
            })),
            groups: o.groups.map((g) => ({ group: g.id, label: labels.groupLabel(g.id, scenario, flags.lang), first: interval(g.share) })),
            rest: interval(o.rest),
          })),
        };
        return emit(JSON.stringify(json, null, 2) + '\n', flags, io, [file]);
      }
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
    if (flags.format === 'json') {
      const json = {
        scenario: { id: scenario.id, title: scenario.title },
        method: s.method,
        by: s.by,
        n: s.n,
        evaluations: s.evaluations,
        confidence: s.confidence,
        seed,
        outputs: s.outputs.map((o) => ({
          output: o.output,
          label: labels.outputLabel(o.output, scenario, flags.lang),
          indices: o.indices.map((x, i) => ({ ...(s.factors[i].path ? { path: s.factors[i].path } : {}), group: s.factors[i].group, first: x.first, total: x.total })),
        })),
      };
      return emit(JSON.stringify(json, null, 2) + '\n', flags, io, [file]);
    }
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

/** An estimate with its standard error and a 95% interval (±1.96 s.e.). */
function interval(e: { estimate: number; se: number }) {
  return { estimate: e.estimate, se: e.se, low: e.estimate - 1.96 * e.se, high: e.estimate + 1.96 * e.se };
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
    const target = flags.target ?? model.targets[0]?.id;
    if (!target)
      throw new ScenarioError(
        [{ path: '--target', code: 'missing', message: 'the scenario has no target to discover the conditions of; add one to its targets' }],
        'invalid option',
        'invalid-option',
      );
    const [{ discoverScenarios }, labels, text] = await Promise.all([
      import('../core/analysis/discover.ts'),
      import('../report/analysis-labels.ts'),
      import('../report/analysis-text.ts'),
    ]);
    let d;
    try {
      d = discoverScenarios(model, target, { trials, seed });
    } catch (err) {
      asFlag(err, '--target');
    }
    const options = { scenario: scenario as Scenario, lang: flags.lang, unit: flags.unit, markdown: flags.format === 'md' };
    if (flags.format === 'json') {
      const sentences = text.discoverySentences(d, options);
      const json = {
        scenario: { id: scenario.id, title: scenario.title },
        target: d.target,
        trials: d.trials,
        seed,
        probability: d.probability,
        boxes: d.boxes.map((b, k) => ({
          sentence: sentences[k],
          coverage: b.coverage,
          density: b.density,
          mass: b.mass,
          restrictions: b.limits.map((r) => ({
            ...d.features[r.input],
            label: labels.featureLabel(d.features[r.input], scenario, flags.lang),
            low: Number.isFinite(r.low) ? r.low : null,
            high: Number.isFinite(r.high) ? r.high : null,
          })),
          chosenStep: b.chosenStep,
          trajectory: b.trajectory,
        })),
      };
      return emit(JSON.stringify(json, null, 2) + '\n', flags, io, [file]);
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
