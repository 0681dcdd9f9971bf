/**
 * Comparing two results run on common random numbers (same seed and trials): differences of
 * medians and means per year for the total and each cluster, and of each shared target's
 * probability. Both runs use the same draws, so a difference is mostly the scenarios' own; each
 * probability's standard error and the unpaired one of the change (an upper bound) say how much
 * sampling noise is left (the paired comparison, analysis/compare-paired.ts, measures it).
 */
import type { Comparison, SeriesDiff, TargetDiff } from '../schema/comparison.ts';
import type { Result, Stats } from '../schema/result.ts';

export type { Comparison };

function seriesDiff(a: Stats, b: Stats, idx: readonly [number, number][]): SeriesDiff {
  const pick = (s: number[], i: number) => s[i];
  const pair = (key: 'p50' | 'mean') => {
    const av = idx.map(([i]) => pick(a[key], i));
    const bv = idx.map(([, j]) => pick(b[key], j));
    return { a: av, b: bv, diff: bv.map((v, k) => v - av[k]) };
  };
  return { p50: pair('p50'), mean: pair('mean') };
}

/** Compares result b against result a over the years they share. */
export function compareResults(a: Result, b: Result): Comparison {
  const years = a.years.filter((y) => b.years.includes(y));
  const idx = years.map((y) => [a.years.indexOf(y), b.years.indexOf(y)] as [number, number]);
  const clusterIds = Object.keys(a.clusters).filter((id) => Object.hasOwn(b.clusters, id));
  const targets: TargetDiff[] = [];
  for (const ta of a.targets) {
    const tb = b.targets.find((t) => t.id === ta.id && t.year === ta.year && t.scope === ta.scope && t.value === ta.value);
    if (!tb) continue;
    targets.push({
      id: ta.id,
      year: ta.year,
      scope: ta.scope,
      value: ta.value,
      probability: { a: ta.probability, b: tb.probability, diff: tb.probability - ta.probability },
      probabilitySe: { a: ta.probabilitySe, b: tb.probabilitySe, diff: Math.hypot(ta.probabilitySe, tb.probabilitySe) },
      p50: { a: ta.p50, b: tb.p50, diff: tb.p50 - ta.p50 },
    });
  }
  const shared = new Set(targets.map((t) => t.id));
  return {
    a: a.scenario,
    b: b.scenario,
    seed: a.meta.seed,
    trials: a.meta.trials,
    years,
    total: seriesDiff(a.total, b.total, idx),
    clusters: Object.fromEntries(clusterIds.map((id) => [id, seriesDiff(a.clusters[id], b.clusters[id], idx)])),
    targets,
    onlyIn: {
      a: [...Object.keys(a.clusters).filter((id) => !Object.hasOwn(b.clusters, id)), ...a.targets.filter((t) => !shared.has(t.id)).map((t) => `target ${t.id}`)],
      b: [...Object.keys(b.clusters).filter((id) => !Object.hasOwn(a.clusters, id)), ...b.targets.filter((t) => !shared.has(t.id)).map((t) => `target ${t.id}`)],
    },
  };
}
