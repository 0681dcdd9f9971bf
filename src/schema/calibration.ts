/** The calibration document: what `future-sim calibrate --format json` prints and POST /api/calibrate answers. */
import { Type, type Static } from '@sinclair/typebox';
import { Observation } from './observation.ts';

const Series = Type.Array(Type.Number());
const Band = Type.Object(
  { mean: Series, p5: Series, p10: Series, p25: Series, p50: Series, p75: Series, p90: Series, p95: Series },
  { description: 'per year, aligned with years' },
);
const Chance = Type.Object({ probability: Type.Number(), se: Type.Number() });

export const CalibrationDocument = Type.Object({
  scenario: Type.Object({ id: Type.String(), title: Type.String() }),
  seed: Type.Integer(),
  observed: Type.Array(Observation, { description: "the observations conditioned on: the scenario's, then the request's" }),
  trials: Type.Integer(),
  ess: Type.Number({ description: "effective sample size of the weights, Kish's (Σw)²/Σw²" }),
  trialsNeeded: Type.Optional(Type.Integer({ description: 'present when ess < 200: the trials that would give 200' })),
  years: Type.Array(Type.Integer()),
  scopes: Type.Record(Type.String(), Type.Object({ prior: Band, posterior: Band }), { description: 'total, each cluster and each field: the bands before and after' }),
  targets: Type.Array(Type.Object({ id: Type.String(), prior: Chance, posterior: Chance })),
  observations: Type.Array(Type.Object({ id: Type.String(), scope: Type.String(), year: Type.Integer(), priorMedian: Type.Number(), posteriorMedian: Type.Number() })),
});
export type CalibrationDocument = Static<typeof CalibrationDocument>;
