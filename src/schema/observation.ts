/**
 * What has been observed since a scenario's base year (issue 12): a published figure for one of its
 * scopes in one year, as a value or a range, with its source and how far its definition may differ
 * from the scenario's scope. A run can be conditioned on them (core/calibration). Optional: the
 * engine's run never reads them.
 */
import { Type, type Static } from '@sinclair/typebox';

export const Observation = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64, description: 'a slug naming the observation in messages' }),
    scope: Type.String({ minLength: 1, maxLength: 64, description: 'total, a cluster id or a field id' }),
    year: Type.Integer({ description: 'the calendar year it was observed in: after baseYear, up to endYear' }),
    value: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'the published value, bn yuan' })),
    low: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'or a range: its low end, bn yuan (with high: the range read as a 90% interval)' })),
    high: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'the range’s high end, bn yuan' })),
    definitionUncertainty: Type.Number({
      minimum: 0.01,
      maximum: 2,
      description:
        "how far the figure's definition may differ from the scope's, as the standard deviation of log(figure / scope's value): 0.1 for the same definition, 0.3–0.5 when it may count more or less",
    }),
    source: Type.String({ minLength: 1, maxLength: 2000, description: 'where the figure was published (a URL) and its vintage' }),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false, description: 'a published figure for a scope in a year: a value or a range, its source, and how uncertain its definition is' },
);
export type Observation = Static<typeof Observation>;
