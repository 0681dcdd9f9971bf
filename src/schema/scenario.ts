/**
 * The scenario shape: the single source of truth for the TypeScript types, validation and the
 * JSON Schema that editors use for `scenarios/*.yaml`. Key names follow DESIGN.md.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  MAX_CLUSTERS,
  MAX_DESCRIPTION_LENGTH,
  MAX_EXPRESSION_LENGTH,
  MAX_FIELDS,
  MAX_GROWTH_SHIFT,
  MAX_IMPACT_SCALE,
  MAX_SCOPE_ENTRIES,
  MAX_TRIALS,
  MAX_VOLATILITY,
  RUN_DEFAULTS,
  SEED_MAX,
  UPLIFT_TRIALS_MAX,
  UPLIFT_TRIALS_MIN,
} from '../core/limits.ts';
import { FieldScope, ScenarioScope } from './scope.ts';
import { Observation } from './observation.ts';

/** Current scenario file format version. */
const SCHEMA_VERSION = 1;

/** An id: lowercase letters, digits and dashes (safe in URLs, file names and expressions). */
export const Id = Type.String({
  // "constructor" and "prototype" would collide with object members where ids key a result
  pattern: '^(?!constructor$|prototype$)[a-z0-9][a-z0-9-]{0,63}$',
  description: 'lowercase letters, digits and dashes, up to 64 characters, e.g. "general-ai" (not "constructor" or "prototype")',
});

const Notes = Type.String({ maxLength: 5000 });
const Sources = Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 50 });

/** A number, or a mathjs expression of `year` and `t` (years since baseYear), e.g. "0.3 - 0.01 * t". */
const NumOrExpr = Type.Union([Type.Number(), Type.String({ minLength: 1, maxLength: MAX_EXPRESSION_LENGTH })], {
  description: 'a number, or a mathjs expression of year and t (years since baseYear), e.g. "0.3 - 0.01 * t"',
});

const common = { additionalProperties: false } as const;

const FixedDist = Type.Object({ dist: Type.Literal('fixed'), value: NumOrExpr }, { ...common, description: 'a fixed value' });
const NormalDist = Type.Object(
  {
    dist: Type.Literal('normal'),
    mean: Type.Optional(NumOrExpr),
    sd: Type.Optional(NumOrExpr),
    low: Type.Optional(NumOrExpr),
    high: Type.Optional(NumOrExpr),
  },
  { ...common, description: 'normal: either mean and sd, or low and high (5th and 95th percentiles)' },
);
const LognormalDist = Type.Object(
  {
    dist: Type.Literal('lognormal'),
    mu: Type.Optional(NumOrExpr),
    sigma: Type.Optional(NumOrExpr),
    low: Type.Optional(NumOrExpr),
    high: Type.Optional(NumOrExpr),
  },
  { ...common, description: 'lognormal: either mu and sigma (of the log), or low and high (5th and 95th percentiles, both > 0)' },
);
const UniformDist = Type.Object({ dist: Type.Literal('uniform'), min: NumOrExpr, max: NumOrExpr }, { ...common, description: 'uniform on [min, max]' });
const TriangularDist = Type.Object(
  { dist: Type.Literal('triangular'), min: NumOrExpr, mode: NumOrExpr, max: NumOrExpr },
  { ...common, description: 'triangular on [min, max] with the given mode' },
);
const PertDist = Type.Object(
  { dist: Type.Literal('pert'), min: NumOrExpr, mode: NumOrExpr, max: NumOrExpr, lambda: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })) },
  { ...common, description: 'PERT (scaled beta) on [min, max] with the given mode; lambda (default 4) sets the weight of the mode' },
);
const IntervalDist = Type.Object(
  { low: NumOrExpr, high: NumOrExpr },
  { ...common, description: '90% interval, as Squiggle\'s "low to high": lognormal when low > 0, else normal' },
);

/** An uncertain parameter: a number, an expression, or a distribution. */
export const Param = Type.Union([NumOrExpr, FixedDist, NormalDist, LognormalDist, UniformDist, TriangularDist, PertDist, IntervalDist], {
  description: 'a number, an expression of year and t, or a distribution {dist: normal|lognormal|uniform|triangular|pert|fixed, ...}, or {low, high}',
});

