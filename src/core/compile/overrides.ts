/** Overrides (lever deliveries, growth shifts, volatility scale, events off or changed) checked against the scenario. */
import type { EventChange } from '../../schema/overrides.ts';
import type { EventDef, Scenario } from '../../schema/scenario.ts';
import type { Issue } from '../errors.ts';
import { MAX_IMPACT_SCALE } from '../limits.ts';
import type { Overrides } from '../model.ts';
import { scopeFields, unknownScope, type ScopeIndex } from './scopes.ts';

/** What the overrides change, once checked: the growth shift per field, and each event switched off (false) or changed. */
export interface AppliedOverrides {
  readonly shift: Float64Array;
  /** Valid event overrides only (an invalid one is an issue instead). */
  readonly events: ReadonlyMap<string, EventChange | false>;
}

const EVENT_KEYS = ['probabilityPerYear', 'impactScale', 'forceYear'] as const;

/** Pushes the problems of one event's change (`path` = overrides.events.<id>); true when it is valid. */
function checkEventChange(change: object, event: EventDef, path: string, scenario: Scenario, issues: Issue[]): boolean {
  const before = issues.length;
  const c = change as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!(EVENT_KEYS as readonly string[]).includes(key)) issues.push({ path: `${path}.${key}`, message: `unknown key; an event's change takes ${EVENT_KEYS.join(', ')}` });
  }
  const { from, to } = event.years;
  const p = c.probabilityPerYear;
  if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1)) {
    issues.push({ path: `${path}.probabilityPerYear`, message: `must be a probability from 0 to 1 (it replaces the scenario's ${String(event.probabilityPerYear)} in each year of ${from}–${to}), got ${String(p)}` });
  }
  const scale = c.impactScale;
  if (scale !== undefined && !(typeof scale === 'number' && scale >= 0 && scale <= MAX_IMPACT_SCALE)) {
    issues.push({ path: `${path}.impactScale`, message: `must be a multiplier from 0 to ${MAX_IMPACT_SCALE} of each drawn impact (1 = as in the scenario, 1.5 = half as hard again, 0 = no impact), got ${String(scale)}` });
  }
  const year = c.forceYear;
  const first = scenario.baseYear + 1;
  if (year !== undefined && !(typeof year === 'number' && Number.isInteger(year) && year >= first && year <= scenario.endYear)) {
    issues.push({ path: `${path}.forceYear`, message: `must be a year of the run from ${first} to ${scenario.endYear} (the event then happens in that year in every trial), got ${String(year)}` });
  }
  if (year !== undefined && p !== undefined) {
    issues.push({ path: `${path}.probabilityPerYear`, message: 'cannot be given with forceYear (a forced event happens in its year in every trial and in no other); give one of them' });
  }
  return issues.length === before;
}

/** Validates overrides against the scenario; returns the per-field growth shift and the valid event overrides. */
export function applyOverrides(overrides: Overrides, scenario: Scenario, index: ScopeIndex, issues: Issue[]): AppliedOverrides {
  const shift = new Float64Array(index.fields.size);
  // the scenario's own shifts, then the request's, summed per scope first (as deriveScenario writes
  // them into a saved variant, so the variant gives the same numbers bit for bit)
  const perScope = new Map<string, number>();
  const shifts = [
    ...Object.entries(scenario.growthShift ?? {}).map(([scope, value]) => ({ scope, value, path: `growthShift.${scope}` })),
    ...Object.entries(overrides.growthShift ?? {}).map(([scope, value]) => ({ scope, value, path: `overrides.growthShift.${scope}` })),
  ];
  for (const { scope, value, path } of shifts) {
    const fields = scopeFields(scope, index);
    if (!fields) issues.push({ path, message: unknownScope(scope, scenario) });
    else if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1) issues.push({ path, message: `must be a number between −1 and 1 (0.01 = +1 percentage point of annual growth), got ${String(value)}` });
    else perScope.set(scope, (perScope.get(scope) ?? 0) + value);
  }
  for (const [scope, value] of perScope) for (const f of scopeFields(scope, index) ?? []) shift[f] += value;
  const leverIds = new Set((scenario.levers ?? []).map((l) => l.id));
  for (const [id, value] of Object.entries(overrides.leverDelivery ?? {})) {
    const path = `overrides.leverDelivery.${id}`;
    if (!leverIds.has(id)) issues.push({ path, message: `unknown lever ${JSON.stringify(id)}; levers: ${[...leverIds].join(', ') || '(none)'}` });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10) issues.push({ path, message: `must be a delivery between 0 and 10 (1 = as planned), got ${String(value)}` });
  }
  const eventsById = new Map((scenario.events ?? []).map((e) => [e.id, e]));
  const events = new Map<string, EventChange | false>();
  for (const [id, value] of Object.entries(overrides.events ?? {})) {
    const path = `overrides.events.${id}`;
    const event = eventsById.get(id);
    if (!event) issues.push({ path, message: `unknown event ${JSON.stringify(id)}; events: ${[...eventsById.keys()].join(', ') || '(none)'}` });
    else if (value === false) events.set(id, false);
    else if (value === true) continue; // as in the scenario
    else if (typeof value !== 'object' || value === null || Array.isArray(value)) issues.push({ path, message: `must be false (switch it off), true (as in the scenario) or an object with ${EVENT_KEYS.join(', ')}, got ${String(value)}` });
    else if (checkEventChange(value, event, path, scenario, issues)) events.set(id, value);
  }
  const scale = overrides.volatilityScale;
  if (scale !== undefined && (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0 || scale > 10)) {
    issues.push({ path: 'overrides.volatilityScale', message: `must be a number between 0 and 10 (1 = as in the scenario), got ${String(scale)}` });
  }
  return { shift, events };
}

