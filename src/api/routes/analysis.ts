/**
 * The analyses over HTTP: POST /api/sensitivity, /api/discover, /api/compare/paired and
 * /api/calibrate answer the documents `future-sim sensitivity`, `discover`, `compare --paired` and
 * `calibrate` print with `--format json` (report/analysis-json.ts), computed on the analysis
 * thread (node/analysis-worker.ts) within ANALYSIS_TIMEOUT_MS, with `?progress=ndjson` as
 * POST /api/runs streams. A request resolves its scenario as a run request does
 * (RunService.prepare). Results are deterministic in what was asked, so the last documents are
 * kept by a content hash of it, and a request the same as one under way waits for that one
 * (analysis-answer.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ScenarioError, type Issue } from '../../core/errors.ts';
import type { AnalysisJob } from '../../node/analysis-job.ts';
import type { JobThread } from '../../node/job-thread.ts';
import { DiscoveryDocument, PairedDocument, SensitivityDocument } from '../../schema/analysis.ts';
import { CalibrationDocument } from '../../schema/calibration.ts';
import { CalibrateBody, CompareBody, DiscoverBody, RunQuery, SensitivityBody, type RunBody } from '../../schema/requests.ts';
import { analysisAnswers } from '../analysis-answer.ts';
import { checkAnalysisCost, type AnalysisCost } from '../analysis-limits.ts';
import { perMinuteLimit } from '../config.ts';
import type { PreparedRun, RunService } from '../runs.ts';

interface Deps {
  readonly runs: RunService;
  /** The thread that performs analyses (node/analysis-worker.ts). */
  readonly analyst: JobThread;
  /** Each analysis's time budget (ANALYSIS_TIMEOUT_MS). */
  readonly analysisTimeoutMs: number;
  readonly memoryBudgetMb: number;
  /** Analyses per minute per client address (0: only the global limit). */
  readonly rateLimitMax: number;
}

/** The run request inside an analysis request. */
const runPart = (b: RunBody): RunBody => ({ scenarioId: b.scenarioId, version: b.version, scenario: b.scenario, trials: b.trials, seed: b.seed, overrides: b.overrides });

