/** The page's URL state: read and written back unchanged; old `d.` (percent) links read as ratios. */
import { describe, expect, it } from 'vitest';
import { overridesOf, readSliders, slidersOf, writeSliders } from '../../public/lib/permalink.js';
import { queryOf, stateFromQuery } from '../../public/page/url.js';

const q = (s: string) => new URLSearchParams(s);

describe('URL state', () => {
  it('reads a link and writes the same link back (every key, in the page\'s order)', () => {
    const link = 'scenario=mine&version=3&trials=5000&seed=7&compare=accelerated&cv=2&g.intelligence=2&lever.pioneer-areas=0.8&vol=1.5&off=a,b&fan=energy&unit=yi&lang=zh';
    const state = stateFromQuery(q(link));
    expect(state).toMatchObject({ scenario: 'mine', version: 3, trials: 5000, seed: 7, compare: 'accelerated', compareVersion: 2, shifts: { intelligence: 2 }, delivery: { 'pioneer-areas': 0.8 }, vol: 1.5, off: ['a', 'b'], scope: 'energy', unit: 'yi', lang: 'zh' });
    expect(queryOf(state).toString()).toBe(q(link).toString());
  });

  it('leaves defaults out: no version, comparison, shift at 0, volatility 1, total fan, bn yuan, English', () => {
    const state = stateFromQuery(q('scenario=baseline&g.health=0&vol=1&fan=total&unit=cny&lang=en'));
    expect(queryOf(state).toString()).toBe('scenario=baseline');
    expect(stateFromQuery(q('scenario=baseline&cv=2')).compare).toBe('');
    expect(queryOf({ ...state, compareVersion: 2 }).has('cv')).toBe(false);
  });

  it('reads an older link\'s d.<lever> as a percent of plan, and writes lever.<id> as a ratio', () => {
    const state = stateFromQuery(q('scenario=baseline&d.pioneer-areas=80&d.innovation-centres=35'));
    expect(state.delivery).toEqual({ 'pioneer-areas': 0.8, 'innovation-centres': 0.35 });
    const out = queryOf(state);
    expect(out.get('lever.pioneer-areas')).toBe('0.8');
    expect(out.get('lever.innovation-centres')).toBe('0.35');
    expect([...out.keys()].some((k) => k.startsWith('d.'))).toBe(false);
    // both in one link: the new key wins
    expect(readSliders(q('d.x=50&lever.x=0.9')).delivery).toEqual({ x: 0.9 });
  });

  it('ignores values that are not numbers, and unknown units, languages and versions', () => {
    const state = stateFromQuery(q('g.a=abc&lever.b=&lever.c=1e999&d.d=x&vol=zz&unit=eur&lang=fr&version=0&cv=-1'));
    expect(state).toMatchObject({ shifts: {}, delivery: {}, vol: 1, unit: 'cny', lang: 'en', version: undefined, compareVersion: undefined });
  });
});

describe('sliders and overrides', () => {
  it('turn slider positions into the API\'s overrides and back', () => {
    const sliders = { shifts: { intelligence: 2, health: -0.5, space: 0 }, delivery: { 'pioneer-areas': 0.8, centres: 1.35 }, vol: 1.5, off: ['chip-export-controls'] };
    const o = overridesOf(sliders);
    expect(o).toEqual({ growthShift: { intelligence: 0.02, health: -0.005 }, leverDelivery: { 'pioneer-areas': 0.8, centres: 1.35 }, volatilityScale: 1.5, events: { 'chip-export-controls': false } });
    expect(slidersOf(o)).toEqual({ ...sliders, shifts: { intelligence: 2, health: -0.5 } });
  });

  it('leave out what changes nothing', () => {
    expect(overridesOf({ shifts: { a: 0 }, delivery: {}, vol: 1, off: [] })).toEqual({});
    expect(slidersOf(undefined)).toEqual({ shifts: {}, delivery: {}, vol: 1, off: [] });
  });

  it('write what the embed links back to the page with (a run\'s overrides → the page\'s keys)', () => {
    const p = writeSliders(new URLSearchParams(), slidersOf({ leverDelivery: { x: 0.6 }, growthShift: { y: 0.015 }, events: { e: false, f: true } }));
    expect(p.toString()).toBe('g.y=1.5&lever.x=0.6&off=e');
  });
});
