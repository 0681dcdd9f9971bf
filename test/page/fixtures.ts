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
