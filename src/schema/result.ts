/** The result shape of DESIGN.md: what `--format json` prints and the API returns as `result`. */
import { Type, type Static } from '@sinclair/typebox';
import { Overrides } from './overrides.ts';
import { SENSITIVITY_TRIALS_MAX } from '../core/limits.ts';

const Series = Type.Array(Type.Number());

/** Mean and percentiles per year, each an array aligned with `years` (bn yuan). */
export const Stats = Type.Object({
  mean: Series,
  p5: Series,
  p10: Series,
  p25: Series,
  p50: Series,
  p75: Series,
  p90: Series,
  p95: Series,
});

export const TargetResult = Type.Object({
  id: Type.String(),
  label: Type.Optional(Type.String()),
  year: Type.Integer(),
  scope: Type.String(),
  value: Type.Number(),
  probability: Type.Number({ description: 'share of trials with the scope at or above value in year' }),
  probabilitySe: Type.Number({
    description: 'Monte Carlo standard error of probability, √(p(1 − p)/trials): two probabilities less than 3 standard errors apart are indistinguishable from sampling noise',
  }),
  p50: Type.Number(),
  gapAtMedian: Type.Number({ description: 'p50 − value: positive means above the target' }),
  reachedByYear: Type.Record(Type.String(), Type.Number(), {
    description: 'year → probability the value was reached in some year from baseYear+1 to that year',
  }),
  requiredGrowthUplift: Type.Object(
    {
      p50: Type.Union([Type.Number(), Type.Null()]),
      p80: Type.Union([Type.Number(), Type.Null()]),
    },
    { description: "change to every field's annual growth (0.01 = +1 pp) at which the probability reaches 50% / 80%; null when beyond ±100 pp" },
  ),
});

const PerInput = (description: string) => Type.Array(Type.Number(), { description: `${description}, per input (aligned with inputs)` });

/** The sensitivity every run computes from its own trials (core/analysis/run-sensitivity.ts). */
export const RunSensitivity = Type.Object(
  {
    method: Type.Literal('given-data'),
    trials: Type.Integer({ description: `trials used: the first ones, all of a run up to ${SENSITIVITY_TRIALS_MAX}` }),
    bins: Type.Integer({ description: 'equal-probability bins per input' }),
    trialsNeeded: Type.Optional(
      Type.Integer({ description: 'present when some share is uncertain by more than ±0.02: the trials that would make every one stable (shares shrink as 1/√trials)' }),
    ),
    inputs: Type.Array(Type.Object({ path: Type.String({ description: 'the parameter, by ids' }), group: Type.String() }), { description: 'every uncertain input' }),
    groups: Type.Array(Type.String(), { description: 'groups of inputs: base, growth:<cluster>, capacity, lever-delivery, lever-effect, event-impact' }),
    outputs: Type.Array(
      Type.Object({
        output: Type.String({ description: 'target:<id> (its success, 0 or 1), or <scope>@<year> (total and clusters in the target years)' }),
        mean: Type.Number({ description: "the output's mean (a target: its probability)" }),
        variance: Type.Number(),
        first: PerInput('first-order share of the variance (given data; ≈ Sobol first-order index)'),
        firstSe: PerInput('its Monte Carlo standard error'),
        low: PerInput("the output's mean when the input is in its bottom tenth"),
        high: PerInput("the output's mean when the input is in its top tenth"),
        swingSe: PerInput('standard error of high − low'),
        groupFirst: Type.Array(Type.Number(), { description: "each group's share (its members' sum), aligned with groups" }),
        groupSe: Type.Array(Type.Number()),
        rest: Type.Number({ description: '1 − the inputs’ shares: annual noise, event occurrence and interactions' }),
        restSe: Type.Number(),
      }),
    ),
  },
  { description: "which uncertain inputs matter, from the run's own trials: each output's first-order variance shares and tornado bars, with standard errors" },
);

export const Result = Type.Object({
  scenario: Type.Object({ id: Type.String(), title: Type.String() }),
  meta: Type.Object({
    engineVersion: Type.String(),
    seed: Type.Integer(),
    trials: Type.Integer(),
    baseYear: Type.Integer(),
    endYear: Type.Integer(),
    unit: Type.Literal('CNY_BN'),
    durationMs: Type.Number(),
    upliftTrials: Type.Integer({ description: 'trials (the first ones) used for the required-uplift search' }),
    // the one definition of overrides, as the run applied them
    overrides: Type.Object(Overrides.properties, {
      description: 'changes applied on top of the scenario (lever deliveries, growth shifts, volatility scale, events off or changed); {} when none',
    }),
  }),
  years: Type.Array(Type.Integer()),
  total: Stats,
  clusters: Type.Record(Type.String(), Stats),
  fields: Type.Record(Type.String(), Stats),
  targets: Type.Array(TargetResult),
  central: Type.Object(
    {
      total: Series,
      clusters: Type.Record(Type.String(), Series),
      fields: Type.Record(Type.String(), Series),
    },
    { description: 'every parameter at its median, no noise, no events' },
  ),
  sensitivity: Type.Optional(RunSensitivity),
});

export type Stats = Static<typeof Stats>;
export type TargetResult = Static<typeof TargetResult>;
export type Result = Static<typeof Result>;
export type RunSensitivity = Static<typeof RunSensitivity>;
