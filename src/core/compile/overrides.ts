/** Overrides (lever deliveries, growth shifts, volatility scale, events off) checked against the scenario. */
import type { Scenario } from '../../schema/scenario.ts';
import type { Issue } from '../errors.ts';
import type { Overrides } from '../model.ts';
import { scopeFields, unknownScope, type ScopeIndex } from './scopes.ts';

/** Validates overrides against the scenario and returns the per-field growth shift. */
export function applyOverrides(overrides: Overrides, scenario: Scenario, index: ScopeIndex, issues: Issue[]): Float64Array {
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
  const eventIds = new Set((scenario.events ?? []).map((e) => e.id));
  for (const [id, value] of Object.entries(overrides.events ?? {})) {
    const path = `overrides.events.${id}`;
    if (!eventIds.has(id)) issues.push({ path, message: `unknown event ${JSON.stringify(id)}; events: ${[...eventIds].join(', ') || '(none)'}` });
    else if (typeof value !== 'boolean') issues.push({ path, message: `must be true or false, got ${String(value)}` });
  }
  const scale = overrides.volatilityScale;
  if (scale !== undefined && (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0 || scale > 10)) {
    issues.push({ path: 'overrides.volatilityScale', message: `must be a number between 0 and 10 (1 = as in the scenario), got ${String(scale)}` });
  }
  return shift;
}

