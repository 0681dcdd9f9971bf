/**
 * Plan levers (u = Σ effect·(delivery − 1)) and the analyst's overrides (lever delivery, growth
 * shift per scope, volatility scale, events on/off).
 */
import { describe, expect, it } from 'vitest';
import { allocateRun, advanceRange, initRange, planRun } from '../../src/core/run.ts';
import type { Lever } from '../../src/schema/scenario.ts';
import { cagrField, cluster, compile, event, firstBitDifference, issueAt, issuesOf, lever, numbersOf, periodsField, record, run, scenario } from './helpers.ts';

/** A noisy two-cluster scenario with an event, so "bit-identical" means something. */
function noisy(levers = [lever('l', 1, [{ scope: 'total', perUnitDelivery: 0.04 }])]) {
  return scenario({
    correlation: { withinCluster: 0.4, acrossClusters: 0.1 },
    clusters: [
      cluster('a', [cagrField('a1', { low: 10, high: 20 }, { dist: 'pert', min: 0.05, mode: 0.1, max: 0.2 }, { volatility: 0.1 })]),
      cluster('b', [cagrField('b1', 30, { dist: 'normal', low: 0, high: 0.1 }, { volatility: 0.05 })]),
    ],
    events: [event('e', ['b'], 2026, 2029, 0.2, { dist: 'uniform', min: -0.2, max: -0.05 })],
    targets: [{ id: 't', year: 2030, scope: 'total', value: 60 }],
    levers,
  });
}

/** One fixed field at 10%/yr, no noise, with the given levers. */
function plain(levers: ReturnType<typeof lever>[] = []) {
  return scenario({ clusters: [cluster('c', [cagrField('f', 100, 0.1)]), cluster('d', [cagrField('g', 100, 0.1)])], levers });
}

describe('levers: u = Σ effect·(delivery − 1)', () => {
  it('delivery 1 (the plan as announced) changes nothing: bit-identical to no lever', () => {
    const withLever = run(noisy(), { trials: 500 });
    const withoutLever = run(noisy([]), { trials: 500 });
    expect(withLever).toEqual(withoutLever);
    expect(JSON.stringify(withLever)).toBe(JSON.stringify(withoutLever));
  });

  it('an uncertain delivery with median 1 moves trials but keeps delivery-1 semantics in the central path', () => {
    const spread = run(noisy([lever('l', { dist: 'uniform', min: 0.5, max: 1.5 }, [{ scope: 'total', perUnitDelivery: 0.04 }])]), { trials: 500 });
    const none = run(noisy([]), { trials: 500 });
    expect(spread.central).toEqual(none.central);
    expect(spread.total.p95[6]).not.toBe(none.total.p95[6]);
  });

  it('delivery 1.5 with perUnitDelivery 0.04 adds 0.02 to growth: base·1.12^n', () => {
    const result = run(plain([lever('l', 1.5, [{ scope: 'total', perUnitDelivery: 0.04 }])]));
    result.fields.f.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.12 ** n, 9));
  });

  it('… and is bit-identical to growthShift {total: 0.02}', () => {
    const byLever = run(noisy([lever('l', 1.5, [{ scope: 'total', perUnitDelivery: 0.04 }])]), { trials: 300 });
    const byShift = run(noisy([]), { trials: 300 }, { growthShift: { total: 0.02 } });
    expect(byLever.total).toEqual(byShift.total);
    expect(byLever.fields).toEqual(byShift.fields);
    expect(byLever.targets).toEqual(byShift.targets);
  });

  it('delivery 0 removes the effect: growth falls by perUnitDelivery', () => {
    const result = run(plain([lever('l', 0, [{ scope: 'f', perUnitDelivery: 0.04 }])]));
    result.fields.f.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.06 ** n, 9));
    result.fields.g.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.1 ** n, 9)); // outside the effect's scope
  });

  it('effects of several levers add up, per scope', () => {
    const result = run(
      plain([
        lever('x', 2, [
          { scope: 'total', perUnitDelivery: 0.01 },
          { scope: 'd', perUnitDelivery: 0.02 },
        ]),
        lever('y', 0.5, [{ scope: 'g', perUnitDelivery: 0.1 }]),
      ]),
    );
    result.fields.f.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.11 ** n, 9)); // 0.1 + 0.01
    result.fields.g.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.08 ** n, 9)); // 0.1 + 0.01 + 0.02 − 0.05
  });

  it("overrides.leverDelivery replaces the scenario's delivery", () => {
    const s = plain([lever('l', { dist: 'uniform', min: 0.8, max: 1.2 }, [{ scope: 'total', perUnitDelivery: 0.04 }])]);
    const overridden = run(s, {}, { leverDelivery: { l: 1.5 } });
    const inFile = run(plain([lever('l', 1.5, [{ scope: 'total', perUnitDelivery: 0.04 }])]));
    expect(numbersOf(overridden)).toEqual(numbersOf(inFile));
  });
});

