/**
 * One analysis job (issue 11): sensitivity (given data, Sobol, or year by year), scenario
 * discovery or a paired comparison of a scenario with its overrides, answered with its JSON
 * document (report/analysis-json.ts). The API runs jobs on the analysis thread
 * (analysis-worker.ts); the CLI calls the same steps on its own thread for every format.
 */
import { byYearSensitivity } from '../core/analysis/by-year.ts';
import type { Side } from '../core/analysis/channels.ts';
import { pairedComparison } from '../core/analysis/compare-paired.ts';
import { discoverScenarios, type Discovery } from '../core/analysis/discover.ts';
import { headlineOutputs, pickOutputs, type AnalysisOutput } from '../core/analysis/output-ids.ts';
import { evaluateOutputs } from '../core/analysis/outputs.ts';
import { inputQuantiles } from '../core/analysis/quantiles.ts';
import { givenDataSensitivity, trialsForStableShares, type GivenDataSensitivity } from '../core/analysis/sensitivity.ts';
import { sobolSensitivity } from '../core/analysis/sobol-run.ts';
import { calibrateRun } from '../core/calibration/calibrate.ts';
import { compileScenario } from '../core/compile.ts';
import { ScenarioError } from '../core/errors.ts';
import type { CompiledModel } from '../core/model.ts';
import type { Overrides } from '../schema/overrides.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { Observation } from '../schema/observation.ts';
import type { CalibrationDocument } from '../schema/calibration.ts';
import { byYearJson, discoveryJson, givenDataJson, pairedJson, sobolJson } from '../report/analysis-json.ts';
import type { Lang, Unit } from '../report/analysis-labels.ts';
import { discoverySentences } from '../report/analysis-text.ts';
import type { ByYearDocument, DiscoveryDocument, GivenDataDocument, PairedDocument, SobolDocument } from '../schema/analysis.ts';

interface OneScenario {
  readonly scenario: Scenario;
  readonly overrides?: Overrides;
  readonly trials: number;
  readonly seed: number;
  readonly lang: Lang;
}

/** Sensitivity of outputs (ids; default: the targets and the total in the target years). */
interface SensitivityJob extends OneScenario {
  readonly kind: 'sensitivity';
  readonly method: 'given-data' | 'sobol';
  readonly by: 'group' | 'input';
  readonly outputs?: readonly string[];
  /** Each target's group shares year by year instead (given data only). */
  readonly byYear?: boolean;
}

/** Scenario discovery for a target (default: the scenario's first). */
interface DiscoverJob extends OneScenario {
  readonly kind: 'discover';
  readonly target?: string;
  readonly unit: Unit;
}

/** b compared with a world by world, each with its own overrides. */
interface PairedJob {
  readonly kind: 'paired';
  readonly a: Side;
  readonly b: Side;
  readonly trials: number;
  readonly seed: number;
}

/** The scenario's run conditioned on its observations and these (core/calibration). */
interface CalibrateJob {
  readonly kind: 'calibrate';
  readonly scenario: Scenario;
  readonly overrides?: Overrides;
  readonly observations: readonly Observation[];
  readonly trials: number;
  readonly seed: number;
}

export type AnalysisJob = SensitivityJob | DiscoverJob | PairedJob | CalibrateJob;
export type AnalysisDocument = GivenDataDocument | SobolDocument | ByYearDocument | DiscoveryDocument | PairedDocument | CalibrationDocument;

/** Called with (model evaluations done, in all) while an analysis runs. */
export type AnalysisProgress = (done: number, total: number) => void;

/** The outputs a sensitivity explains: those named, or the targets and the total in the target years. */
export function sensitivityOutputs(model: CompiledModel, ids: readonly string[] | undefined): AnalysisOutput[] {
  const all = headlineOutputs(model);
  return pickOutputs(all, ids?.length ? ids : all.filter((o) => o.kind === 'target' || o.id.startsWith('total@')).map((o) => o.id));
}

