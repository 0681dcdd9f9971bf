import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { parseDocument, stringify } from 'yaml';
import { derivationIssues, deriveScenario } from '../../core/derive.ts';
import { describeChanges } from '../../../public/lib/text.js';
import { ScenarioError } from '../../core/errors.ts';
import { scenarioJsonSchema } from '../../schema/json-schema.ts';
import { checkScenario } from '../../schema/parse.ts';
import type { Store } from '../../store/store.ts';
import type { Catalog } from '../catalog.ts';
import type { RunService } from '../runs.ts';
import { HttpError } from '../errors.ts';
import { DeriveBody, IdParams, ScenarioListQuery, ScenarioQuery } from '../../schema/requests.ts';
import { Deleted, SavedVersion, ScenarioList, ScenarioVersions } from '../../schema/responses.ts';
import { LIST_LIMIT } from '../../core/limits.ts';
import { described, errors } from '../schemas.ts';
import { grouped } from '../../core/format.ts';

interface Deps {
  readonly catalog: Catalog;
  readonly store: Store;
  /** Throws 401 or 403 unless the request may delete (admin.ts). */
  readonly mayDelete: (request: FastifyRequest) => void;
  /** Compiles (to check) a scenario: a big one off this thread (RunService.compile). */
  readonly compile: RunService['compile'];
  readonly now: () => Date;
  /** Largest body, also after YAML aliases are expanded. */
  readonly bodyLimit: number;
}

const wantsYaml = (format: string | undefined, accept: string | undefined): boolean =>
  format === 'yaml' || (format === undefined && /\b(application|text)\/(x-)?yaml\b/.test(accept ?? ''));