describe('overrides', () => {
  it("growthShift per cluster shifts only that cluster's fields", () => {
    const result = run(plain(), {}, { growthShift: { c: 0.05 } });
    result.fields.f.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.15 ** n, 9));
    result.fields.g.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.1 ** n, 9));
  });

  it('growthShift per field and for the total add up', () => {
    const result = run(plain(), {}, { growthShift: { total: 0.01, g: -0.03 } });
    result.fields.f.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.11 ** n, 9));
    result.fields.g.p50.forEach((v, n) => expect(v).toBeCloseTo(100 * 1.08 ** n, 9));
  });

  it('growthShift appears in the central path too', () => {
    expect(run(plain(), {}, { growthShift: { total: 0.1 } }).central.fields.f[6]).toBeCloseTo(100 * 1.2 ** 6, 9);
  });

  it("volatilityScale multiplies every field's volatility (2 × 0.1 behaves like 0.2)", () => {
    const s = scenario({ clusters: [cluster('c', [cagrField('f', 100, 0.1, { volatility: 0.1 })])] });
    const scaled = run(s, { trials: 200 }, { volatilityScale: 2 });
    const doubled = run(scenario({ clusters: [cluster('c', [cagrField('f', 100, 0.1, { volatility: 0.2 })])] }), { trials: 200 });
    expect(numbersOf(scaled)).toEqual(numbersOf(doubled));
  });

  it('unknown ids and out-of-range values are rejected, each with its path, all at once', () => {
    const s = plain([lever('l', 1, [{ scope: 'total', perUnitDelivery: 0.04 }])]);
    const issues = issuesOf(() =>
      compile(s, {
        leverDelivery: { nope: 1, l: 20 },
        growthShift: { nowhere: 0.1, c: 2 },
        events: { ghost: false },
        volatilityScale: -1,
      }),
    );
    expect(issueAt(issues, 'overrides.leverDelivery.nope').message).toBe('unknown lever "nope"; levers: l');
    expect(issueAt(issues, 'overrides.leverDelivery.l').message).toMatch(/must be a delivery between 0 and 10/);
    expect(issueAt(issues, 'overrides.growthShift.nowhere').message).toMatch(/unknown scope "nowhere": use total, a cluster id \(c, d\) or a field id \(f, g\)/);
    expect(issueAt(issues, 'overrides.growthShift.c').message).toMatch(/between −1 and 1/);
    expect(issueAt(issues, 'overrides.events.ghost').message).toBe('unknown event "ghost"; events: (none)');
    expect(issueAt(issues, 'overrides.volatilityScale').message).toMatch(/between 0 and 10/);
  });

  it('unknown lever scope in the scenario is rejected at levers[k].effects[e].scope', () => {
    const issues = issuesOf(() =>
      compile(
        plain([
          lever('l', 1, [
            { scope: 'total', perUnitDelivery: 0.01 },
            { scope: 'mars', perUnitDelivery: 0.01 },
          ]),
        ]),
      ),
    );
    expect(issueAt(issues, 'levers[0].effects[1].scope').message).toMatch(/unknown scope "mars"/);
  });

  it('a delivery that can be negative is rejected', () => {
    const issues = issuesOf(() => compile(plain([lever('l', { dist: 'uniform', min: -0.5, max: 1 }, [{ scope: 'total', perUnitDelivery: 0.01 }])])));
    expect(issueAt(issues, 'levers[0].delivery').message).toMatch(/delivery must not be negative/);
  });
});