/** Given-data sensitivity from one run's own trials, and the trials that would make its shares stable (when they are too few). */
export function givenData(model: CompiledModel, outputs: readonly AnalysisOutput[], trials: number, seed: number): { s: GivenDataSensitivity; needed: number | undefined } {
  const { values } = evaluateOutputs(model, outputs, { trials, seed });
  const s = givenDataSensitivity(model, outputs, values, inputQuantiles(model, seed, trials));
  return { s, needed: trialsForStableShares(s) };
}

/** Scenario discovery for `target` (default: the model's first). */
export function discovery(model: CompiledModel, target: string | undefined, trials: number, seed: number): Discovery {
  const id = target ?? model.targets[0]?.id;
  if (!id)
    throw new ScenarioError(
      [{ path: 'target', code: 'missing', message: 'the scenario has no target to discover the conditions of; add one to its targets' }],
      'invalid option',
      'invalid-option',
    );
  return discoverScenarios(model, id, { trials, seed });
}

/** The targets a by-year sensitivity explains, from output ids (`target:<id>`, or the id alone). */
export function byYearTargets(outputs: readonly string[] | undefined): string[] | undefined {
  return outputs?.map((id) => (id.startsWith('target:') ? id.slice(7) : id));
}

/** The same ScenarioError with every issue at `path` (a core option said as the request's field or the CLI's flag). */
export function issuesAt(err: unknown, path: string): unknown {
  if (!(err instanceof ScenarioError)) return err;
  return err.with(
    err.issues.map((i) => ({ ...i, path })),
    err.heading,
  );
}

function sensitivity(job: SensitivityJob, onProgress?: AnalysisProgress): GivenDataDocument | SobolDocument | ByYearDocument {
  const model = compileScenario(job.scenario, job.overrides);
  const context = { scenario: job.scenario, lang: job.lang, seed: job.seed };
  if (job.byYear) {
    try {
      return byYearJson(byYearSensitivity(model, byYearTargets(job.outputs), { trials: job.trials, seed: job.seed }), context);
    } catch (err) {
      throw issuesAt(err, 'outputs');
    }
  }
  let outputs;
  try {
    outputs = sensitivityOutputs(model, job.outputs);
  } catch (err) {
    throw issuesAt(err, 'outputs');
  }
  if (job.method === 'given-data') {
    const { s, needed } = givenData(model, outputs, job.trials, job.seed);
    return givenDataJson(model, s, needed, context);
  }
  const n = job.trials;
  const s = sobolSensitivity(model, outputs, { n, by: job.by, seed: job.seed, onProgress: onProgress && ((done, total) => onProgress(done * n, total * n)) });
  return sobolJson(s, context);
}

/** Performs one analysis job: its document (a ScenarioError for bad input, with the request's paths). */
export function performAnalysis(job: AnalysisJob, onProgress?: AnalysisProgress): AnalysisDocument {
  switch (job.kind) {
    case 'sensitivity':
      return sensitivity(job, onProgress);
    case 'discover': {
      const d = discovery(compileScenario(job.scenario, job.overrides), job.target, job.trials, job.seed);
      const sentences = discoverySentences(d, { scenario: job.scenario, lang: job.lang, unit: job.unit });
      return discoveryJson(d, sentences, { scenario: job.scenario, lang: job.lang, seed: job.seed });
    }
    case 'paired':
      return pairedJson(job.a.scenario, job.b.scenario, pairedComparison(job.a, job.b, { trials: job.trials, seed: job.seed }));
    case 'calibrate': {
      const observed = [...(job.scenario.observations ?? []), ...job.observations];
      const c = calibrateRun(compileScenario(job.scenario, job.overrides), observed, { trials: job.trials, seed: job.seed });
      return { scenario: { id: job.scenario.id, title: job.scenario.title }, seed: job.seed, observed, ...c };
    }
    default:
      return job satisfies never;
  }
}
