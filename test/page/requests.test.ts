/** The run requests a state stands for, and the scheduler's pure decisions (preview, long run). */
import { describe, expect, it } from 'vitest';
import { bodiesOf, comparisonBody, isLong, PREVIEW_TRIALS, previewOf, requestBody, wantsPreview } from '../../public/page/requests.js';
import { pageState, scenario } from './fixtures.ts';

const state = pageState();

describe('run requests', () => {
  it("take the scenario's trials and seed unless the state has its own, and overrides only when something changed", () => {
    expect(requestBody(state, scenario)).toEqual({ scenarioId: 'tiny', trials: 1000, seed: 42 });
    const moved = { ...state, version: 2, trials: 5000, seed: 1, shifts: { health: 1 } };
    expect(requestBody(moved, scenario)).toEqual({ scenarioId: 'tiny', version: 2, trials: 5000, seed: 1, overrides: { growthShift: { health: 0.01 } } });
    expect(requestBody(moved, scenario, false)).toEqual({ scenarioId: 'tiny', version: 2, trials: 5000, seed: 1 });
  });

  it('compare with the scenario unchanged, or with the picked one at its pinned version, on the same trials and seed', () => {
    const moved = { ...state, trials: 5000, shifts: { health: 1 } };
    expect(bodiesOf(moved, scenario)).toEqual([requestBody(moved, scenario), comparisonBody(moved, scenario)]);
    expect(comparisonBody(moved, scenario)).toEqual({ scenarioId: 'tiny', trials: 5000, seed: 42 });
    expect(comparisonBody({ ...moved, compare: 'other', compareVersion: 3 }, scenario)).toEqual({ scenarioId: 'other', version: 3, trials: 5000, seed: 42 });
    // nothing changed and no other scenario: one request
    expect(bodiesOf(state, scenario)).toHaveLength(1);
  });

  it("draw a preview first only after a change, above the preview's trials, when something is not fetched yet", () => {
    const big = [{ scenarioId: 'tiny', trials: 10000, seed: 1 }];
    expect(previewOf(big[0])).toEqual({ scenarioId: 'tiny', trials: PREVIEW_TRIALS, seed: 1 });
    expect(wantsPreview(big, true, () => false)).toBe(true);
    expect(wantsPreview(big, false, () => false)).toBe(false);
    expect(wantsPreview(big, true, () => true)).toBe(false);
    expect(wantsPreview([{ ...big[0], trials: PREVIEW_TRIALS }], true, () => false)).toBe(false);
  });

  it('call a run long after a second, or sooner when its progress says more than a second remains', () => {
    expect(isLong(1000, 0)).toBe(true);
    expect(isLong(300, 0.01)).toBe(false); // too little progress to tell
    expect(isLong(300, 0.1)).toBe(true); // 2.7 s to go
    expect(isLong(300, 0.5)).toBe(false); // 0.3 s to go
  });
});
