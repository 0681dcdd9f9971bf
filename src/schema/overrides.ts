/** What an analyst changes without editing the scenario: the one definition of overrides (the API validates it, the core's types are derived from it). */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_IMPACT_SCALE, MAX_VOLATILITY_SCALE } from '../core/limits.ts';

/** How a run changes one event: its probability per year, the size of its impacts, or the one year it happens in. */
export const EventChange = Type.Object(
  {
    probabilityPerYear: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'a probability from 0 to 1 that replaces the scenario\'s in each year of the event\'s window' })),
    impactScale: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_IMPACT_SCALE, description: `a multiplier from 0 to ${MAX_IMPACT_SCALE} of each drawn impact (1.5 = bites harder by half, 0 = no impact)` })),
    forceYear: Type.Optional(Type.Integer({ description: 'a year after baseYear, up to endYear: the event happens in that year in every trial and in no other year' })),
  },
  { additionalProperties: false, description: 'an object with probabilityPerYear, impactScale or forceYear' },
);

/** How a run changes one event (probability per year, impact scale, forced year). */
export type EventChange = Readonly<Static<typeof EventChange>>;

export const Overrides = Type.Object(
  {
    leverDelivery: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'lever id → delivery (1 = as planned)' })),
    growthShift: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'total, cluster or field id → added annual growth (0.01 = +1 pp)' })),
    volatilityScale: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_VOLATILITY_SCALE, description: 'multiplies every field\'s volatility' })),
    events: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Boolean({ description: 'false to switch it off' }), EventChange]), {
        description: 'event id → false to switch it off, or { probabilityPerYear, impactScale, forceYear } to change it',
      }),
    ),
  },
  { additionalProperties: false, description: 'what an analyst changes on the page' },
);

/**
 * Lever deliveries by lever id (1 = as planned), growth added to every field of a scope (`total`,
 * a cluster or a field id; 0.01 = +1 pp of g or r), a multiplier of every field's volatility,
 * and events switched off (id → false) or changed (id → EventChange).
 */
export type Overrides = Readonly<Static<typeof Overrides>>;
