/** The page's URL state: read and written back unchanged; old `d.` (percent) links read as ratios. */
import { describe, expect, it } from 'vitest';
import { atRest, overridesOf, queryText, readSliders, slidersOf, writeSliders } from '../../public/lib/permalink.js';
import { queryOf, stateFromQuery } from '../../public/page/url.js';

const q = (s: string) => new URLSearchParams(s);

describe('URL state', () => {
  it("reads a link and writes the same link back (every key, in the page's order)", () => {
    const link =
      'scenario=mine&version=3&trials=5000&seed=7&compare=accelerated&cv=2&g.intelligence=2&lever.pioneer-areas=0.8&vol=1.5&off=a,b&ev.chip-export-controls=x1.5,y2027&ev.b=p0.25&fan=energy&tornado=total%402030&unit=yi&lang=zh';
    const state = stateFromQuery(q(link));
    expect(state).toMatchObject({
      scenario: 'mine',
      version: 3,
      trials: 5000,
      seed: 7,
      compare: 'accelerated',
      compareVersion: 2,
      shifts: { intelligence: 2 },
      delivery: { 'pioneer-areas': 0.8 },
      vol: 1.5,
      off: ['a', 'b'],
      scope: 'energy',
      tornado: 'total@2030',
      unit: 'yi',
      lang: 'zh',
    });
    expect(state.events).toEqual({ 'chip-export-controls': { impactScale: 1.5, forceYear: 2027 }, b: { probabilityPerYear: 0.25 } });
    expect(queryOf(state).toString()).toBe(q(link).toString());
  });

  it('leaves defaults out: no version, comparison, shift at 0, volatility 1, total fan, bn yuan, English', () => {
    const state = stateFromQuery(q('scenario=baseline&g.health=0&vol=1&fan=total&unit=cny&lang=en'));
    expect(queryOf(state).toString()).toBe('scenario=baseline');
    expect(stateFromQuery(q('scenario=baseline&cv=2')).compare).toBe('');
    expect(queryOf({ ...state, compareVersion: 2 }).has('cv')).toBe(false);
  });

  it("reads an older link's d.<lever> as a percent of plan, and writes lever.<id> as a ratio", () => {
    const state = stateFromQuery(q('scenario=baseline&d.pioneer-areas=80&d.innovation-centres=35'));
    expect(state.delivery).toEqual({ 'pioneer-areas': 0.8, 'innovation-centres': 0.35 });
    const out = queryOf(state);
    expect(out.get('lever.pioneer-areas')).toBe('0.8');
    expect(out.get('lever.innovation-centres')).toBe('0.35');
    expect([...out.keys()].some((k) => k.startsWith('d.'))).toBe(false);
    // both in one link: the new key wins
    expect(readSliders(q('d.x=50&lever.x=0.9')).delivery).toEqual({ x: 0.9 });
  });

  it("reads an event's changes from ev.<id> parts in any order and writes them p, x, y; skips parts that are not a letter and a number", () => {
    expect(readSliders(q('ev.e=y2030,p0.1,x2')).events).toEqual({ e: { forceYear: 2030, probabilityPerYear: 0.1, impactScale: 2 } });
    expect(writeSliders(new URLSearchParams(), { ...atRest(), events: { e: { forceYear: 2030, probabilityPerYear: 0.1, impactScale: 2 } } }).toString()).toBe(
      'ev.e=p0.1%2Cx2%2Cy2030',
    );
    expect(queryText(writeSliders(new URLSearchParams(), { ...atRest(), off: ['a', 'b'], events: { e: { probabilityPerYear: 0.1, impactScale: 2 } } }))).toBe(
      'off=a,b&ev.e=p0.1,x2',
    );
    expect(readSliders(q('ev.e=x,zz,p1e999,q3,x0.5&ev.f=abc&ev.g=')).events).toEqual({ e: { impactScale: 0.5 } });
    // an impact ×1 is no change, and an event without changes has no key
    expect(writeSliders(new URLSearchParams(), { ...atRest(), events: { e: { impactScale: 1 }, f: {} } }).toString()).toBe('');
  });

  it('ignores values that are not numbers, and unknown units, languages and versions', () => {
    const state = stateFromQuery(q('g.a=abc&lever.b=&lever.c=1e999&d.d=x&vol=zz&unit=eur&lang=fr&version=0&cv=-1'));
    expect(state).toMatchObject({ shifts: {}, delivery: {}, vol: 1, unit: 'cny', lang: 'en', version: undefined, compareVersion: undefined });
  });
});

describe('sliders and overrides', () => {
  it("turn slider positions into the API's overrides and back", () => {
    const events = { launch: { probabilityPerYear: 0.2, impactScale: 0.5 }, storage: { forceYear: 2027 } };
    const sliders = {
      shifts: { intelligence: 2, health: -0.5, space: 0 },
      delivery: { 'pioneer-areas': 0.8, centres: 1.35 },
      vol: 1.5,
      off: ['chip-export-controls'],
      events,
    };
    const o = overridesOf(sliders);
    expect(o).toEqual({
      growthShift: { intelligence: 0.02, health: -0.005 },
      leverDelivery: { 'pioneer-areas': 0.8, centres: 1.35 },
      volatilityScale: 1.5,
      events: { 'chip-export-controls': false, launch: { probabilityPerYear: 0.2, impactScale: 0.5 }, storage: { forceYear: 2027 } },
    });
    expect(slidersOf(o)).toEqual({ ...sliders, shifts: { intelligence: 2, health: -0.5 } });
    // and through the URL: the page's keys give the same overrides
    expect(overridesOf(readSliders(writeSliders(new URLSearchParams(), sliders)))).toEqual(o);
  });

  it('send an event that is off as false only (its disabled changes stay in the link), and never a chance beside a forced year', () => {
    const sliders = { ...atRest(), off: ['e'], events: { e: { impactScale: 2 }, f: { probabilityPerYear: 0.3, forceYear: 2030, impactScale: 1 } } };
    expect(overridesOf(sliders)).toEqual({ events: { e: false, f: { forceYear: 2030 } } });
    expect(writeSliders(new URLSearchParams(), sliders).toString()).toBe('off=e&ev.e=x2&ev.f=p0.3%2Cy2030');
  });

  it('leave out what changes nothing', () => {
    expect(overridesOf({ shifts: { a: 0 }, delivery: {}, vol: 1, off: [], events: { e: { impactScale: 1 } } })).toEqual({});
    expect(slidersOf(undefined)).toEqual(atRest());
    // a run's event change that the page has no control for is not a slider position
    expect(slidersOf({ events: { e: {}, f: true } })).toEqual(atRest());
  });

  it("write what the embed links back to the page with (a run's overrides → the page's keys)", () => {
    const p = writeSliders(
      new URLSearchParams(),
      slidersOf({ leverDelivery: { x: 0.6 }, growthShift: { y: 0.015 }, events: { e: false, f: true, g: { impactScale: 1.5, forceYear: 2027 } } }),
    );
    expect(p.toString()).toBe('g.y=1.5&lever.x=0.6&off=e&ev.g=x1.5%2Cy2027');
    expect(readSliders(p).events).toEqual({ g: { impactScale: 1.5, forceYear: 2027 } });
  });
});
