/**
 * The channels by which scenario b differs from a, for a decomposition of their gap (paired.ts,
 * shapley.ts): base values, growth (the fields' growth models, the scenario's growth shift, and
 * correlations of growth and capacity parameters), levers, events, and annual noise (volatilities
 * and their correlation). `hybrid(mask)` is a with the channels whose bit is set taken from b.
 */
import type { Overrides } from '../../schema/overrides.ts';
import type { Scenario } from '../../schema/scenario.ts';

export const CHANNELS = ['base', 'growth', 'levers', 'events', 'noise'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A scenario with the overrides it runs under. */
export interface Side {
  readonly scenario: Scenario;
  readonly overrides?: Overrides;
}

const has = (mask: number, c: Channel) => (mask & (1 << CHANNELS.indexOf(c))) !== 0;

/** Why a and b cannot be split into channels (undefined: they can). */
export function channelMismatch(a: Scenario, b: Scenario): string | undefined {
  const shape = (s: Scenario) => s.clusters.map((c) => `${c.id}:${c.fields.map((f) => f.id).join(',')}`).join(' ');
  if (shape(a) !== shape(b)) return `their clusters and fields differ (a: ${shape(a)}; b: ${shape(b)}); a decomposition needs the same fields in the same order`;
  const outside = (['baseYear', 'endYear', 'targets'] as const).filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null));
  if (outside.length) return `they differ in ${outside.join(', ')}, which no channel carries; give both the same`;
  return undefined;
}

/** a with the channels in `mask` taken from b (call channelMismatch first). */
export function hybrid(a: Side, b: Side, mask: number): Side {
  const from = (c: Channel) => (has(mask, c) ? b : a);
  const fieldOf = (s: Side, ci: number, fi: number) => s.scenario.clusters[ci].fields[fi];
  const clusters = a.scenario.clusters.map((cluster, ci) => ({
    ...cluster,
    fields: cluster.fields.map((field, fi) => {
      const out = { ...field, base: fieldOf(from('base'), ci, fi).base, growth: fieldOf(from('growth'), ci, fi).growth };
      const vol = fieldOf(from('noise'), ci, fi).volatility;
      if (vol === undefined) delete (out as { volatility?: unknown }).volatility;
      else out.volatility = vol;
      return out;
    }),
  }));
  const correlations = [
    ...(from('base').scenario.parameterCorrelations ?? []).filter((p) => p.parameters === 'base'),
    ...(from('growth').scenario.parameterCorrelations ?? []).filter((p) => p.parameters !== 'base'),
  ];
  const scenario: Scenario = {
    ...a.scenario,
    clusters,
    parameterCorrelations: correlations,
    growthShift: from('growth').scenario.growthShift,
    levers: from('levers').scenario.levers,
    events: from('events').scenario.events,
    correlation: from('noise').scenario.correlation,
  };
  for (const k of ['parameterCorrelations', 'growthShift', 'levers', 'events', 'correlation'] as const) if (scenario[k] === undefined) delete scenario[k];
  const overrides: Overrides = {
    growthShift: from('growth').overrides?.growthShift,
    leverDelivery: from('levers').overrides?.leverDelivery,
    events: from('events').overrides?.events,
    volatilityScale: from('noise').overrides?.volatilityScale,
  };
  return { scenario, overrides: Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Overrides };
}
