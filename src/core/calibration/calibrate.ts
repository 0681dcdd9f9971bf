/**
 * A run conditioned on observations (issue 12): the prior's trials, each weighted by the
 * likelihood of every observation given that trial's value of the observation's scope in its year
 * (likelihood.ts), normalized (weights.ts). Prior and posterior are summarized side by side for
 * every scope and year, with each target's probability and its standard error √(p(1 − p)/ESS).
 * Too small an effective sample size is flagged with the trials that would give CALIBRATION_MIN_ESS.
 */
import type { Observation } from '../../schema/observation.ts';
import type { CalibrationDocument } from '../../schema/calibration.ts';
import { ScenarioError } from '../errors.ts';
import { checkObservations } from './check.ts';
import { CALIBRATION_MIN_ESS, UPLIFT_TRIALS_MIN } from '../limits.ts';
import type { CompiledModel } from '../model.ts';
import { advanceRange, allocateRun, columnsOf, initRange, planRun, type RunOptions } from '../run.ts';
import { addLogLikelihood, observationLogNormal } from './likelihood.ts';
import { importanceWeights, weightedQuantiles } from './weights.ts';

const PS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] as const;
const KEYS = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

/** The calibration without the document's scenario, seed and observations (schema/calibration.ts). */
export type Calibration = Omit<CalibrationDocument, 'scenario' | 'seed' | 'observed'>;
type Band = Calibration['scopes'][string]['prior'];

function band(model: CompiledModel, columns: (s: number) => Float64Array, weights: Float64Array): Band {
  const b: Band = { mean: [], p5: [], p10: [], p25: [], p50: [], p75: [], p90: [], p95: [] };
  for (let s = 0; s <= model.steps; s++) {
    const x = columns(s);
    let mean = 0;
    for (let j = 0; j < x.length; j++) mean += weights[j] * x[j];
    b.mean.push(mean);
    weightedQuantiles(x, weights, PS).forEach((q, i) => b[KEYS[i]].push(q));
  }
  return b;
}

/** The run of `options` conditioned on the observations; a ScenarioError for bad observations or weights that are all zero. */
export function calibrateRun(model: CompiledModel, observations: readonly Observation[], options: RunOptions = {}): Calibration {
  const issues = checkObservations({ ...model, clusterCount: model.clusters.length }, observations);
  if (issues.length) throw new ScenarioError(issues, 'invalid observations', 'invalid-scenario');
  const plan = planRun(model, { ...options, upliftTrials: UPLIFT_TRIALS_MIN, sensitivity: false });
  const n = plan.trials;
  const buffers = allocateRun(plan, undefined, model.steps + 1);
  for (let s = 0; s <= model.steps; s++) {
    if (s === 0) initRange(plan, buffers, 0, n);
    else advanceRange(plan, buffers, s, 0, n);
  }
  const column = (scope: number, s: number) => columnsOf(buffers, s)[scope];
  const ll = new Float64Array(n);
  for (const o of observations) {
    const { mu, sigma } = observationLogNormal(o);
    addLogLikelihood(column(model.scopeIds.indexOf(o.scope), o.year - model.baseYear), mu, sigma, ll);
  }
  const posterior = importanceWeights(ll);
  if (!posterior)
    throw new ScenarioError(
      [
        {
          path: 'observations',
          code: 'invalid',
          message: `no simulated world is consistent with ${observations.map((o) => o.id).join(', ')} (every trial's value of their scopes is 0); check the scopes and years, or widen definitionUncertainty`,
        },
      ],
      'observations give every trial zero weight',
      'invalid-scenario',
    );
  const flat = new Float64Array(n).fill(1 / n);
  const { weights, ess } = posterior;
  const p = (w: Float64Array, t: CompiledModel['targets'][number]) => {
    const x = column(t.scopeIndex, t.step);
    let s = 0;
    for (let j = 0; j < n; j++) if (x[j] >= t.value) s += w[j];
    return s;
  };
  const se = (q: number, size: number) => Math.sqrt(Math.max(0, q * (1 - q)) / size);
  return {
    trials: n,
    ess,
    ...(ess < CALIBRATION_MIN_ESS ? { trialsNeeded: Math.ceil((n * CALIBRATION_MIN_ESS) / ess / 1000) * 1000 } : {}),
    years: [...model.years],
    scopes: Object.fromEntries(model.scopeIds.map((id, k) => [id, { prior: band(model, (s) => column(k, s), flat), posterior: band(model, (s) => column(k, s), weights) }])),
    targets: model.targets.map((t) => {
      const a = p(flat, t);
      const b = p(weights, t);
      return { id: t.id, prior: { probability: a, se: se(a, n) }, posterior: { probability: b, se: se(b, ess) } };
    }),
    observations: observations.map((o) => {
      const x = column(model.scopeIds.indexOf(o.scope), o.year - model.baseYear);
      return { id: o.id, scope: o.scope, year: o.year, priorMedian: weightedQuantiles(x, flat, [0.5])[0], posteriorMedian: weightedQuantiles(x, weights, [0.5])[0] };
    }),
  };
}
