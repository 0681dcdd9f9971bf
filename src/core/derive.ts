/**
 * deriveScenario: a scenario with a run's overrides written into it, so the assumptions an analyst
 * set with the page's sliders can be saved, shared and run again without them. Running the
 * derived scenario gives the same numbers as running the original with the overrides (same trials
 * and seed): lever deliveries become fixed deliveries, growth shifts go to `growthShift`, the
 * volatility scale multiplies each field's volatility, events switched off are removed, and an
 * event's change is written into it (a replaced probability; a forced year as a one-year window
 * at probability 1; an impact scale multiplied into the event's impactScale). The words of the
 * description come from the caller (public/lib/text.js describeChanges, the one place for them).
 */
import type { Overrides } from './compile.ts';
import type { Issue } from './errors.ts';
import { MAX_DESCRIPTION_LENGTH as MAX_DESCRIPTION, MAX_GROWTH_SHIFT as MAX_SHIFT, MAX_IMPACT_SCALE, MAX_VOLATILITY } from './limits.ts';
import type { EventDef, Scenario } from '../schema/scenario.ts';

/**
 * What would make the derived scenario invalid although the overrides are valid on their own,
 * named by the override that causes it: a summed growth shift beyond ±1, a scaled volatility above 2.
 */
export function derivationIssues(scenario: Scenario, overrides: Overrides): Issue[] {
  const issues: Issue[] = [];
  for (const [scope, v] of Object.entries(overrides.growthShift ?? {})) {
    const own = scenario.growthShift?.[scope] ?? 0;
    if (Math.abs(own + v) > MAX_SHIFT) {
      issues.push({ path: `overrides.growthShift.${scope}`, message: `with the scenario's own shift of ${own} this makes ${own + v}; a saved scenario's growth shift must be between −${MAX_SHIFT} and ${MAX_SHIFT}` });
    }
  }
  const scale = overrides.volatilityScale;
  if (scale !== undefined) {
    const highest = Math.max(0, ...scenario.clusters.flatMap((c) => c.fields.map((f) => f.volatility ?? 0)));
    if (highest * scale > MAX_VOLATILITY) {
      issues.push({ path: 'overrides.volatilityScale', message: `×${scale} makes the highest field volatility ${highest * scale}; a scenario's volatilities are at most ${MAX_VOLATILITY}, so the scale can be at most ${Math.floor((MAX_VOLATILITY / highest) * 100) / 100}` });
    }
  }
  for (const [id, change] of Object.entries(overrides.events ?? {})) {
    const own = scenario.events?.find((e) => e.id === id)?.impactScale ?? 1;
    if (typeof change === 'object' && change.impactScale !== undefined && own * change.impactScale > MAX_IMPACT_SCALE) {
      issues.push({ path: `overrides.events.${id}.impactScale`, message: `with the scenario's own impactScale of ${own} this makes ${own * change.impactScale}; a saved scenario's impactScale must be at most ${MAX_IMPACT_SCALE}` });
    }
  }
  return issues;
}

export interface DeriveOptions {
  readonly id: string;
  readonly title: string;
  /** How the original is named in the description, e.g. "baseline (bundled)". */
  readonly from: string;
  /** When it was derived (ISO date), for the description. */
  readonly date: string;
  readonly trials?: number;
  readonly seed?: number;
  /** The overrides in words for the description (describeChanges in public/lib/text.js); none: "unchanged". */
  readonly changes: readonly string[];
}

/** The scenario with the overrides written in (the input is not changed). Validate the output before use. */
export function deriveScenario(scenario: Scenario, overrides: Overrides, options: DeriveOptions): Scenario {
  const out = structuredClone(scenario) as { -readonly [K in keyof Scenario]: Scenario[K] };
  out.id = options.id;
  out.title = options.title;
  const listed = options.changes;
  const note = `Derived from ${options.from} on ${options.date}${listed.length ? ` with: ${listed.join('; ')}` : ', unchanged'}.`;
  // a variant of a variant of … keeps every note; the oldest text goes when the description is full
  const full = scenario.description ? `${note}\n\n${scenario.description}` : note;
  out.description = full.length > MAX_DESCRIPTION ? `${full.slice(0, MAX_DESCRIPTION - 1)}…` : full;
  if (options.trials !== undefined || options.seed !== undefined) {
    out.simulation = { ...scenario.simulation, ...(options.trials !== undefined ? { trials: options.trials } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  }
  const delivery = overrides.leverDelivery ?? {};
  if (out.levers) out.levers = out.levers.map((l) => (Object.hasOwn(delivery, l.id) ? { ...l, delivery: delivery[l.id] } : l));
  const shift = overrides.growthShift ?? {};
  if (Object.keys(shift).length) {
    const merged: Record<string, number> = { ...(scenario.growthShift ?? {}) };
    for (const [scope, v] of Object.entries(shift)) merged[scope] = (merged[scope] ?? 0) + v;
    out.growthShift = merged;
  }
  const scale = overrides.volatilityScale;
  if (scale !== undefined && scale !== 1) {
    out.clusters = out.clusters.map((c) => ({ ...c, fields: c.fields.map((f) => ({ ...f, volatility: (f.volatility ?? 0) * scale })) }));
  }
  const events = overrides.events ?? {};
  if (out.events) out.events = out.events.filter((e) => events[e.id] !== false).map((e) => withChange(e, events[e.id]));
  return out as Scenario;
}

/** An event with a run's change written in, so that it compiles to the same probabilities and impacts. */
function withChange(event: EventDef, change: NonNullable<Overrides['events']>[string] | undefined): EventDef {
  if (typeof change !== 'object') return event;
  const out = { ...event };
  if (change.forceYear !== undefined) Object.assign(out, { years: { from: change.forceYear, to: change.forceYear }, probabilityPerYear: 1 });
  else if (change.probabilityPerYear !== undefined) out.probabilityPerYear = change.probabilityPerYear;
  if (change.impactScale !== undefined && change.impactScale !== 1) out.impactScale = (event.impactScale ?? 1) * change.impactScale;
  return out;
}
