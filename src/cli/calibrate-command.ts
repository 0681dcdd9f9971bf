/**
 * `future-sim calibrate <file>`: the scenario's run conditioned on what has been observed (the
 * file's `observations`, and `--observation` flags), by reweighting its trials (core/calibration):
 * the effective sample size, each observation's prior and posterior median, each target's chance
 * before and after with its standard error, and the total's band in the key years, as a table,
 * Markdown or JSON. Runs on this thread.
 */
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { ScenarioError } from '../core/errors.ts';
import { grouped } from '../core/format.ts';
import type { Observation } from '../schema/observation.ts';
import type { CalibrationDocument } from '../schema/calibration.ts';
import { strings } from '../../public/lib/text.js';
import { addRunOptions, asFlags, collect, overridesOf, type RunFlags } from './flags.ts';
import { emit, type Io } from './io.ts';
import { mdTable, pad } from '../report/text-table.ts';
import { pctSe } from '../report/text.ts';

interface CalibrateFlags extends Omit<RunFlags, 'format'> {
  format: 'table' | 'json' | 'md';
  observation?: string[];
  lang: 'en' | 'zh';
}

/** Default definition uncertainty of a flag's observation (σ of log(figure / value)). */
const FLAG_SD = 0.2;
const FLAG = /^([a-z0-9][a-z0-9-]*)@(\d{4})=(\d+(?:\.\d+)?)(?:\.\.(\d+(?:\.\d+)?))?(?:~(\d+(?:\.\d+)?))?$/;

/** `total@2025=200~0.3` (a value, σ 0.3) or `intelligence@2025=40..60` (a range, σ 0.2) as an observation. */
function parseObservation(text: string, k: number): Observation {
  const m = FLAG.exec(text);
  if (!m)
    throw new ScenarioError(
      [
        {
          path: '--observation',
          code: 'invalid',
          message: `"${text}": write scope@year=value, scope@year=low..high, and ~sd for the definition's uncertainty (e.g. total@2025=200~0.3)`,
        },
      ],
      'invalid option',
      'invalid-option',
    );
  const [, scope, year, a, b, sd] = m;
  const range = b !== undefined ? { low: Number(a), high: Number(b) } : { value: Number(a) };
  return { id: `flag-${k + 1}`, scope, year: Number(year), ...range, definitionUncertainty: sd !== undefined ? Number(sd) : FLAG_SD, source: 'command line' };
}

/** `future-sim calibrate <file>`. */
export function addCalibrateCommand(program: Command, io: Io): void {
  addRunOptions(
    program
      .command('calibrate <file>')
      .description("the run conditioned on what has been observed: the scenario's observations and --observation flags, by reweighting its trials")
      .option('--observation <obs>', `an observed figure: scope@year=value or scope@year=low..high, ~sd for its definition's uncertainty (default ${FLAG_SD}); repeatable`, collect)
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'md'] as const).default('table'))
      .addOption(new Option('--lang <lang>', 'language of the words: en or zh').choices(['en', 'zh'] as const).default('en'))
      .option('--out <file>', 'write the output to a file instead of stdout'),
  ).action(async (file: string, flags: CalibrateFlags) => {
    const [{ loadScenarioFile }, { performAnalysis }] = await Promise.all([import('../node/load.ts'), import('../node/analysis-job.ts')]);
    const scenario = await loadScenarioFile(file);
    const flagged = (flags.observation ?? []).map(parseObservation);
    if (!scenario.observations?.length && !flagged.length)
      throw new ScenarioError(
        [{ path: '--observation', code: 'missing', message: `${basename(file)} has no observations: add observations: to the file, or give --observation total@2025=200~0.3` }],
        'nothing to calibrate on',
        'invalid-option',
      );
    const trials = flags.trials ?? scenario.simulation.trials;
    const seed = flags.seed ?? scenario.simulation.seed;
    let c: CalibrationDocument;
    try {
      c = performAnalysis({ kind: 'calibrate', scenario, overrides: overridesOf(flags as RunFlags), observations: flagged, trials, seed }) as CalibrationDocument;
    } catch (err) {
      if (err instanceof ScenarioError) throw asFlags(err, basename(file), flags as RunFlags);
      throw err;
    }
    if (flags.format === 'json') return emit(JSON.stringify(c, null, 2) + '\n', flags, io, [file]);
    const w = strings(flags.lang).analysis.calibration;
    const bn = (v: number) => grouped(v, 1);
    const md = flags.format === 'md';
    const table = (rows: string[][]) => (md ? mdTable(rows) : pad(rows, (col) => col > 0));
    const obsRows = [[...w.obsHead], ...c.observations.map((o) => [o.id, `${o.scope} ${o.year}`, bn(o.priorMedian), bn(o.posteriorMedian)])];
    const targetRows = [[...w.targetHead], ...c.targets.map((t) => [t.id, pctSe(t.prior.probability, t.prior.se), pctSe(t.posterior.probability, t.posterior.se)])];
    const years = [...new Set([...(scenario.targets?.map((t) => t.year) ?? []), scenario.endYear])].sort();
    const total = c.scopes.total;
    const band = (b: typeof total.prior, i: number) => `${bn(b.p50[i])} [${bn(b.p10[i])}–${bn(b.p90[i])}]`;
    const totalRows = [[...w.totalHead], ...years.map((y) => c.years.indexOf(y)).map((i) => [String(c.years[i]), band(total.prior, i), band(total.posterior, i)])];
    const out = [
      md ? `## ${w.title(scenario.title)}` : w.title(scenario.title),
      '',
      w.ess(grouped(c.ess, 0), grouped(c.trials)),
      ...(c.trialsNeeded ? [w.tooFew(grouped(c.trialsNeeded))] : []),
      '',
      ...table(obsRows),
      '',
      ...table(targetRows),
      '',
      ...table(totalRows),
      '',
      w.note,
      '',
    ];
    if (c.trialsNeeded) io.stderr(`warning: ${w.tooFew(grouped(c.trialsNeeded))}\n`);
    return emit(out.join('\n'), flags, io, [file]);
  });
}
