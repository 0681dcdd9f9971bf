/**
 * The analyses' documents (issue 11): what `future-sim sensitivity`, `discover` and `compare
 * --paired` print with `--format json` and what POST /api/sensitivity, /api/discover and
 * /api/compare/paired answer, defined once (src/report/analysis-json.ts builds them; the routes
 * declare them as their 200 responses), and the lines of their streamed answers.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ErrorResponse } from './responses.ts';

const Num = Type.Number();
const ScenarioTitle = Type.Object({ id: Type.String(), title: Type.String() });

/** An estimate with its Monte Carlo standard error. */
const Estimate = Type.Object({ estimate: Num, se: Type.Number({ minimum: 0 }) });
/** An estimate, its standard error and a 95% interval (±1.96 s.e.). */
const SeInterval = Type.Object({ estimate: Num, se: Type.Number({ minimum: 0 }), low: Num, high: Num }, { description: 'estimate ± 1.96 standard errors' });
/** An estimate with a bootstrap interval. */
const BootInterval = Type.Object({ estimate: Num, low: Num, high: Num }, { description: 'estimate with a percentile bootstrap interval' });

const Tornado = Type.Object(
  { low: Num, high: Num, swing: Estimate },
  { description: "the output's mean when the input lies in its bottom and in its top tenth; swing = high − low" },
);

/** Given-data sensitivity (`method: given-data`): shares and tornado bars from the run's own trials. */
export const GivenDataDocument = Type.Object({
  scenario: ScenarioTitle,
  method: Type.Literal('given-data'),
  trials: Type.Integer(),
  seed: Type.Integer(),
  bins: Type.Integer({ description: 'equal-probability bins per input' }),
  trialsNeeded: Type.Optional(Type.Integer({ description: 'present when some share is uncertain by more than ±0.02: the trials that would make them stable' })),
  outputs: Type.Array(
    Type.Object({
      output: Type.String({ description: 'target:<id> or <scope>@<year>' }),
      label: Type.String(),
      mean: Num,
      variance: Num,
      indices: Type.Array(Type.Object({ path: Type.String(), group: Type.String(), label: Type.String(), first: SeInterval, tornado: Tornado })),
      groups: Type.Array(Type.Object({ group: Type.String(), label: Type.String(), first: SeInterval })),
      rest: SeInterval,
    }),
  ),
});
export type GivenDataDocument = Static<typeof GivenDataDocument>;

/** Sobol indices (`method: sobol`) by group or by input, with bootstrap intervals. */
export const SobolDocument = Type.Object({
  scenario: ScenarioTitle,
  method: Type.Literal('sobol'),
  by: Type.Union([Type.Literal('group'), Type.Literal('input')]),
  n: Type.Integer({ description: "base rows of Saltelli's design" }),
  evaluations: Type.Integer({ description: 'model evaluations (trials) used: n · (factors + 2)' }),
  confidence: Num,
  seed: Type.Integer(),
  outputs: Type.Array(
    Type.Object({
      output: Type.String(),
      label: Type.String(),
      indices: Type.Array(Type.Object({ path: Type.Optional(Type.String()), group: Type.String(), first: BootInterval, total: BootInterval })),
    }),
  ),
});
export type SobolDocument = Static<typeof SobolDocument>;

/** P(target's scope ≥ its value in year y) by group, year by year (`--by-year`, `byYear: true`). */
export const ByYearDocument = Type.Object({
  scenario: ScenarioTitle,
  method: Type.Literal('given-data'),
  byYear: Type.Literal(true),
  trials: Type.Integer(),
  seed: Type.Integer(),
  bins: Type.Integer(),
  trialsNeeded: Type.Optional(Type.Integer()),
  targets: Type.Array(
    Type.Object({
      target: Type.String(),
      label: Type.String(),
      scope: Type.String(),
      value: Num,
      years: Type.Array(
        Type.Object({
          year: Type.Integer(),
          probability: Estimate,
          groups: Type.Array(Type.Object({ group: Type.String(), label: Type.String(), first: SeInterval })),
          rest: SeInterval,
        }),
      ),
    }),
  ),
});
export type ByYearDocument = Static<typeof ByYearDocument>;

export const SensitivityDocument = Type.Union([GivenDataDocument, SobolDocument, ByYearDocument], { description: 'given-data shares, Sobol indices, or shares year by year' });
export type SensitivityDocument = Static<typeof SensitivityDocument>;

const Step = Type.Object({ coverage: Num, density: Num, mass: Num, restricted: Type.Integer() });
const Bound = Type.Union([Num, Type.Null()], { description: 'null: open on this side' });

/** Scenario discovery: PRIM boxes of the worlds that meet a target, each as a sentence. */
export const DiscoveryDocument = Type.Object({
  scenario: ScenarioTitle,
  target: Type.String(),
  trials: Type.Integer(),
  seed: Type.Integer(),
  probability: Num,
  boxes: Type.Array(
    Type.Object({
      sentence: Type.String(),
      coverage: Num,
      density: Num,
      mass: Num,
      restrictions: Type.Array(
        Type.Object({
          kind: Type.Union([Type.Literal('input'), Type.Literal('base')]),
          id: Type.String(),
          group: Type.String(),
          label: Type.String(),
          low: Bound,
          high: Bound,
        }),
      ),
      chosenStep: Type.Integer(),
      trajectory: Type.Array(Step),
    }),
  ),
});
export type DiscoveryDocument = Static<typeof DiscoveryDocument>;

const Channels = Type.Object({ base: Num, growth: Num, levers: Num, events: Num, noise: Num }, { description: 'the gap b − a in the mean split by channel (Shapley values)' });

/** A paired comparison: b − a world by world on common random numbers. */
export const PairedDocument = Type.Object({
  a: ScenarioTitle,
  b: ScenarioTitle,
  trials: Type.Integer(),
  seed: Type.Integer(),
  evaluations: Type.Integer(),
  noChannels: Type.Optional(Type.String({ description: 'why there is no split by channel, when there is none' })),
  outputs: Type.Array(
    Type.Object({
      output: Type.String(),
      kind: Type.Union([Type.Literal('target'), Type.Literal('value')]),
      a: Num,
      b: Num,
      difference: Type.Optional(
        Type.Object({ mean: Estimate, quantiles: Type.Array(Num, { description: 'b − a at the 5th, 25th, 50th, 75th and 95th percentiles' }), pGreater: Estimate }),
      ),
      probability: Type.Optional(Type.Object({ a: Num, b: Num, change: Estimate, unpairedSe: Num, distinguishable: Type.Boolean() })),
      channels: Type.Optional(Channels),
    }),
  ),
});
export type PairedDocument = Static<typeof PairedDocument>;

/** The lines of a streamed analysis (`?progress=ndjson`): progress, then the document or an error. */
export function analysisStreamLine(document: TSchema) {
  return Type.Union(
    [
      Type.Object(
        { type: Type.Literal('progress'), done: Type.Integer({ minimum: 0 }), total: Type.Integer({ minimum: 0 }) },
        { description: 'model evaluations done of all, at most every 100 ms while the analysis runs' },
      ),
      Type.Intersect([Type.Object({ type: Type.Literal('result') }), document], { description: 'the last line of an analysis that finished: its document' }),
      Type.Object({ type: Type.Literal('error'), ...ErrorResponse.properties }, { description: 'the last line of an analysis that could not be made: the one error shape' }),
    ],
    { description: 'one JSON object per line' },
  );
}
