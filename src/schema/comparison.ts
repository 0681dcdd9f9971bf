/** Two results on common random numbers side by side: the one definition of a comparison (the core computes it, the API documents it, reports render it). */
import { Type, type Static } from '@sinclair/typebox';

const Series = Type.Array(Type.Number());
/** a, b and b − a of one statistic per year. */
const SeriesPair = Type.Object({ a: Series, b: Series, diff: Series });

/** Median and mean per year of a scope in a, in b, and b − a. */
export const SeriesDiff = Type.Object({ p50: SeriesPair, mean: SeriesPair });
export type SeriesDiff = Static<typeof SeriesDiff>;

const Pair = Type.Object({ a: Type.Number(), b: Type.Number(), diff: Type.Number() });

/** A target both results have: its probability and median in a and b, and b − a. */
export const TargetDiff = Type.Object({
  id: Type.String(),
  year: Type.Integer(),
  scope: Type.String(),
  value: Type.Number(),
  probability: Pair,
  probabilitySe: Type.Object(
    { a: Type.Number(), b: Type.Number(), diff: Type.Number() },
    {
      description:
        "Monte Carlo standard errors of a's and b's probability and of the change, √(se_a² + se_b²): the unpaired one, an upper bound when the runs share their random numbers (the paired comparison, POST /api/compare/paired or compare --paired, gives the paired one). A change smaller than 3 of these is within sampling noise.",
    },
  ),
  p50: Pair,
});
export type TargetDiff = Static<typeof TargetDiff>;

export const Comparison = Type.Object({
  a: Type.Object({ id: Type.String(), title: Type.String() }),
  b: Type.Object({ id: Type.String(), title: Type.String() }),
  seed: Type.Integer(),
  trials: Type.Integer(),
  years: Type.Array(Type.Integer()),
  total: SeriesDiff,
  clusters: Type.Record(Type.String(), SeriesDiff),
  targets: Type.Array(TargetDiff),
  onlyIn: Type.Object({ a: Type.Array(Type.String()), b: Type.Array(Type.String()) }, { description: 'clusters or targets present in only one of the two' }),
});
export type Comparison = Static<typeof Comparison>;
