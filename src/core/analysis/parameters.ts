/**
 * What a sensitivity analysis varies: every uncertain input of the model (its columns of draws,
 * each an independent uniform: a parameter, or the common factor of a parameter correlation) and
 * the groups of DESIGN.md and issue 11: base values, growth by cluster (and its common factor),
 * capacities, lever deliveries, lever effects, event impacts, event occurrence and annual noise.
 * The last two are random streams, not inputs: only a design's blocks can vary them (sobol-run.ts).
 */
import type { CompiledModel } from '../model.ts';

/** A group of inputs, or one of the two streams. */
export interface ParameterGroup {
  /** `base`, `growth` (common factors over the total), `growth:<cluster>`, `capacity`, `lever-delivery`, `lever-effect`, `event-impact`, `event-occurrence`, `noise`. */
  readonly id: string;
  /** Input columns in the group (none for a stream). */
  readonly inputs: readonly number[];
  readonly stream?: 'noise' | 'events';
}

/** The group id of input `i`: its kind, with growth split by the cluster the path names. */
export function groupOf(model: CompiledModel, i: number): string {
  const input = model.inputs[i];
  if (input.group !== 'growth') return input.group;
  const path = input.path.split('.');
  if (path[0] === 'clusters') return `growth:${path[1]}`;
  // a common factor: parameterCorrelations.growth.<scope>
  const scope = path.slice(2).join('.');
  if (model.clusters.some((c) => c.id === scope)) return `growth:${scope}`;
  const field = model.fields.find((f) => f.id === scope);
  return field ? `growth:${model.clusters[field.cluster].id}` : 'growth';
}

/** The model's groups in a fixed order, leaving out those with nothing in them. */
export function parameterGroups(model: CompiledModel): ParameterGroup[] {
  const byId = new Map<string, number[]>();
  model.inputs.forEach((_, i) => {
    const id = groupOf(model, i);
    byId.set(id, [...(byId.get(id) ?? []), i]);
  });
  const order = ['base', 'growth', ...model.clusters.map((c) => `growth:${c.id}`), 'capacity', 'lever-delivery', 'lever-effect', 'event-impact'];
  const groups: ParameterGroup[] = order.filter((id) => byId.has(id)).map((id) => ({ id, inputs: byId.get(id) as number[] }));
  if (model.events.some((e) => e.probabilityByStep.some((p) => p > 0))) groups.push({ id: 'event-occurrence', inputs: [], stream: 'events' });
  // noise stays a group when an override scales it to zero, so its share is seen to be zero
  if (model.scenario.clusters.some((c) => c.fields.some((f) => (f.volatility ?? 0) > 0))) groups.push({ id: 'noise', inputs: [], stream: 'noise' });
  return groups;
}
