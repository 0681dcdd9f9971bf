/** TypeBox schemas of the API's inputs and responses (validation and the OpenAPI document). */
import { Type, type Static } from '@sinclair/typebox';
import { Comparison } from '../schema/comparison.ts';
import { RunManifest } from '../schema/manifest.ts';
import { Overrides } from '../schema/overrides.ts';
import { Id, MAX_TRIALS } from '../schema/scenario.ts';
import { SEED_MAX } from '../core/limits.ts';
import { grouped } from '../core/format.ts';

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    details: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  },
  { $id: 'ErrorResponse', description: 'every 4xx and 5xx: details list each problem with its path' },
);

const RETRY_AFTER = { 'retry-after': { type: 'string', description: 'seconds to wait before retrying' } };

/** Error responses by status code; 429 and 503 also declare their Retry-After header. */
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      c,
      c === 429 || c === 503
        ? { description: c === 429 ? 'over the rate limit' : 'the run queue is full', headers: RETRY_AFTER, content: { 'application/json': { schema: Type.Ref('ErrorResponse') } } }
        : Type.Ref('ErrorResponse'),
    ]),
  );

/** A response with headers and content types, in the form OpenAPI documents. */
export function described(description: string, content: Record<string, unknown>, headers: Record<string, { type: string; description: string }> = {}) {
  return { description, headers, content: Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }])) };
}


const Trials = Type.Integer({ minimum: 1, description: `trials (default: the scenario's; the server's limit, MAX_TRIALS, is at most ${grouped(MAX_TRIALS)})` });
const Seed = Type.Integer({ minimum: 0, maximum: SEED_MAX, description: 'seed (default: the scenario\'s)' });

export const RunBody = Type.Object(
  {
    scenarioId: Type.Optional(Id),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'a saved scenario\'s version (default: latest)' })),
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
  { additionalProperties: false, description: 'two runs on the same trials and seed (default: a\'s scenario\'s)' },
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

/** One line of a streamed run (POST /api/runs?progress=ndjson). */
export const RunStreamLine = Type.Union(
  [
    Type.Object(
      { type: Type.Literal('progress'), done: Type.Integer({ minimum: 0 }), total: Type.Integer({ minimum: 0 }) },
      { description: 'steps (trials × years) done of all, at most every 100 ms while the run executes' },
    ),
    Type.Object({ type: Type.Literal('run'), ...RunManifest.properties }, { description: 'the last line of a run that finished (or was stored already): the run manifest' }),
    Type.Object(
      { type: Type.Literal('error'), ...ErrorResponse.properties },
      { description: 'the last line of a run that could not be made: the one error shape, with the status the plain request would have answered' },
    ),
  ],
  { description: 'one JSON object per line' },
);

export const CompareResponse = Type.Object({ runs: Type.Object({ a: Type.String(), b: Type.String() }), comparison: Comparison });


/** What a DELETE removed. */
export const Deleted = Type.Object({ id: Type.String(), deleted: Type.Integer({ description: 'runs, or saved versions, deleted' }) });

export const SavedVersion = Type.Object({ id: Type.String(), version: Type.Integer(), createdAt: Type.String(), title: Type.String() });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const RunIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'a run id (64 hex characters)' }) }, { additionalProperties: false });
/** Most scenarios one listing page holds. */
export const MAX_LIST_LIMIT = 500;

export const ScenarioListQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: `scenarios per page, 1 to ${MAX_LIST_LIMIT} (default 100)` })),
    after: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'the id of the last scenario of the previous page (its `next`)' })),
  },
  { additionalProperties: false },
);

export const ScenarioQuery = Type.Object(
  {
    version: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'a saved version number' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('yaml')])),
  },
  { additionalProperties: false },
);

const Range = (description: string) => Type.Object({ min: Type.Integer(), max: Type.Integer() }, { description });

/** GET /api/limits: the bounds a client (the page) checks before it asks, from this server's configuration and the engine's limits. */
export const Limits = Type.Object({
  trials: Range('trials a run may ask for (the maximum is this server\'s MAX_TRIALS)'),
  seed: Range('seeds (and noise and event seeds)'),
  upliftTrials: Range('trials of the required-uplift search'),
  bodyBytes: Type.Integer({ description: 'the largest request body (BODY_LIMIT)' }),
});

export const Health = Type.Object({
  status: Type.Literal('ok'),
  engineVersion: Type.String(),
  uptimeSeconds: Type.Number(),
  workers: Type.Integer(),
  runs: Type.Object({
    active: Type.Integer({ description: 'runs executing' }),
    waiting: Type.Integer({ description: 'runs queued' }),
    dropped: Type.Integer({ description: 'runs dropped from the queue or stopped while executing, since start, because every client waiting for them went away' }),
  }),
});

export { errors };

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'a run id (64 hex characters)' });
export const ChartParams = Type.Object(
  { id: Hex64, chart: Type.Union([Type.Literal('fan'), Type.Literal('clusters'), Type.Literal('probability')], { description: 'fan, clusters or probability' }) },
  { additionalProperties: false },
);
const Whole = (min: number, max: number, description: string) => Type.String({ pattern: '^[0-9]{1,4}$', description: `${description}: a whole number from ${min} to ${max}` });
export const ChartQuery = Type.Object(
  {
    unit: Type.Optional(Type.Union([Type.Literal('cny'), Type.Literal('yi'), Type.Literal('usd')], { description: 'cny: billion yuan (default); yi: 亿元; usd: billion US$ at the scenario\'s rate' })),
    lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('zh')], { description: 'en (default) or zh' })),
    compare: Type.Optional({ ...Hex64, description: 'a stored run whose median (or chance) is drawn dashed, e.g. the scenario without changes' }),
    scope: Type.Optional(Type.String({ maxLength: 64, description: "what the fan chart shows: total (default), or a cluster's or a field's id of the run's scenario" })),
    width: Type.Optional(Whole(480, 2400, 'width in CSS pixels (default 900)')),
    height: Type.Optional(Whole(320, 1600, 'height in CSS pixels (default 540)')),
    scale: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('2'), Type.Literal('3')], { description: 'pixel ratio (default 2, sharp in print)' })),
  },
  { additionalProperties: false },
);
export type ChartQuery = Static<typeof ChartQuery>;

export const DeriveBody = Type.Object(
  {
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'the saved version to start from (default: latest; bundled scenarios have none)' })),
    id: { ...Id, description: 'id of the new scenario (a new version when it is saved already; bundled ids are refused)' },
    title: Type.String({ minLength: 1, maxLength: 200, description: 'its title' }),
    overrides: Type.Optional(Overrides),
    trials: Type.Optional(Trials),
    seed: Type.Optional(Seed),
  },
  { additionalProperties: false, description: 'save a scenario with overrides written into it' },
);
export type DeriveBody = Static<typeof DeriveBody>;
