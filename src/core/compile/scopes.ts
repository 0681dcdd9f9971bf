/** Scopes: `total`, a cluster id or a field id, resolved to field indices. */
import type { Scenario } from '../../schema/scenario.ts';

/** Cluster id → its field indices, and field id → its index. */
export interface ScopeIndex {
  readonly clusters: Map<string, number[]>;
  readonly fields: Map<string, number>;
}

/** The field indices of a scope, or undefined when the scope is unknown. */
export function scopeFields(scope: string, index: ScopeIndex): number[] | undefined {
  if (scope === 'total') return [...index.fields.values()];
  const c = index.clusters.get(scope);
  if (c) return c;
  const f = index.fields.get(scope);
  return f === undefined ? undefined : [f];
}

/** The message for an unknown scope, listing what is valid. */
export function unknownScope(scope: string, scenario: Scenario): string {
  const clusters = scenario.clusters.map((c) => c.id);
  const fields = scenario.clusters.flatMap((c) => c.fields.map((f) => f.id));
  const fieldHint = fields.length > 8 ? `${fields.slice(0, 8).join(', ')}, …` : fields.join(', ');
  return `unknown scope ${JSON.stringify(scope)}: use total, a cluster id (${clusters.join(', ')}) or a field id (${fieldHint})`;
}
