/** Small hand-made scenarios and run manifests for the page's unit tests (the shapes the API sends). */
import { atRest } from '../../public/lib/permalink.js';

const years = [2024, 2025, 2026];
/** Percentiles that grow by `step` a year from `start` (p5 … p95 spread around the median). */
const stats = (start: number, step = 10) => {
  const p50 = years.map((_, i) => start + step * i);
  const by = (k: number) => p50.map((v) => v * k);
  return { p5: by(0.5), p25: by(0.8), p50, p75: by(1.2), p95: by(1.6), mean: p50 };
};

export const scenario = {
  id: 'tiny',
  title: 'Tiny',
  baseYear: 2024,
  endYear: 2026,
  currency: { usdRate: 8 },
  simulation: { trials: 1000, seed: 42 },
  targets: [{ id: 'plan', year: 2026, scope: 'total', value: 150, label: '150 bn by 2026' }],
  clusters: [
    { id: 'health', name: { en: 'Future health', zh: '未来健康' }, fields: [{ id: 'biosafety', name: { en: 'Biosafety', zh: '生物安全' } }] },
    { id: 'energy', name: { en: 'Future energy', zh: '未来能源' }, fields: [{ id: 'nuclear', name: { en: 'Advanced nuclear', zh: '先进核能' } }] },
  ],
  levers: [{ id: 'centres', name: { en: 'Innovation centres' }, delivery: { dist: 'triangular', min: 0.8, mode: 1, max: 1.2 } }],
  events: [
    { id: 'shock', name: { en: 'Shock' }, probabilityPerYear: 0.1, years: { from: 2025, to: 2026 }, impact: { min: -0.2, max: -0.05 } },
    { id: 'boom', name: { en: 'Boom' }, probabilityPerYear: '0.02 * t', years: { from: 2025, to: 2026 }, impact: 0.1, impactScale: 2 },
  ],
};

/** A run of `scenario` whose total starts at `start` bn yuan. */
export function manifest(id: string, start = 100, overrides = {}) {
  return {
    id: id.padEnd(64, '0'),
    createdAt: '2026-12-01T00:00:00.000Z',
    engineVersion: '2.0.0',
    scenario,
    scenarioRef: { id: 'tiny', version: null },
    options: { trials: 1000, seed: 42, overrides },
    result: {
      years,
      meta: { trials: 1000, seed: 42, overrides },
      total: stats(start, 20),
      clusters: { health: stats(start / 2), energy: stats(start / 2) },
      fields: { biosafety: stats(start / 2), nuclear: stats(start / 2) },
      targets: [
        {
          id: 'plan',
          year: 2026,
          scope: 'total',
          value: 150,
          probability: 0.4,
          p50: start + 40,
          gapAtMedian: start + 40 - 150,
          requiredGrowthUplift: { p50: 0.02, p80: null },
          reachedByYear: { 2025: 0.1, 2026: 0.4 },
        },
      ],
    },
  };
}

/** What GET /api/limits answers. */
export const limits = { trials: { min: 1, max: 200000 }, seed: { min: 0, max: 4294967295 } };

/**
 * A page state for scenario `tiny` with every slider at rest, with `changes` on top: written out
 * (not copied from state.js's live `state`, which the page's modules change as they run).
 */
export const pageState = (changes: Record<string, unknown> = {}) => ({
  scenario: 'tiny',
  version: undefined,
  trials: undefined,
  seed: undefined,
  compare: '',
  compareVersion: undefined,
  ...atRest(),
  scope: 'total',
  ...changes,
});

/**
 * The free sensitivity block of a run (result.sensitivity) for `scenario`: five inputs, three
 * groups, the target's chance and the total in 2026. Hand-made numbers in the result's shape.
 */
export const sensitivity = {
  method: 'given-data',
  trials: 1000,
  bins: 20,
  inputs: [
    { path: 'clusters.health.fields.biosafety.base', group: 'base' },
    { path: 'clusters.energy.fields.nuclear.base', group: 'base' },
    { path: 'clusters.energy.fields.nuclear.growth.rate', group: 'growth:energy' },
    { path: 'levers.centres.delivery', group: 'lever-delivery' },
    { path: 'events.shock.impact', group: 'event-impact' },
  ],
  groups: ['base', 'growth:energy', 'lever-delivery', 'event-impact'],
  outputs: [
    {
      output: 'target:plan',
      mean: 0.4,
      variance: 0.24,
      first: [0.3, 0.1, 0.2, 0.01, 0.05],
      firstSe: [0.02, 0.015, 0.018, 0.005, 0.01],
      low: [0.1, 0.3, 0.2, 0.38, 0.45],
      high: [0.7, 0.5, 0.6, 0.41, 0.3],
      swingSe: [0.05, 0.05, 0.05, 0.05, 0.05],
      groupFirst: [0.4, 0.2, 0.01, 0.05],
      groupSe: [0.025, 0.018, 0.005, 0.01],
      rest: 0.34,
      restSe: 0.04,
    },
    {
      output: 'total@2026',
      mean: 140,
      variance: 900,
      first: [0.2, 0.3, 0.1, 0, 0.02],
      firstSe: [0.02, 0.02, 0.02, 0.01, 0.01],
      low: [120, 110, 130, 139, 142],
      high: [160, 170, 150, 141, 138],
      swingSe: [2, 2, 2, 2, 2],
      groupFirst: [0.5, 0.1, 0, 0.02],
      groupSe: [0.03, 0.02, 0.01, 0.01],
      rest: 0.38,
      restSe: 0.05,
    },
  ],
};

/** A run of `scenario` with the free sensitivity figures and each target's Monte Carlo error. */
export function analysedManifest(id: string, start = 100) {
  const m = manifest(id, start);
  const targets = m.result.targets.map((t) => ({ ...t, probabilitySe: Math.sqrt((t.probability * (1 - t.probability)) / m.result.meta.trials) }));
  return { ...m, result: { ...m.result, targets, sensitivity } };
}