const LocalName = Type.Object(
  { en: Type.String({ minLength: 1, maxLength: 200 }), zh: Type.String({ minLength: 1, maxLength: 200 }) },
  { ...common, description: 'names in English and Chinese' },
);

const YearInt = Type.Integer({ minimum: 1900, maximum: 2200 });

const Period = Type.Object(
  { from: YearInt, to: YearInt, rate: Param },
  { ...common, description: 'an inclusive range of years grown into, with its annual growth rate (0.2 = 20%/yr)' },
);

const CagrGrowth = Type.Object(
  { model: Type.Literal('cagr'), periods: Type.Array(Period, { minItems: 1, maxItems: 50 }) },
  { ...common, description: 'compound annual growth: V(y) = V(y-1)·(1 + g(y) + u)' },
);
const LogisticGrowth = Type.Object(
  { model: Type.Literal('logistic'), capacity: Param, rate: Param },
  { ...common, description: 'logistic growth toward capacity K (bn yuan) with intrinsic rate r per year' },
);
const Growth = Type.Union([CagrGrowth, LogisticGrowth], { description: 'growth model: {model: cagr, periods} or {model: logistic, capacity, rate}' });

const Provenance = Type.Object(
  {
    status: Type.Union([Type.Literal('estimate'), Type.Literal('sourced')], { description: 'estimate (no official figure) or sourced' }),
    base: Type.Optional(Notes),
    growth: Type.Optional(Notes),
  },
  { ...common, description: 'where the base value and growth come from' },
);

export const Field = Type.Object(
  {
    id: Id,
    name: LocalName,
    planStatus: Type.Optional(Type.Union([Type.Literal('confirmed'), Type.Literal('unconfirmed')])),
    base: Param,
    growth: Growth,
    volatility: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_VOLATILITY, description: 'annual volatility σ of log output (0.1 = 10%)' })),
    provenance: Type.Optional(Provenance),
    /** What this field's value counts and leaves out (optional; the engine does not read it). */
    scope: Type.Optional(FieldScope),
    sources: Type.Optional(Sources),
    notes: Type.Optional(Notes),
  },
  { ...common, description: 'a field of a cluster: base output (bn yuan in baseYear) and its growth' },
);

export const Cluster = Type.Object(
  {
    id: Id,
    name: LocalName,
    districts: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    fields: Type.Array(Field, { minItems: 1, maxItems: MAX_FIELDS }),
    notes: Type.Optional(Notes),
  },
  { ...common, description: 'a cluster: its value is the sum of its fields' },
);

const Effect = Type.Object(
  { scope: Type.String({ minLength: 1, maxLength: 64 }), perUnitDelivery: Param },
  { ...common, description: 'change to annual growth per unit of delivery above plan, on total, a cluster or a field' },
);

export const Lever = Type.Object(
  {
    id: Id,
    name: LocalName,
    planTarget: Type.Optional(Type.Number()),
    unit: Type.Optional(Type.String({ maxLength: 200 })),
    delivery: Type.Optional(Param),
    effects: Type.Array(Effect, { minItems: 1, maxItems: 100 }),
    notes: Type.Optional(Notes),
    sources: Type.Optional(Sources),
  },
  { ...common, description: 'a plan lever: u = Σ effect·(delivery − 1); delivery 1 (default) is the plan as announced' },
);

export const EventDef = Type.Object(
  {
    id: Id,
    name: Type.Optional(LocalName),
    scope: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: MAX_SCOPE_ENTRIES }),
    years: Type.Object({ from: YearInt, to: YearInt }, common),
    probabilityPerYear: NumOrExpr,
    impact: Param,
    impactScale: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: MAX_IMPACT_SCALE,
        description: `multiplies each drawn impact, from 0 to ${MAX_IMPACT_SCALE} (default 1; a saved variant of "bites harder" carries it)`,
      }),
    ),
    notes: Type.Optional(Notes),
    sources: Type.Optional(Sources),
  },
  { ...common, description: 'a shock: each trial-year in the window it happens with probabilityPerYear and multiplies its scope by (1 + impact)' },
);

export const Target = Type.Object(
  {
    id: Id,
    year: YearInt,
    scope: Type.String({ minLength: 1, maxLength: 64, description: 'total, a cluster id or a field id' }),
    value: Type.Number({ exclusiveMinimum: 0, description: 'bn yuan' }),
    label: Type.Optional(Type.String({ maxLength: 500 })),
    source: Type.Optional(Notes),
  },
  common,
);

