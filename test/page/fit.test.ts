/** Fitting a link's state to a scenario: unknown ids dropped, values on the sliders' grid, each said. */
import { describe, expect, it } from 'vitest';
import { strings } from '../../public/lib/text.js';
import { centreOf, describeImpact, describeParam, toPercent, toRatio } from '../../public/page/describe.js';
import { fitState, forceYears, onGrid, ownProbability, SHIFT } from '../../public/page/fit.js';
import { limits, pageState, scenario } from './fixtures.ts';

const L = strings('en');
const scenarios = [
  { id: 'tiny', source: 'bundled' },
  { id: 'mine', source: 'saved', version: 2 },
];
const fresh = pageState;

describe('fitting a state to a scenario', () => {
  it("changes nothing in a state that fits, but fills in the scenario's trials and seed", () => {
    const state = fresh({ shifts: { health: 1.5 }, delivery: { centres: 0.85 }, off: ['shock'], scope: 'nuclear' });
    expect(fitState(state, { scenario, scenarios, limits }, L)).toEqual([]);
    expect(state).toMatchObject({ shifts: { health: 1.5 }, delivery: { centres: 0.85 }, off: ['shock'], scope: 'nuclear', trials: 1000, seed: 42 });
  });

  it('drops what the scenario does not have and moves values onto the grid, saying each', () => {
    const state = fresh({
      shifts: { nope: 1, health: 5.3 },
      delivery: { centres: 9.99 },
      off: ['shock', 'gone', 'shock'],
      vol: -1,
      trials: 50,
      seed: 1.5,
      compare: 'nope',
      scope: 'mars',
    });
    const notes = fitState(state, { scenario, scenarios, limits }, L);
    expect(notes).toEqual([
      'g.nope (not in this scenario)',
      'g.health 5.3 → 5.5',
      'lever.centres 9.99 → 1.5',
      'off=gone (not in this scenario)',
      'vol -1 → 0',
      'trials=50 (not a valid value)',
      'seed=1.5 (not a valid value)',
      'compare=nope (not in this scenario)',
      'fan=mars (not in this scenario)',
    ]);
    expect(state).toMatchObject({
      shifts: { health: 5.5 },
      delivery: { centres: 1.5 },
      off: ['shock'],
      vol: 0,
      trials: 1000,
      seed: 42,
      compare: '',
      scope: 'total',
    });
  });

  it("fits the events' changes: unknown events and years not of the run go, chance and impact go onto their grid, a chance beside a forced year goes; each said", () => {
    const events = {
      gone: { impactScale: 2 },
      shock: { probabilityPerYear: 1.7, impactScale: 4.04, forceYear: 2031 },
      boom: { probabilityPerYear: 0.2, forceYear: 2026, impactScale: 1.25 },
    };
    const state = fresh({ events });
    const notes = fitState(state, { scenario, scenarios, limits }, L);
    expect(notes).toEqual([
      'ev.gone (not in this scenario)',
      'ev.shock=y2031 (not a valid value)',
      'ev.shock p1.7 → p1',
      'ev.shock x4.04 → x3',
      'ev.boom=p0.2 (dropped: a forced year sets the chance)',
      'ev.boom x1.25 → x1.3',
    ]);
    expect(state.events).toEqual({ shock: { probabilityPerYear: 1, impactScale: 3 }, boom: { forceYear: 2026, impactScale: 1.3 } });
  });

  it("drops without a word an event change that changes nothing: the scenario's own chance, an impact ×1", () => {
    const state = fresh({ events: { shock: { probabilityPerYear: 0.1, impactScale: 1 }, boom: { impactScale: 1, forceYear: 2025 } } });
    expect(fitState(state, { scenario, scenarios, limits }, L)).toEqual([]);
    expect(state.events).toEqual({ boom: { forceYear: 2025 } });
  });

  it("offers the run's years after its base year to force an event in, and rests the chance slider on the scenario's own", () => {
    expect(forceYears(scenario)).toEqual([2025, 2026]);
    expect(ownProbability(scenario.events[0])).toBe(0.1);
    expect(ownProbability({ probabilityPerYear: 0.035 })).toBe(0.04);
    // a chance given by year (an expression) has no one position
    expect(ownProbability(scenario.events[1])).toBeUndefined();
  });

  it('pins a saved comparison to its latest version, and says when a link names one past it', () => {
    const state = fresh({ compare: 'mine' });
    fitState(state, { scenario, scenarios, limits }, L);
    expect(state.compareVersion).toBe(2);
    const late = fresh({ compare: 'mine', compareVersion: 5 });
    expect(fitState(late, { scenario, scenarios, limits }, L)).toEqual(['version 5 does not exist; showing version 2']);
    expect(late.compareVersion).toBe(2);
  });

  it("puts values on a slider's grid within its range", () => {
    expect(onGrid(0.26, SHIFT)).toBe(0.5);
    expect(onGrid(-99, SHIFT)).toBe(-10);
    expect(onGrid(0.83, { min: 0, max: 1.5, step: 0.05 })).toBe(0.85);
  });
});

describe("a scenario's distributions in words", () => {
  it('describes lever delivery and where its slider rests (a ratio; the slider shows %)', () => {
    expect(describeParam(0.8)).toBe('80%');
    expect(describeParam(undefined)).toBe('100%');
    expect(describeParam({ dist: 'fixed', value: 0.9 })).toBe('90%');
    expect(describeParam({ dist: 'uniform', low: 0.7, high: 1 })).toBe('70%–100%');
    expect(describeParam({ dist: 'lognormal', mu: 0 })).toBe('lognormal');
    expect(centreOf({ dist: 'triangular', min: 0.8, mode: 1.02, max: 1.2 })).toBe(1);
    expect(centreOf({ dist: 'uniform', min: 0.6, max: 0.9 })).toBe(0.75);
    expect(centreOf(undefined)).toBe(1);
    expect(toPercent(0.35)).toBe(35);
    expect(toRatio(35)).toBe(0.35);
    expect(toRatio(toPercent(1.15))).toBe(1.15);
  });

  it("describes an event's impact", () => {
    expect(describeImpact({ min: -0.2, max: -0.05 }, 'to')).toBe('−20% to −5%');
    expect(describeImpact(0.1, 'to')).toBe('+10%');
    expect(describeImpact(undefined, 'to')).toBe('');
    // times a scale (an impact slider's position), to a tenth of a percent, and no loss past −100%
    expect(describeImpact({ min: -0.2, max: -0.05 }, 'to', 1.5)).toBe('−30% to −7.5%');
    expect(describeImpact({ min: -0.4, max: 0.1 }, 'to', 3)).toBe('−100% to +30%');
    expect(describeImpact({ min: -0.2, max: -0.05 }, 'to', 0)).toBe('0% to 0%');
  });
});
