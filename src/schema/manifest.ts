/** A stored run: the one definition of its manifest and of where its scenario came from (the API documents it, the service, the store's readers and the reports type it). */
import { Type, type Static } from '@sinclair/typebox';
import { Overrides } from './overrides.ts';
import { Result } from './result.ts';
import type { Scenario } from './scenario.ts';

/** Where the scenario of a run came from. */
export const ScenarioRef = Type.Object({
  id: Type.String(),
  source: Type.Union([Type.Literal('bundled'), Type.Literal('saved'), Type.Literal('inline')]),
  version: Type.Union([Type.Integer(), Type.Null()], { description: "a saved scenario's version; null for bundled and inline ones" }),
});
export type ScenarioRef = Static<typeof ScenarioRef>;

/** The options a run ran with. */
export const RunOptionsRecord = Type.Object({ trials: Type.Integer(), seed: Type.Integer(), upliftTrials: Type.Integer(), overrides: Overrides });
export type RunOptionsRecord = Static<typeof RunOptionsRecord>;

export const RunManifest = Type.Object(
  {
    id: Type.String({ description: 'content hash of engine version, scenario, trials, seed and overrides' }),
    engineVersion: Type.String(),
    createdAt: Type.String(),
    scenarioRef: ScenarioRef,
    // documented as any JSON (GET /api/schema/scenario describes it): typed as the checked scenario it is
    scenario: Type.Unsafe<Scenario>(Type.Unknown({ description: 'the scenario as run (see GET /api/schema/scenario)' })),
    options: RunOptionsRecord,
    result: Result,
  },
  { description: 'a run: its id, the scenario and options it ran with, and the result' },
);
/** Everything needed to reproduce and show a run. */
export type RunManifest = Static<typeof RunManifest>;
