// The page's calibration without the DOM: the request of the page's state with the observation
// entered, and the calibrated fan's two runs (posterior bands, the prior's median beside them).
import { describe, expect, it } from 'vitest';
import { chartConfig } from '../../public/lib/charts.js';
import { calibrateBody, calibratedManifests } from '../../public/page/calibrate-model.js';
import { manifest, pageState, scenario } from './fixtures.ts';

const band = (v: number) => ({
  mean: [v, v, v],
  p5: [v - 2, v - 2, v - 2],
  p10: [v - 1, v - 1, v - 1],
  p25: [v, v, v],
  p50: [v, v, v],
  p75: [v, v, v],
  p90: [v + 1, v + 1, v + 1],
  p95: [v + 2, v + 2, v + 2],
});
const scopes = ['total', 'health', 'energy', 'biosafety', 'nuclear'];
const doc = { scopes: Object.fromEntries(scopes.map((id) => [id, { prior: band(100), posterior: band(120) }])) };

describe('the page’s calibration', () => {
  it("asks for the page's run with the observation entered", () => {
    const body = calibrateBody(pageState({ trials: 2000, seed: 3 }), scenario, { scope: 'total', year: 2025, value: 130, definitionUncertainty: 0.3 });
    expect(body).toEqual({
      scenarioId: 'tiny',
      trials: 2000,
      seed: 3,
      observations: [{ id: 'entered-on-the-page', scope: 'total', year: 2025, value: 130, definitionUncertainty: 0.3, source: 'entered on the page' }],
    });
  });

  it('draws the posterior’s bands with the prior’s median dashed beside them, named as the run before the observation', () => {
    const m = manifest('a', 100);
    const { posterior, prior } = calibratedManifests(m, doc, 'the run before the observation');
    expect(posterior.result.total.p50).toEqual([120, 120, 120]);
    expect(posterior.result.fields.nuclear.p95).toEqual([122, 122, 122]);
    expect(prior.result.total.p50).toEqual([100, 100, 100]);
    expect(prior.id).not.toBe(posterior.id);
    const config = chartConfig('fan', posterior, prior, { unit: 'cny', lang: 'en', scope: 'total', interactive: false, caption: false }) as {
      data: { datasets: { label: string; data: number[] }[] };
    };
    const labels = config.data.datasets.map((d) => d.label);
    expect(labels).toContain('Median of the run before the observation');
    const dashed = config.data.datasets.find((d) => d.label === 'Median of the run before the observation');
    expect(dashed?.data).toEqual([100, 100, 100]);
  });
});