/** Scenarios: list, fetch (JSON or YAML), versions, save. */
export const scenarioRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, { catalog, store, mayDelete, compile, now, bodyLimit }) => {
  // YAML bodies, so a scenario file can be posted as it is
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'], { parseAs: 'string' }, (_req, body, done) => {
    try {
      const doc = parseDocument(body as string, { uniqueKeys: true });
      if (doc.errors.length) {
        const e = doc.errors[0];
        done(new HttpError(400, 'cannot read the YAML body', [{ path: `body:${e.linePos?.[0]?.line ?? '?'}:${e.linePos?.[0]?.col ?? '?'}`, message: e.message.split('\n')[0].replace(/:\s*$/, '') }]), undefined);
        return;
      }
      const data: unknown = doc.toJS({ maxAliasCount: 100 });
      // aliases can make a small body large: the expanded document must fit the body limit too
      const expanded = JSON.stringify(data ?? null).length;
      if (expanded > bodyLimit) {
        done(new HttpError(413, `the YAML body expands to ${grouped(expanded)} bytes with its aliases; the limit is ${grouped(bodyLimit)}`), undefined);
        return;
      }
      done(null, data);
    } catch (err) {
      const why = err instanceof RangeError ? 'it is nested too deeply' : (err as Error).message.split('\n')[0];
      done(new HttpError(400, 'cannot read the YAML body', [{ path: 'body', message: why }]), undefined);
    }
  });

  app.get(
    '/api/scenarios',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Bundled and saved scenarios, a page at a time',
        description: 'Bundled scenarios first, then saved ones (their latest versions), each in id order; `next`, when present, is the `after` of the next page.',
        querystring: ScenarioListQuery,
        response: { 200: ScenarioList, ...errors(400) },
      },
    },
    async (request) => {
      const { entries, next } = catalog.list(request.query.limit ?? LIST_LIMIT.default, request.query.after);
      return { scenarios: entries, ...(next !== undefined ? { next } : {}) };
    },
  );

  app.get(
    '/api/scenarios/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'A scenario as JSON, or YAML with ?format=yaml or Accept: application/yaml',
        params: IdParams,
        querystring: ScenarioQuery,
        response: {
          200: described(
            'the scenario',
            { 'application/json': Type.Unknown({ description: 'see GET /api/schema/scenario' }), 'application/yaml': Type.String() },
            {
              'x-scenario-source': { type: 'string', description: 'bundled or saved' },
              'x-scenario-version': { type: 'string', description: 'the saved version shown' },
            },
          ),
          ...errors(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { version } = request.query;
      const found = catalog.get(id, version);
      if (!found) {
        if (catalog.isBundled(id)) throw new HttpError(404, `${id} is a bundled scenario: it has no saved versions`);
        throw new HttpError(404, catalog.has(id) ? `scenario ${id} has no version ${version}` : `no scenario with id ${id}; see GET /api/scenarios`);
      }
      reply.header('x-scenario-source', found.ref.source);
      if (found.ref.version !== null) reply.header('x-scenario-version', String(found.ref.version));
      if (wantsYaml(request.query.format, request.headers.accept)) {
        // the schema by its full URL (an editor resolves a relative one against the saved file's folder)
        const schemaLine = `# yaml-language-server: $schema=${request.protocol}://${request.host}/api/schema/scenario`;
        // a bundled file as written, comments and all; a saved one as stored
        const file = found.ref.source === 'bundled' ? catalog.fileText(id) : undefined;
        const body = file !== undefined ? file.replace(/^# yaml-language-server: \$schema=.*\n/, '') : stringify(found.scenario, { lineWidth: 0 });
        return reply.type('application/yaml; charset=utf-8').send(`${schemaLine}\n${body}`);
      }
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(found.scenario));
    },
  );

  app.get(
    '/api/scenarios/:id/versions',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Saved versions of a scenario, oldest first',
        params: IdParams,
        response: { 200: ScenarioVersions, ...errors(400, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (catalog.isBundled(id)) return { id, source: 'bundled' as const, versions: [] };
      const versions = store.listVersions(id);
      if (!versions.length) throw new HttpError(404, `no scenario with id ${id}; see GET /api/scenarios`);
      return { id, source: 'saved' as const, versions };
    },
  );

  app.post(
    '/api/scenarios',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Save a scenario (JSON or YAML body) as a new immutable version of its id',
        body: {
          content: {
            'application/json': { schema: Type.Unknown({ description: 'a scenario (see GET /api/schema/scenario)' }) },
            'application/yaml': { schema: Type.Unknown({ description: 'a scenario file as it is' }) },
          },
        },
        response: {
          200: described('unchanged: the latest version already has this content', { 'application/json': SavedVersion }, { location: { type: 'string', description: 'the version\'s URL' } }),
          201: described('saved as a new version', { 'application/json': SavedVersion }, { location: { type: 'string', description: 'the version\'s URL' } }),
          ...errors(400, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const scenario = checkScenario(request.body);
      await compile(scenario);
      if (catalog.isBundled(scenario.id)) {
        throw new HttpError(409, `${scenario.id} is a bundled scenario and cannot be overwritten; save under another id`, [{ path: 'id', message: 'choose an id not used by a bundled scenario' }]);
      }
      const { version, created } = store.saveScenario(scenario, now().toISOString());
      reply.header('location', `/api/scenarios/${version.id}?version=${version.version}`);
      return reply.code(created ? 201 : 200).send({ id: version.id, version: version.version, createdAt: version.createdAt, title: version.title });
    },
  );

  app.delete(
    '/api/scenarios/:id',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Delete a saved scenario, every version of it (stored runs of it stay; its version numbers are never given to new content)',
        description: 'Bundled scenarios cannot be deleted (409). With ADMIN_TOKEN set, send it as `Authorization: Bearer <token>`; without, only requests from the server\'s own machine may delete.',
        params: IdParams,
        response: { 200: Deleted, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      mayDelete(request);
      if (catalog.isBundled(id)) throw new HttpError(409, `${id} is a bundled scenario: it cannot be deleted`);
      const deleted = store.deleteScenario(id, now().toISOString());
      if (deleted === 0) throw new HttpError(404, `no saved scenario with id ${id}; see GET /api/scenarios`);
      return { id, deleted };
    },
  );

  app.post(
    '/api/scenarios/:id/variants',
    {
      schema: {
        tags: ['scenarios'],
        summary: 'Save a scenario with overrides written into it (what the page\'s "Save as scenario" does)',
        description:
          'Lever deliveries become fixed deliveries, growth shifts go to the scenario\'s growthShift, the volatility scale multiplies every field\'s volatility, events switched off are removed, and an event\'s change is written into it (probabilityPerYear replaced; forceYear as a one-year window at probability 1; impactScale into the event\'s impactScale); trials and seed go to simulation. Running the new scenario gives the same numbers as running the original with the overrides. The description says what it was derived from.',
        params: IdParams,
        body: DeriveBody,
        response: {
          200: described('unchanged: the latest version already has this content', { 'application/json': SavedVersion }, { location: { type: 'string', description: 'the version\'s URL' } }),
          201: described('saved as a new version', { 'application/json': SavedVersion }, { location: { type: 'string', description: 'the version\'s URL' } }),
          ...errors(400, 404, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { id: fromId } = request.params;
      const body = request.body;
      const found = catalog.get(fromId, body.version);
      if (!found) throw new HttpError(404, catalog.has(fromId) ? `scenario ${fromId} has no version ${body.version}` : `no scenario with id ${fromId}; see GET /api/scenarios`);
      if (catalog.isBundled(body.id)) {
        throw new HttpError(409, `${body.id} is a bundled scenario and cannot be overwritten; save under another id`, [{ path: 'body.id', message: 'choose an id not used by a bundled scenario' }]);
      }
      const overrides = body.overrides ?? {};
      // the overrides must fit the original (unknown levers, events, scopes are named as such),
      // and what they add up to must fit a scenario file; both are named by the request's paths
      await compile(found.scenario, overrides);
      const issues = derivationIssues(found.scenario, overrides);
      if (issues.length) throw new ScenarioError(issues, 'these overrides cannot be saved into a scenario', 'invalid-overrides');
      const from = `${found.scenario.title} (${fromId}${found.ref.version !== null ? ` v${found.ref.version}` : ', bundled'})`;
      const derived = deriveScenario(found.scenario, overrides, { id: body.id, title: body.title, from, date: now().toISOString().slice(0, 10), trials: body.trials, seed: body.seed, changes: describeChanges(overrides, found.scenario, 'en') });
      let scenario;
      try {
        scenario = checkScenario(derived);
        await compile(scenario);
      } catch (err) {
        if (err instanceof ScenarioError) throw err.with(err.issues, 'the derived scenario is not valid');
        throw err;
      }
      const { version, created } = store.saveScenario(scenario, now().toISOString());
      reply.header('location', `/api/scenarios/${version.id}?version=${version.version}`);
      return reply.code(created ? 201 : 200).send({ id: version.id, version: version.version, createdAt: version.createdAt, title: version.title });
    },
  );

  const jsonSchema = scenarioJsonSchema();
  app.get('/api/schema/scenario', { schema: { tags: ['meta'], summary: 'JSON Schema of scenario files', response: { 200: Type.Unknown() } } }, async (_request, reply) =>
    reply.type('application/schema+json; charset=utf-8').send(jsonSchema),
  );
};
