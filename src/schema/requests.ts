/**
 * What the API's routes take: bodies, path parameters and query strings, each defined once here
 * (validated by validate.ts, typed in the routes through Fastify's TypeBox type provider, and
 * documented in the OpenAPI document). Query strings and paths are typed: numbers and booleans
 * are coerced from their text before the check.
 */
import { Observation } from './observation.ts';
import { Type, type Static } from '@sinclair/typebox';
import { grouped } from '../core/format.ts';
import { CHART_IMAGE, LIST_LIMIT, MAX_TRIALS, SEED_MAX } from '../core/limits.ts';
import { Overrides } from './overrides.ts';
import { Id } from './scenario.ts';

const Trials = Type.Integer({ minimum: 1, description: `trials (default: the scenario's; the server's limit, MAX_TRIALS, is at most ${grouped(MAX_TRIALS)})` });
const Seed = Type.Integer({ minimum: 0, maximum: SEED_MAX, description: "seed (default: the scenario's)" });
const Version = (description: string) => Type.Integer({ minimum: 1, description });

/** What a client asks a run of: a stored scenario (by id, optionally a version) or an inline one, with options. */
export const RunBody = Type.Object(
  {
    scenarioId: Type.Optional(Id),
    version: Type.Optional(Version("a saved scenario's version (default: latest)")),
    scenario: Type.Optional(Type.Unknown({ description: 'an inline scenario (see GET /api/schema/scenario)' })),
    trials: Type.Optional(Trials),
    seed: Type.Optional(Seed),
    overrides: Type.Optional(Overrides),
  },
  { additionalProperties: false, description: 'a stored scenario ({scenarioId, version?}) or an inline one ({scenario}), with options' },
);
export type RunBody = Static<typeof RunBody>;

const RunSide = Type.Object(
  {
    scenarioId: Type.Optional(Id),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    scenario: Type.Optional(Type.Unknown()),
    overrides: Type.Optional(Overrides),
  },
  { additionalProperties: false },
);

export const CompareBody = Type.Object(
  { a: RunSide, b: RunSide, trials: Type.Optional(Trials), seed: Type.Optional(Seed) },
  { additionalProperties: false, description: "two runs on the same trials and seed (default: a's scenario's)" },
);
export type CompareBody = Static<typeof CompareBody>;

export const RunQuery = Type.Object(
  {
    progress: Type.Optional(
      Type.Literal('ndjson', {
        description: 'stream the answer as NDJSON (as Accept: application/x-ndjson does): progress lines while the run executes, then the manifest or an error as the last line',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RunQuery = Static<typeof RunQuery>;

export const DeriveBody = Type.Object(
  {
    version: Type.Optional(Version('the saved version to start from (default: latest; bundled scenarios have none)')),
    id: { ...Id, description: 'id of the new scenario (a new version when it is saved already; bundled ids are refused)' },
    title: Type.String({ minLength: 1, maxLength: 200, description: 'its title' }),
    overrides: Type.Optional(Overrides),
    trials: Type.Optional(Trials),
    seed: Type.Optional(Seed),
  },
  { additionalProperties: false, description: 'save a scenario with overrides written into it' },
);
export type DeriveBody = Static<typeof DeriveBody>;

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** A run id: the content hash of what it ran. */
const RunId = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'a run id (64 hex characters)' });
export const RunIdParams = Type.Object({ id: RunId }, { additionalProperties: false });

export const ScenarioListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_LIMIT.max, description: `scenarios per page, 1 to ${LIST_LIMIT.max} (default ${LIST_LIMIT.default})` })),
    after: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'the id of the last scenario of the previous page (its `next`)' })),
  },
  { additionalProperties: false },
);

export const ScenarioQuery = Type.Object(
  {
    version: Type.Optional(Version('a saved version number')),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('yaml')])),
  },
  { additionalProperties: false },
);

export const ChartParams = Type.Object(
  {
    id: RunId,
    chart: Type.Union([Type.Literal('fan'), Type.Literal('clusters'), Type.Literal('probability'), Type.Literal('tornado')], {
      description: "fan, clusters, probability, or tornado (which assumptions move an output: the run's sensitivity figures)",
    }),
  },
  { additionalProperties: false },
);

const Pixels = (what: keyof typeof CHART_IMAGE & ('width' | 'height')) => {
  const { min, max, default: fallback } = CHART_IMAGE[what];
  return Type.Integer({ minimum: min, maximum: max, description: `${what} in CSS pixels (default ${fallback}): a whole number from ${min} to ${max}` });
};

