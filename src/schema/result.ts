/** The result shape of DESIGN.md: what `--format json` prints and the API returns as `result`. */
import { Type, type Static } from '@sinclair/typebox';
import { Overrides } from './overrides.ts';

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
  p50: Type.Number(),
  gapAtMedian: Type.Number({ description: 'p50 − value: positive means above the target' }),
  reachedByYear: Type.Record(Type.String(), Type.Number(), { description: 'year → probability the value was reached in some year from baseYear+1 to that year' }),
  requiredGrowthUplift: Type.Object(
    {
      p50: Type.Union([Type.Number(), Type.Null()]),
      p80: Type.Union([Type.Number(), Type.Null()]),
    },
    { description: 'change to every field\'s annual growth (0.01 = +1 pp) at which the probability reaches 50% / 80%; null when beyond ±100 pp' },
  ),
});

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
});

export type Stats = Static<typeof Stats>;
export type TargetResult = Static<typeof TargetResult>;
export type Result = Static<typeof Result>;
