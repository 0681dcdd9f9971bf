/** Telling runs apart: which changes to the state ask for another run, and which only redraw. */
import { describe, expect, it } from 'vitest';
import { runStateOf, sameRunState, stableJson } from '../../public/page/state.js';

const base = { scenario: 'baseline', version: undefined, trials: 2000, seed: 5, compare: '', compareVersion: undefined, shifts: { a: 1, b: 2 }, delivery: {}, vol: 1, off: ['x', 'y'], unit: 'cny', lang: 'en', scope: 'total' };

describe('run-state change detection', () => {
  it('a change of unit, language or fan chart scope is the same run', () => {
    expect(sameRunState(base, { ...base, unit: 'usd', lang: 'zh', scope: 'energy' })).toBe(true);
  });

  it('the order in which sliders moved or events went off does not matter', () => {
    expect(sameRunState(base, { ...base, shifts: { b: 2, a: 1 }, off: ['y', 'x'] })).toBe(true);
  });

  it('every assumption, trials, seed and the comparison are another run', () => {
    for (const change of [{ shifts: { a: 1, b: 2.5 } }, { delivery: { c: 0.8 } }, { vol: 1.1 }, { off: ['x'] }, { trials: 5000 }, { seed: 6 }, { compare: 'accelerated' }, { compareVersion: 2 }, { scenario: 'headwinds' }, { version: 2 }]) {
      expect(sameRunState(base, { ...base, ...change }), JSON.stringify(change)).toBe(false);
    }
  });

  it('keeps a copy that later changes to the state do not reach', () => {
    const state = structuredClone(base);
    const kept = runStateOf(state);
    state.shifts.a = 9;
    expect(kept.shifts.a).toBe(1);
    expect(Object.keys(kept)).not.toContain('unit');
    expect(stableJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });
});