describe('levers drawn again from the kept sum', () => {
  /** Five lever terms with uncertain deliveries and effects; the last lever's effects start in 2027, a field's rate changes in 2028. */
  function lateLever(lateFirst = false) {
    const late = lever('fund', { dist: 'pert', min: 0.8, mode: 1, max: 1.2 }, [
      { scope: 'a', perUnitDelivery: { dist: 'uniform', min: 'year >= 2027 ? 0.02 : 0', max: 'year >= 2027 ? 0.06 : 0' } },
      { scope: 'b1', perUnitDelivery: { dist: 'uniform', min: 'year >= 2027 ? 0.01 : 0', max: 'year >= 2027 ? 0.03 : 0' } },
    ]);
    const early = [
      lever('l1', { dist: 'pert', min: 0.8, mode: 1, max: 1.2 }, [{ scope: 'total', perUnitDelivery: { dist: 'uniform', min: 0.02, max: 0.06 } }]),
      lever('l2', { dist: 'uniform', min: 0.7, max: 1.3 }, [
        { scope: 'a1', perUnitDelivery: { dist: 'uniform', min: 0.01, max: 0.05 } },
        { scope: 'b', perUnitDelivery: 0.03 },
      ]),
    ];
    return scenario({
      correlation: { withinCluster: 0.4, acrossClusters: 0.1 },
      clusters: [
        cluster('a', [
          periodsField(
            'a1',
            { low: 10, high: 20 },
            [
              [2025, 2027, { dist: 'pert', min: 0.05, mode: 0.1, max: 0.2 }],
              [2028, 2030, { dist: 'normal', low: 0, high: 0.1 }],
            ],
            { volatility: 0.1 },
          ),
        ]),
        cluster('b', [cagrField('b1', 30, { dist: 'normal', low: 0, high: 0.1 }, { volatility: 0.05 })]),
      ],
      targets: [{ id: 't', year: 2030, scope: 'total', value: 60 }],
      levers: lateFirst ? [late, ...early] : [...early, late],
    });
  }

  it("draws only the terms after the last unchanged one, and the sums are the full draw's, bit for bit", () => {
    const model = compile(lateLever());
    const kept = record(model, 700, 3);
    expect(kept.plan.layout.keepUplift).toBe(true);
    expect(Array.from(kept.plan.layout.leverFrom)).toEqual([0, 0, 0, 3, 0, 0, 0]); // 2027: terms 3 and 4 (the fund's) drawn again
    // the same run with every term drawn again at every change of the levers
    const layout = { ...kept.plan.layout, leverFrom: new Int32Array(model.steps + 1) };
    const plan = { ...kept.plan, layout };
    const buffers = allocateRun(plan);
    for (let s = 0; s <= model.steps; s++) {
      if (s === 0) initRange(plan, buffers, 0, 700);
      else advanceRange(plan, buffers, s, 0, 700);
      model.scopeIds.forEach((id, k) => expect(firstBitDifference(buffers.columnSets[0][k], kept.column(id, s)), `${id} at step ${s}`).toBe(-1));
    }
    expect(firstBitDifference(buffers.state.uplift as Float64Array, kept.buffers.state.uplift as Float64Array)).toBe(-1);
    expect(firstBitDifference(buffers.replay as Float64Array, kept.buffers.replay as Float64Array)).toBe(-1);
  });

  it('draws every term again when a changed term comes first, or an earlier term was not zero', () => {
    expect(Array.from(compileAndLayout(lateLever(true)).leverFrom)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const s = lateLever();
    const fund = (s.levers as Lever[])[2];
    const nonZeroBefore = {
      ...s,
      levers: [...(s.levers as Lever[]).slice(0, 2), { ...fund, effects: [{ scope: 'a', perUnitDelivery: { dist: 'uniform', min: 'year >= 2027 ? 0.02 : 0.01', max: 0.06 } }] }],
    };
    expect(Array.from(compileAndLayout(nonZeroBefore).leverFrom)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

function compileAndLayout(s: unknown) {
  return planRun(compile(s), { trials: 10, seed: 1 }).layout;
}
