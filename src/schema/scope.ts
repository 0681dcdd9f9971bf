/**
 * What a scenario's totals count and what they leave out: the scope it models, said out loud at the
 * scenario's level (narrow: the 2022 plan's sixteen fields; broad: the officials' later framing) and
 * per field. Optional, so files written before it stay valid; the engine never reads it.
 */
import { Type } from '@sinclair/typebox';

const common = { additionalProperties: false } as const;

/** A sentence or a few, of what is counted or left out. */
const Sentence = Type.String({ minLength: 1, maxLength: 2000 });

/** Which reading of "the future industries" a scenario's total follows. */
const ScopeReading = Type.Union([Type.Literal('narrow'), Type.Literal('broad')], {
  description:
    "narrow: the sixteen fields of the 2022 action plan only; broad: the officials' later framing, which adds adjacent industries (commercial space, low-altitude economy, embodied intelligence, Gen-III+ nuclear, robots and connected vehicles in the pioneer zones)",
});

/** The scope a whole scenario models: its reading, what its totals count, what they leave out. */
export const ScenarioScope = Type.Object(
  {
    /** narrow (the plan's sixteen fields) or broad (the officials' later framing). */
    reading: ScopeReading,
    /** What the scenario's totals count, in a sentence. */
    counts: Type.String({ ...Sentence, description: "what the scenario's totals count, in a sentence" }),
    /** What they leave out that a reported figure might include. */
    excludes: Type.Optional(Type.String({ ...Sentence, description: 'what the totals leave out that a reported figure might include' })),
    /** Why this scope, and what it means for reading the targets' probabilities. */
    note: Type.Optional(Type.String({ ...Sentence, maxLength: 5000, description: "why this scope, and what it means for reading the targets' probabilities" })),
  },
  { ...common, description: 'the scope the scenario models: {reading: narrow|broad, counts, excludes?, note?}' },
);

/** The scope of one field: what its value counts and what it leaves out. */
export const FieldScope = Type.Object(
  {
    /** What the field's value counts, in a sentence. */
    counts: Type.String({ ...Sentence, description: "what the field's value counts, in a sentence" }),
    /** What it leaves out (often: what another field or an adjacent industry counts instead). */
    excludes: Type.Optional(Type.String({ ...Sentence, description: 'what it leaves out (often what another field or an adjacent industry counts instead)' })),
  },
  { ...common, description: "what the field's value counts and leaves out: {counts, excludes?}" },
);
