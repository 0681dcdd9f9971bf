/**
 * deriveScenario: a scenario with overrides written in gives the same numbers as the original
 * run with the overrides, and says what it was derived from.
 */
import { describe, expect, it } from 'vitest';
import type { Overrides } from '../../src/core/compile.ts';
import { deriveScenario, type DeriveOptions } from '../../src/core/derive.ts';
import { describeChanges } from '../../public/lib/text.js';
import { checkScenario } from '../../src/schema/parse.ts';
import { cagrField, cluster, event, lever, numbersOf, run, scenario } from './helpers.ts';

const original = scenario({
  correlation: { withinCluster: 0.4, acrossClusters: 0.1 },
  clusters: [
    cluster('a', [cagrField('a1', { low: 10, high: 20 }, { dist: 'pert', min: 0.05, mode: 0.1, max: 0.2 }, { volatility: 0.1 })]),
    cluster('b', [cagrField('b1', 30, { dist: 'normal', low: 0, high: 0.1 }, { volatility: 0.05 }), cagrField('b2', 5, 0.2)]),
  ],
  events: [event('e', ['b'], 2026, 2029, 0.3, { dist: 'uniform', min: -0.2, max: -0.05 }), event('keep', ['a'], 2026, 2029, 0.2, -0.1)],
  targets: [{ id: 't', year: 2030, scope: 'total', value: 60 }],
  levers: [lever('l', { dist: 'pert', min: 0.8, mode: 1, max: 1.2 }, [{ scope: 'total', perUnitDelivery: 0.04 }]), lever('m', 1, [{ scope: 'b', perUnitDelivery: 0.05 }])],
});

const base = { id: 'derived', title: 'Derived', from: 'test (bundled)', date: '2026-01-02' };
/** Derive options with the overrides in words, as the API gives them. */
const withWords = (overrides: Overrides, extra: Partial<DeriveOptions> = {}): DeriveOptions => ({ ...base, changes: describeChanges(overrides, original, 'en'), ...extra });

describe('deriveScenario', () => {
  it('gives the numbers of the original run with the same overrides, bit for bit', () => {
    const overrides: Overrides = { growthShift: { a: 0.02, b1: -0.01, total: 0.005 }, leverDelivery: { l: 1.3 }, volatilityScale: 1.5, events: { e: false, keep: true } };
    const derived = checkScenario(deriveScenario(original, overrides, withWords(overrides)));
    const a = run(original, { trials: 400, seed: 3 }, overrides);
    const b = run(derived, { trials: 400, seed: 3 });
    const { scenario: _a, ...numbersA } = numbersOf(a);
    const { scenario: _b, ...numbersB } = numbersOf(b);
    expect(numbersB).toEqual(numbersA);
    expect(b.targets[0].probability).toBeGreaterThan(0);
  });

  it('adds overlapping shifts (total, cluster, field) on top of the scenario\'s own in the same order, bit for bit', () => {
    const shifted = { ...original, growthShift: { a: 0.02, total: 0.005 } };
    const overrides: Overrides = { growthShift: { a: 0.01, b1: 0.003, total: 0.001 } };
    const derived = checkScenario(deriveScenario(shifted, overrides, withWords(overrides)));
    const { scenario: _a, ...direct } = numbersOf(run(shifted, { trials: 300, seed: 4 }, overrides));
    const { scenario: _b, ...saved } = numbersOf(run(derived, { trials: 300, seed: 4 }));
    expect(saved).toEqual(direct);
  });

  it('writes each change where a reader of the file finds it, and leaves the input alone', () => {
    const before = structuredClone(original);
    const changes: Overrides = { growthShift: { a: 0.02 }, leverDelivery: { l: 0.5 }, volatilityScale: 2, events: { e: false } };
    const d = deriveScenario(original, changes, withWords(changes, { trials: 1234, seed: 9 }));
    expect(original).toEqual(before);
    expect(d).toMatchObject({ id: 'derived', title: 'Derived', growthShift: { a: 0.02 }, simulation: { trials: 1234, seed: 9 } });
    expect(d.levers?.map((l) => l.delivery)).toEqual([0.5, 1]);
    expect(d.events?.map((e) => e.id)).toEqual(['keep']);
    expect(d.clusters.flatMap((c) => c.fields.map((f) => f.volatility))).toEqual([0.2, 0.1, 0]);
    expect(d.description).toBe('Derived from test (bundled) on 2026-01-02 with: growth +2 pp/yr in a; l delivered at 50%; volatility ×2; e off.');
  });

  it('adds a shift to the shift the original already has, and notes an unchanged copy as such', () => {
    const once = deriveScenario(original, { growthShift: { a: 0.02 } }, withWords({ growthShift: { a: 0.02 } }));
    const twice = deriveScenario(once, { growthShift: { a: 0.01, b: 0.03 } }, withWords({ growthShift: { a: 0.01, b: 0.03 } }));
    expect(twice.growthShift).toEqual({ a: 0.03, b: 0.03 });
    expect(twice.description?.split('\n\n')).toHaveLength(2);
    expect(deriveScenario(original, {}, withWords({})).description).toBe('Derived from test (bundled) on 2026-01-02, unchanged.');
  });

  it('keeps the description within the schema\'s 20,000 characters, dropping the oldest text', () => {
    const long = deriveScenario({ ...original, description: 'x'.repeat(19_990) }, { growthShift: { a: 0.01 } }, withWords({ growthShift: { a: 0.01 } }));
    expect(long.description).toHaveLength(20_000);
    expect(long.description?.startsWith('Derived from test (bundled) on 2026-01-02 with: growth +1 pp/yr in a.')).toBe(true);
    expect(long.description?.endsWith('x…')).toBe(true);
    expect(() => checkScenario(long)).not.toThrow();
  });

  it('writes event changes in: a replaced probability, a forced year, an impact scale; the same numbers bit for bit', () => {
    const overrides: Overrides = { events: { e: { forceYear: 2030, impactScale: 1.5 }, keep: { probabilityPerYear: 0.6, impactScale: 0.5 } } };
    const derived = checkScenario(deriveScenario({ ...original, events: original.events?.map((x) => (x.id === 'keep' ? { ...x, impactScale: 2 } : x)) }, overrides, withWords(overrides)));
    expect(derived.events).toMatchObject([
      { id: 'e', years: { from: 2030, to: 2030 }, probabilityPerYear: 1, impactScale: 1.5 },
      { id: 'keep', years: { from: 2026, to: 2029 }, probabilityPerYear: 0.6, impactScale: 1 },
    ]);
    expect(derived.description).toBe('Derived from test (bundled) on 2026-01-02 with: e: forced in 2030, impacts ×1.5; keep: 60% a year, impacts ×0.5.');
    const sourced = { ...original, events: original.events?.map((x) => (x.id === 'keep' ? { ...x, impactScale: 2 } : x)) };
    const { scenario: _a, ...direct } = numbersOf(run(sourced, { trials: 400, seed: 5 }, overrides));
    const { scenario: _b, ...saved } = numbersOf(run(derived, { trials: 400, seed: 5 }));
    expect(saved).toEqual(direct);
  });
});