const Correlation = Type.Union(
  [
    Type.Object(
      {
        withinCluster: Type.Number({ minimum: -1, maximum: 1 }),
        acrossClusters: Type.Optional(Type.Number({ minimum: -1, maximum: 1 })),
      },
      { ...common, description: 'one correlation between fields of the same cluster and one between fields of different clusters' },
    ),
    Type.Object(
      { matrix: Type.Array(Type.Array(Type.Number({ minimum: -1, maximum: 1 }))) },
      { ...common, description: "full correlation matrix of the fields' annual noise, in file order of the fields" },
    ),
  ],
  { description: "correlation of the fields' annual noise: {withinCluster, acrossClusters} or {matrix}" },
);

/** A group of uncertain parameters that share a common error (a Gaussian copula with one factor). */
const ParameterCorrelation = Type.Object(
  {
    parameters: Type.Union([Type.Literal('base'), Type.Literal('growth'), Type.Literal('capacity')], {
      description: 'which parameters of each field: base (base values), growth (every period rate, or the logistic rate), capacity (logistic capacity)',
    }),
    scope: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'total (default), a cluster id or a field id' })),
    rho: Type.Number({ minimum: 0, maximum: 1, description: 'correlation of any two of them (of their normal scores)' }),
    notes: Type.Optional(Notes),
  },
  { ...common, description: 'the parameters of this kind of every field in scope share one common factor: any two are correlated with rho' },
);

const Simulation = Type.Object(
  {
    trials: Type.Integer({ minimum: 1, maximum: MAX_TRIALS }),
    seed: Type.Integer({ minimum: 0, maximum: SEED_MAX }),
    upliftTrials: Type.Optional(
      Type.Integer({
        minimum: UPLIFT_TRIALS_MIN,
        maximum: UPLIFT_TRIALS_MAX,
        description: `trials used for the required-uplift bisection (default ${RUN_DEFAULTS.upliftTrials})`,
      }),
    ),
  },
  common,
);

const Currency = Type.Object(
  {
    unit: Type.Literal('CNY_BN'),
    usdRate: Type.Number({ exclusiveMinimum: 0, description: 'yuan per US dollar' }),
    usdRateSource: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  common,
);

export const Scenario = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'where editors find this JSON Schema (for JSON files; YAML files use a comment)' })),
    schemaVersion: Type.Literal(SCHEMA_VERSION),
    id: Id,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION_LENGTH })),
    /** The scope the scenario models: narrow (the plan's sixteen fields) or broad, what it counts and leaves out. */
    scope: Type.Optional(ScenarioScope),
    baseYear: YearInt,
    endYear: YearInt,
    simulation: Simulation,
    currency: Type.Optional(Currency),
    targets: Type.Optional(Type.Array(Target, { maxItems: 50 })),
    /** Published figures since the base year a run can be conditioned on (core/calibration). */
    observations: Type.Optional(
      Type.Array(Observation, { maxItems: 100, description: 'published figures since the base year, on which a run can be conditioned by reweighting its trials' }),
    ),
    correlation: Type.Optional(Correlation),
    parameterCorrelations: Type.Optional(Type.Array(ParameterCorrelation, { maxItems: 50 })),
    clusters: Type.Array(Cluster, { minItems: 1, maxItems: MAX_CLUSTERS }),
    levers: Type.Optional(Type.Array(Lever, { maxItems: 100 })),
    events: Type.Optional(Type.Array(EventDef, { maxItems: 100 })),
    growthShift: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Number({ minimum: -MAX_GROWTH_SHIFT, maximum: MAX_GROWTH_SHIFT }), {
        description:
          'added to the annual growth (g or r) of every field in a scope (total, a cluster id or a field id): 0.02 = +2 percentage points a year. What the page saves when its growth sliders moved; the same as the --shift-pp override.',
      }),
    ),
  },
  { ...common, $id: 'https://future-industry-sim.local/scenario.schema.json', title: 'future-industry-sim scenario' },
);

export type Scenario = Static<typeof Scenario>;
export type Field = Static<typeof Field>;
export type Cluster = Static<typeof Cluster>;
export type Lever = Static<typeof Lever>;
export type EventDef = Static<typeof EventDef>;
export type Target = Static<typeof Target>;
export type Param = Static<typeof Param>;