/** Units of a report or chart (the page's and the CLI's --unit; public/lib/text.js UNITS, test/api/tables.test.ts checks they agree). */
export const DisplayUnit = Type.Union([Type.Literal('cny'), Type.Literal('yi'), Type.Literal('usd')], {
  description: "cny: billion yuan (default); yi: 亿元; usd: billion US$ at the scenario's rate",
});
/** Languages of names and words (public/lib/text.js LANGS). */
export const Lang = Type.Union([Type.Literal('en'), Type.Literal('zh')], { description: 'language of the names and words: en (default) or zh' });

export const ChartQuery = Type.Object(
  {
    unit: Type.Optional(DisplayUnit),
    lang: Type.Optional(Lang),
    compare: Type.Optional({ ...RunId, description: 'a stored run whose median (or chance) is drawn dashed, e.g. the scenario without changes' }),
    scope: Type.Optional(Type.String({ maxLength: 64, description: "what the fan chart shows: total (default), or a cluster's or a field's id of the run's scenario" })),
    output: Type.Optional(
      Type.String({
        maxLength: 140,
        description:
          "what the tornado shows: target:<id> (a target's chance; default: the run's headline target), total@<year> or <cluster>@<year> of the run's sensitivity outputs",
      }),
    ),
    width: Type.Optional(Pixels('width')),
    height: Type.Optional(Pixels('height')),
    scale: Type.Optional(
      Type.Integer({
        minimum: CHART_IMAGE.scale.min,
        maximum: CHART_IMAGE.scale.max,
        description: `pixel ratio, ${CHART_IMAGE.scale.min} to ${CHART_IMAGE.scale.max} (default ${CHART_IMAGE.scale.default}, sharp in print)`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type ChartQuery = Static<typeof ChartQuery>;

/** GET /api/runs/:id/table.csv and .xlsx. */
export const TableQuery = Type.Object({ lang: Type.Optional(Lang), unit: Type.Optional(DisplayUnit) }, { additionalProperties: false });
export type TableQuery = Static<typeof TableQuery>;

/** POST /api/sensitivity: a run request (RunBody) and what to explain, how. */
export const SensitivityBody = Type.Object(
  {
    ...RunBody.properties,
    method: Type.Optional(
      Type.Union([Type.Literal('given-data'), Type.Literal('sobol')], {
        description:
          "given-data (default): first-order shares and tornado bars from the run's own trials; sobol: first-order and total indices from Saltelli's design (trials = its base rows)",
      }),
    ),
    by: Type.Optional(Type.Union([Type.Literal('group'), Type.Literal('input')], { description: 'sobol: by group of inputs (default) or by single input' })),
    outputs: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 500,
        description: 'outputs to explain, e.g. target:plan-2030, total@2030, intelligence@2035 (default: the targets and the total in the target years); with byYear, the targets',
      }),
    ),
    byYear: Type.Optional(Type.Boolean({ description: "each target's group shares of P(scope ≥ value in year y), year by year (given data)" })),
    lang: Type.Optional(Lang),
  },
  { additionalProperties: false, description: 'a stored scenario ({scenarioId, version?}) or an inline one ({scenario}), with options and what to explain' },
);
export type SensitivityBody = Static<typeof SensitivityBody>;

/** POST /api/calibrate: a run request (RunBody) and observations besides the scenario's own. */
export const CalibrateBody = Type.Object(
  {
    ...RunBody.properties,
    observations: Type.Optional(Type.Array(Observation, { maxItems: 100, description: "conditioned on with the scenario's own observations" })),
  },
  { additionalProperties: false, description: 'a stored scenario ({scenarioId, version?}) or an inline one ({scenario}), with options and observations' },
);
export type CalibrateBody = Static<typeof CalibrateBody>;

/** POST /api/discover: a run request (RunBody) and the target whose worlds to describe. */
export const DiscoverBody = Type.Object(
  {
    ...RunBody.properties,
    target: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the target's id (default: the scenario's first)" })),
    lang: Type.Optional(Lang),
    unit: Type.Optional(DisplayUnit),
  },
  { additionalProperties: false, description: 'a stored scenario ({scenarioId, version?}) or an inline one ({scenario}), with options and the target' },
);
export type DiscoverBody = Static<typeof DiscoverBody>;
