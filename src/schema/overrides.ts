/** What an analyst changes without editing the scenario: the one definition of overrides (the API validates it, the core's types are derived from it). */
import { Type, type Static } from '@sinclair/typebox';
import { MAX_VOLATILITY_SCALE } from '../core/limits.ts';

export const Overrides = Type.Object(
  {
    leverDelivery: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'lever id → delivery (1 = as planned)' })),
    growthShift: Type.Optional(Type.Record(Type.String(), Type.Number(), { description: 'total, cluster or field id → added annual growth (0.01 = +1 pp)' })),
    volatilityScale: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_VOLATILITY_SCALE, description: 'multiplies every field\'s volatility' })),
    events: Type.Optional(Type.Record(Type.String(), Type.Boolean(), { description: 'event id → false to switch it off' })),
  },
  { additionalProperties: false, description: 'what an analyst changes on the page' },
);

/**
 * Lever deliveries by lever id (1 = as planned), growth added to every field of a scope (`total`,
 * a cluster or a field id; 0.01 = +1 pp of g or r), a multiplier of every field's volatility,
 * and events switched off (id → false).
 */
export type Overrides = Readonly<Static<typeof Overrides>>;
