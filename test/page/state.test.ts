/** Telling runs apart: the run-relevant part of the state, and the request keys the page's run memory uses. */
import { describe, expect, it } from 'vitest';
import { requestKey } from '../../public/lib/progress.js';
import { requestBody } from '../../public/page/requests.js';
import { runStateOf } from '../../public/page/state.js';
import { scenario } from './fixtures.ts';

const base = { scenario: 'tiny', version: undefined, trials: 2000, seed: 5, compare: '', compareVersion: undefined, shifts: { health: 1, energy: 2 }, delivery: {}, vol: 1, off: ['shock'], unit: 'cny', lang: 'en', scope: 'total' };
const key = (s: typeof base) => requestKey(requestBody(s, scenario));

describe('run-state change detection', () => {
  it('a change of unit, language or fan chart scope asks for the same run', () => {
    expect(key({ ...base, unit: 'usd', lang: 'zh', scope: 'energy' })).toBe(key(base));
    expect(runStateOf({ ...base, unit: 'usd', lang: 'zh', scope: 'energy' })).toEqual(runStateOf(base));
  });

  it('the order in which sliders moved does not matter', () => {
    expect(key({ ...base, shifts: { energy: 2, health: 1 } })).toBe(key(base));
    expect(requestKey({ b: 1, a: { d: 1, c: [2, 1] } })).toBe('{"a":{"c":[2,1],"d":1},"b":1}');
  });

  it('every assumption, trials and seed ask for another run', () => {
    for (const change of [{ shifts: { health: 1, energy: 2.5 } }, { delivery: { centres: 0.8 } }, { vol: 1.1 }, { off: [] }, { trials: 5000 }, { seed: 6 }, { scenario: 'other' }, { version: 2 }]) {
      expect(key({ ...base, ...change } as typeof base), JSON.stringify(change)).not.toBe(key(base));
    }
  });

  it('keeps a copy of what a run was made with that later changes to the state do not reach', () => {
    const state = structuredClone(base);
    const kept = runStateOf(state);
    state.shifts.health = 9;
    expect(kept.shifts.health).toBe(1);
    expect(Object.keys(kept).sort()).toEqual(['compare', 'compareVersion', 'delivery', 'off', 'scenario', 'seed', 'shifts', 'trials', 'version', 'vol']);
  });
});
