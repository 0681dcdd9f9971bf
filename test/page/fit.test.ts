/** Fitting a link's state to a scenario: unknown ids dropped, values on the sliders' grid, each said. */
import { describe, expect, it } from 'vitest';
import { strings } from '../../public/lib/text.js';
import { centreOf, describeImpact, describeParam, toPercent, toRatio } from '../../public/page/describe.js';
import { fitState, onGrid, SHIFT } from '../../public/page/fit.js';
import { limits, scenario } from './fixtures.ts';

const L = strings('en');
const scenarios = [{ id: 'tiny', source: 'bundled' }, { id: 'mine', source: 'saved', version: 2 }];
const fresh = (changes = {}) => ({ scenario: 'tiny', version: undefined, trials: undefined, seed: undefined, compare: '', compareVersion: undefined, shifts: {}, delivery: {}, vol: 1, off: [], scope: 'total', ...changes });

describe('fitting a state to a scenario', () => {
  it('changes nothing in a state that fits, but fills in the scenario\'s trials and seed', () => {
    const state = fresh({ shifts: { health: 1.5 }, delivery: { centres: 0.85 }, off: ['shock'], scope: 'nuclear' });
    expect(fitState(state, { scenario, scenarios, limits }, L)).toEqual([]);
    expect(state).toMatchObject({ shifts: { health: 1.5 }, delivery: { centres: 0.85 }, off: ['shock'], scope: 'nuclear', trials: 1000, seed: 42 });
  });

  it('drops what the scenario does not have and moves values onto the grid, saying each', () => {
    const state = fresh({ shifts: { nope: 1, health: 5.3 }, delivery: { centres: 9.99 }, off: ['shock', 'gone', 'shock'], vol: -1, trials: 50, seed: 1.5, compare: 'nope', scope: 'mars' });
    const notes = fitState(state, { scenario, scenarios, limits }, L);
    expect(notes).toEqual(['g.nope (not in this scenario)', 'g.health 5.3 → 5.5', 'lever.centres 9.99 → 1.5', 'off=gone (not in this scenario)', 'vol -1 → 0', 'trials=50 (not a valid value)', 'seed=1.5 (not a valid value)', 'compare=nope (not in this scenario)', 'fan=mars (not in this scenario)']);
    expect(state).toMatchObject({ shifts: { health: 5.5 }, delivery: { centres: 1.5 }, off: ['shock'], vol: 0, trials: 1000, seed: 42, compare: '', scope: 'total' });
  });

  it('pins a saved comparison to its latest version, and says when a link names one past it', () => {
    const state = fresh({ compare: 'mine' });
    fitState(state, { scenario, scenarios, limits }, L);
    expect(state.compareVersion).toBe(2);
    const late = fresh({ compare: 'mine', compareVersion: 5 });
    expect(fitState(late, { scenario, scenarios, limits }, L)).toEqual(['version 5 does not exist; showing version 2']);
    expect(late.compareVersion).toBe(2);
  });

  it('puts values on a slider\'s grid within its range', () => {
    expect(onGrid(0.26, SHIFT)).toBe(0.5);
    expect(onGrid(-99, SHIFT)).toBe(-10);
    expect(onGrid(0.83, { min: 0, max: 1.5, step: 0.05 })).toBe(0.85);
  });
});

describe('a scenario\'s distributions in words', () => {
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

  it('describes an event\'s impact', () => {
    expect(describeImpact({ min: -0.2, max: -0.05 }, 'to')).toBe('−20% to −5%');
    expect(describeImpact(0.1, 'to')).toBe('+10%');
    expect(describeImpact(undefined, 'to')).toBe('');
  });
});