export const analysisRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, { runs, analyst, analysisTimeoutMs, memoryBudgetMb, rateLimitMax }) => {
  const limited = perMinuteLimit(rateLimitMax);
  const { answer, key, streamDoc, streamNote } = analysisAnswers({ analyst, analysisTimeoutMs });
  /** The model of a prepared run (compiled by prepare unless the run is stored already). */
  const modelOf = (p: PreparedRun) => p.model ?? runs.compile(p.scenario, p.options.overrides);

  app.post(
    '/api/sensitivity',
    {
      ...limited,
      schema: {
        tags: ['analyses'],
        summary: "Which uncertain inputs matter: given-data shares and tornado bars from the run's own trials, Sobol indices by group or input, or shares year by year",
        description: `The document \`future-sim sensitivity --format json\` prints (with \`byYear\`, \`--by-year\`). Sobol runs trials × (factors + 2) model evaluations, at most 1,000,000. ${streamNote}`,
        querystring: RunQuery,
        body: SensitivityBody,
        response: streamDoc('the sensitivity document; with progress, NDJSON lines ending in it or an error', SensitivityDocument),
      },
    },
    (request, reply) =>
      answer(request, reply, async () => {
        const b = request.body;
        const method = b.method ?? 'given-data';
        const by = b.by ?? 'group';
        if (b.byYear && method === 'sobol')
          throw new ScenarioError(
            [{ path: 'byYear', code: 'invalid', message: "is given data from the run's own trials: leave out method sobol" }],
            'invalid request',
            'invalid-request',
          );
        const prepared = await runs.prepare(runPart(b));
        const model = await modelOf(prepared);
        const { trials, seed, overrides } = prepared.options;
        const kind = b.byYear ? 'by-year' : method;
        // outputs evaluated per trial: each target's years, or those named (default: the targets and the total in each target year)
        const years = new Set(model.targets.map((t) => t.year)).size || 1;
        const outputs = b.byYear ? (b.outputs?.length || model.targets.length) * (model.endYear - model.baseYear) : b.outputs?.length || model.targets.length + years;
        const cost: AnalysisCost = { kind, trials, by, outputs };
        checkAnalysisCost(model, cost, memoryBudgetMb);
        const options = { method, by, outputs: b.outputs, byYear: b.byYear === true, lang: b.lang ?? 'en' };
        const job: AnalysisJob = { kind: 'sensitivity', scenario: prepared.scenario, overrides, trials, seed, ...options, byYear: options.byYear };
        return { job, cost, key: key('sensitivity', [prepared.id], options) };
      }),
  );

  app.post(
    '/api/discover',
    {
      ...limited,
      schema: {
        tags: ['analyses'],
        summary: 'In which simulated worlds a target is met: PRIM boxes with coverage, density, mass and the peeling trajectory, each as a sentence',
        description: `The document \`future-sim discover --format json\` prints. ${streamNote}`,
        querystring: RunQuery,
        body: DiscoverBody,
        response: streamDoc('the discovery document; with progress, NDJSON lines ending in it or an error', DiscoveryDocument),
      },
    },
    (request, reply) =>
      answer(request, reply, async () => {
        const b = request.body;
        const prepared = await runs.prepare(runPart(b));
        const model = await modelOf(prepared);
        const { trials, seed, overrides } = prepared.options;
        const cost: AnalysisCost = { kind: 'discover', trials, outputs: 1 };
        checkAnalysisCost(model, cost, memoryBudgetMb);
        const options = { target: b.target, lang: b.lang ?? 'en', unit: b.unit ?? 'cny' };
        const job: AnalysisJob = { kind: 'discover', scenario: prepared.scenario, overrides, trials, seed, ...options };
        return { job, cost, key: key('discover', [prepared.id], options) };
      }),
  );

  app.post(
    '/api/compare/paired',
    {
      ...limited,
      schema: {
        tags: ['analyses'],
        summary:
          "Compare b with a world by world on the same random numbers: quantiles of b − a, P(b > a), each target's change with its paired standard error, the gap by channel",
        description: `The document \`future-sim compare a b --paired --format json\` prints. Each side has its own overrides (on b alone: a scenario against its changed self). ${streamNote}`,
        querystring: RunQuery,
        body: CompareBody,
        response: streamDoc('the paired comparison; with progress, NDJSON lines ending in it or an error', PairedDocument),
      },
    },
    (request, reply) =>
      answer(request, reply, async () => {
        const { a, b } = request.body;
        // both sides are checked before either runs, and every problem of both is reported
        const issues: Issue[] = [];
        const attempt = async (fn: () => Promise<PreparedRun>): Promise<PreparedRun | undefined> => {
          try {
            return await fn();
          } catch (err) {
            if (!(err instanceof ScenarioError)) throw err;
            issues.push(...err.issues);
            return undefined;
          }
        };
        // trials and seed default to a's scenario's, and b runs on the same ones
        const pa = await attempt(() => runs.prepare({ ...a, trials: request.body.trials, seed: request.body.seed }, 'a', 'trials'));
        const trials = request.body.trials ?? pa?.options.trials;
        const seed = request.body.seed ?? pa?.options.seed;
        const pb = await attempt(() => runs.prepare({ ...b, trials, seed }, 'b', 'trials'));
        if (!pa || !pb) throw new ScenarioError(issues, 'invalid comparison', 'invalid-request');
        const model = await modelOf(pa);
        const cost: AnalysisCost = {
          kind: 'paired',
          trials: pa.options.trials,
          outputs: model.targets.length + model.scopeIds.length * new Set(model.targets.map((t) => t.year)).size,
        };
        checkAnalysisCost(model, cost, memoryBudgetMb);
        const side = (p: PreparedRun) => ({ scenario: p.scenario, overrides: p.options.overrides });
        const job: AnalysisJob = { kind: 'paired', a: side(pa), b: side(pb), trials: pa.options.trials, seed: pa.options.seed };
        return { job, cost, key: key('paired', [pa.id, pb.id], {}) };
      }),
  );

  app.post(
    '/api/calibrate',
    {
      ...limited,
      schema: {
        tags: ['analyses'],
        summary: "The run conditioned on what has been observed (the scenario's observations and the request's): prior and posterior side by side, the effective sample size",
        description: `The document \`future-sim calibrate --format json\` prints. Each trial is weighted by the observations' lognormal likelihood; under 200 effective trials the document says how many trials would give 200. A bad observation gets 422 naming it and the fix. ${streamNote}`,
        querystring: RunQuery,
        body: CalibrateBody,
        response: streamDoc('the calibration document; with progress, NDJSON lines ending in it or an error', CalibrationDocument),
      },
    },
    (request, reply) =>
      answer(request, reply, async () => {
        const b = request.body;
        const prepared = await runs.prepare(runPart(b));
        const observations = b.observations ?? [];
        if (!prepared.scenario.observations?.length && !observations.length)
          throw new ScenarioError(
            [
              {
                path: 'observations',
                code: 'missing',
                message: 'the scenario has no observations: give observations ([{id, scope, year, value or low and high, definitionUncertainty, source}])',
              },
            ],
            'nothing to calibrate on',
            'invalid-request',
          );
        const model = await modelOf(prepared);
        const { trials, seed, overrides } = prepared.options;
        const cost: AnalysisCost = { kind: 'calibrate', trials, outputs: model.scopeIds.length };
        checkAnalysisCost(model, cost, memoryBudgetMb);
        const job: AnalysisJob = { kind: 'calibrate', scenario: prepared.scenario, overrides, observations, trials, seed };
        return { job, cost, key: key('calibrate', [prepared.id], { observations }) };
      }),
  );
};
