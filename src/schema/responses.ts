/**
 * What the API answers: the error shape with its codes, listings, limits, health, deletions and
 * the lines of a streamed run, each defined once here (the routes' response schemas and the
 * OpenAPI document).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ERROR_CODES, ISSUE_CODES } from '../core/errors.ts';
import { CatalogEntry } from './catalog.ts';
import { Comparison } from './comparison.ts';
import { RunManifest } from './manifest.ts';

/** What an HTTP error that is not bad scenario input is, by its status. */
export const HTTP_ERROR_CODES = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  421: 'wrong-host',
  422: 'unprocessable',
  429: 'rate-limited',
  503: 'busy',
  507: 'disk-full',
  500: 'internal',
} as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[keyof typeof HTTP_ERROR_CODES];

const literals = <T extends string>(words: readonly T[], description: string) => Type.Union(words.map((w) => Type.Literal(w)), { description });

/** Every code an error body may carry: a kind of bad input (ScenarioError), or an HTTP error's. */
export const ApiErrorCode = literals([...ERROR_CODES, ...new Set(Object.values(HTTP_ERROR_CODES))], 'what kind of error, for clients to branch on (the message is for people)');
export type ApiErrorCode = Static<typeof ApiErrorCode>;

export const IssueDetail = Type.Object({ path: Type.String(), message: Type.String(), code: literals(ISSUE_CODES, 'what kind of problem') });
export type IssueDetail = Static<typeof IssueDetail>;

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: ApiErrorCode,
    error: Type.String(),
    message: Type.String(),
    details: Type.Array(IssueDetail),
  },
  { $id: 'ErrorResponse', description: 'every 4xx and 5xx: details list each problem with its path and code' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

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
export type SavedVersion = Static<typeof SavedVersion>;

/** A page of the scenario listing. */
export const ScenarioList = Type.Object({ scenarios: Type.Array(CatalogEntry), next: Type.Optional(Type.String()) });

/** The saved versions of a scenario (none for a bundled one). */
export const ScenarioVersions = Type.Object({ id: Type.String(), source: Type.Union([Type.Literal('bundled'), Type.Literal('saved')]), versions: Type.Array(SavedVersion) });

const Range = (description: string) => Type.Object({ min: Type.Integer(), max: Type.Integer() }, { description });

/** GET /api/limits: the bounds a client (the page) checks before it asks, from this server's configuration and the engine's limits. */
export const Limits = Type.Object({
  trials: Range('trials a run may ask for (the maximum is this server\'s MAX_TRIALS)'),
  seed: Range('seeds (and noise and event seeds)'),
  upliftTrials: Range('trials of the required-uplift search'),
  bodyBytes: Type.Integer({ description: 'the largest request body (BODY_LIMIT)' }),
});
export type Limits = Static<typeof Limits>;

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
