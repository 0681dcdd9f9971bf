/**
 * Bad scenarios: every problem is reported at once, each with its path and a message a user can
 * act on. Shape problems come from checkScenario/parseScenario, meaning problems from
 * compileScenario.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/core/errors.ts';
import { MAX_SCOPE_ENTRIES, MAX_TRIALS } from '../../src/core/limits.ts';
import { checkScenario, parseScenario } from '../../src/schema/parse.ts';
import type { Field, Scenario } from '../../src/schema/scenario.ts';
import { cagrField, cluster, compile, event, issueAt, issuesOf, lever, logisticField, periodsField, scenario } from '../core/helpers.ts';

/** The scenario as loose data, to break it in ways the types forbid. */
function loose(overrides: Partial<Scenario> = {}): Record<string, unknown> & { clusters: { fields: Record<string, unknown>[] }[] } {
  return structuredClone(scenario(overrides)) as unknown as Record<string, unknown> & { clusters: { fields: Record<string, unknown>[] }[] };
}

/** A scenario whose only field is `field`. */
const withField = (field: Field, overrides: Partial<Scenario> = {}) => scenario({ clusters: [cluster('c', [field])], ...overrides });

const FIELD = 'clusters[0].fields[0]';

describe('shape errors (checkScenario)', () => {
  it('accepts the minimal scenario and returns it', () => {
    const s = scenario();
    expect(checkScenario(s)).toBe(s);
  });

  it('reports several problems at once: missing field, wrong type, unknown key with did-you-mean, out of range', () => {
    const s = loose();
    delete s.title;
    s.baseyear = 2024;
    (s.simulation as Record<string, unknown>).trials = '100';
    s.clusters[0].fields[0].volatility = 3;
    s.clusters[0].fields[0].base = { dist: 'uniform', min: 1 };
    const issues = issuesOf(() => checkScenario(s));
    expect(issues).toHaveLength(5);
    expect(issueAt(issues, 'title').message).toBe('is missing: add title (text)');
    expect(issueAt(issues, 'baseyear').message).toMatch(/^unknown key; did you mean baseYear\? \(allowed here: \$schema, schemaVersion, id, title/);
    expect(issueAt(issues, 'simulation.trials').message).toBe('must be a whole number, got the text "100"');
    expect(issueAt(issues, `${FIELD}.volatility`).message).toBe('must be ≤ 2, got 3');
    expect(issueAt(issues, `${FIELD}.base.max`).message).toMatch(/^is missing: add max/);
  });

  it('shape problems and meaning problems elsewhere are reported together', () => {
    const s = loose({ targets: [{ id: 't', year: 2030, scope: 'atlantis', value: 1 }] });
    delete s.title;
    s.clusters[0].fields[0].base = { dist: 'uniform', min: 5, max: 1 };
    const issues = issuesOf(() => checkScenario(s));
    expect(issues.map((i) => i.path)).toEqual(['title', `${FIELD}.base.max`, 'targets[0].scope']);
  });

  it('the ScenarioError message lists every issue with its path', () => {
    const s = loose();
    delete s.title;
    delete s.endYear;
    try {
      checkScenario(s);
      expect.fail('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      expect((err as Error).message).toBe('invalid scenario:\n  title: is missing: add title (text)\n  endYear: is missing: add endYear (a whole number)');
    }
  });

  it('simulation.trials 0 and 10^9 are rejected at simulation.trials', () => {
    const zero = loose({ simulation: { trials: 0, seed: 1 } });
    expect(issuesOf(() => checkScenario(zero))).toEqual([{ path: 'simulation.trials', code: 'range', message: 'must be ≥ 1, got 0' }]);
    const huge = loose({ simulation: { trials: 1e9, seed: 1 } });
    expect(issuesOf(() => checkScenario(huge))).toEqual([{ path: 'simulation.trials', code: 'range', message: `must be ≤ ${MAX_TRIALS}, got 1000000000` }]);
    const fractional = loose({ simulation: { trials: 10.5, seed: 1 } });
    expect(issuesOf(() => checkScenario(fractional))).toEqual([{ path: 'simulation.trials', code: 'type', message: 'must be a whole number, got 10.5' }]);
  });

  it('an unknown distribution or growth model names the ones there are', () => {
    const s = loose();
    s.clusters[0].fields[0].base = { dist: 'gamma', shape: 2 };
    s.clusters[0].fields[0].growth = { model: 'exponential', rate: 0.1 };
    const issues = issuesOf(() => checkScenario(s));
    expect(issueAt(issues, `${FIELD}.base.dist`).message).toBe('unknown dist "gamma"; use one of: fixed, normal, lognormal, uniform, triangular, pert');
    expect(issueAt(issues, `${FIELD}.growth.model`).message).toBe('unknown model "exponential"; use one of: cagr, logistic');
  });

  it('a key of another distribution is unknown here (mode is not a uniform key)', () => {
    const s = loose();
    s.clusters[0].fields[0].base = { dist: 'uniform', min: 1, max: 2, mode: 1.5 };
    expect(issueAt(issuesOf(() => checkScenario(s)), `${FIELD}.base.mode`).message).toBe('unknown key (allowed here: dist, min, max)');
  });

  it('a logistic growth without capacity, a bad id, a non-object scenario', () => {
    const s = loose();
    s.id = 'Bad Id';
    s.clusters[0].fields[0].growth = { model: 'logistic', rate: 0.3 };
    const issues = issuesOf(() => checkScenario(s));
    expect(issueAt(issues, `${FIELD}.growth.capacity`).message).toMatch(/^is missing: add capacity/);
    expect(issueAt(issues, 'id').message).toMatch(/"Bad Id" is not valid: lowercase letters, digits and dashes/);
    expect(issuesOf(() => checkScenario(null))).toEqual([{ path: '', code: 'type', message: 'must be an object, got null' }]);
    expect(issuesOf(() => checkScenario([]))).toEqual([{ path: '', code: 'type', message: 'must be an object, got a list' }]);
  });

  it('schemaVersion other than 1, a target value ≤ 0, a year outside 1900–2200', () => {
    const s = loose({ targets: [{ id: 't', year: 2030, scope: 'total', value: 0 }] });
    s.schemaVersion = 2;
    s.endYear = 2300;
    const issues = issuesOf(() => checkScenario(s));
    expect(issueAt(issues, 'schemaVersion').message).toBe('must be 1, got number 2');
    expect(issueAt(issues, 'targets[0].value').message).toBe('must be > 0, got 0');
    expect(issueAt(issues, 'endYear').message).toBe('must be ≤ 2200, got 2300');
  });
});

describe('parseScenario (YAML or JSON text)', () => {
  it('reads YAML and JSON to the same scenario', () => {
    const s = scenario();
    expect(parseScenario(JSON.stringify(s))).toEqual(s);
    expect(parseScenario('schemaVersion: 1\nid: test\ntitle: test scenario\nbaseYear: 2024\nendYear: 2030\nsimulation: { trials: 100, seed: 1 }\nclusters:\n  - id: c\n    name: { en: c, zh: c }\n    fields:\n      - id: f\n        name: { en: f, zh: f }\n        base: 100\n        growth: { model: cagr, periods: [ { from: 2025, to: 2030, rate: 0.1 } ] }\n')).toEqual(s);
  });

  it('a duplicate key or broken syntax is reported at name:line:col', () => {
    expect(issuesOf(() => parseScenario('id: a\nid: b\n', 'x.yaml'))).toEqual([{ path: 'x.yaml:2:1', code: 'unreadable', message: expect.stringMatching(/Map keys must be unique/) }]);
    expect(issuesOf(() => parseScenario('a: [1, 2', 'x.yaml'))[0].path).toMatch(/^x\.yaml:1:\d+$/);
    // anchors and aliases are read by the parser that bounds their expansion
    const anchored = 'schemaVersion: 1\nid: test\ntitle: test scenario\nbaseYear: 2024\nendYear: 2030\nsimulation: { trials: 100, seed: 1 }\nclusters:\n  - id: c\n    name: &n { en: c, zh: c }\n    fields:\n      - id: f\n        name: *n\n        base: 100\n        growth: { model: cagr, periods: [ { from: 2025, to: 2030, rate: 0.1 } ] }\n';
    expect(parseScenario(anchored).clusters[0].fields[0].name).toEqual({ en: 'c', zh: 'c' });
    const bomb = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(issuesOf(() => parseScenario(bomb, 'bomb.yaml'))[0].message).toMatch(/alias/i);
  });
});

describe('meaning errors (compileScenario)', () => {
  it('min > max for a uniform; mode outside [min, max] for pert and triangular', () => {
    const s = scenario({
      clusters: [
        cluster('c', [
          cagrField('u', { dist: 'uniform', min: 5, max: 1 }, 0.1),
          cagrField('p', 10, { dist: 'pert', min: 0, mode: 0.5, max: 0.3 }),
          cagrField('t', { dist: 'triangular', min: 5, mode: 1, max: 10 }, 0.1),
        ]),
      ],
    });
    const issues = issuesOf(() => compile(s));
    expect(issues).toHaveLength(3);
    expect(issueAt(issues, 'clusters[0].fields[0].base.max').message).toBe('must be ≥ min (5), got 1');
    expect(issueAt(issues, 'clusters[0].fields[1].growth.periods[0].rate.max').message).toBe('must be ≥ mode (0.5), got 0.3');
    expect(issueAt(issues, 'clusters[0].fields[2].base.mode').message).toBe('must be ≥ min (5), got 1');
  });

  it('a negative base, or one that can be negative', () => {
    expect(issueAt(issuesOf(() => compile(withField(cagrField('f', -5, 0.1)))), `${FIELD}.base`).message).toBe(
      'base output must not be negative: it is bn yuan of output in baseYear (got a lowest value of -5 at year 2024)',
    );
    expect(issueAt(issuesOf(() => compile(withField(cagrField('f', { dist: 'uniform', min: -1, max: 5 }, 0.1)))), `${FIELD}.base`).message).toMatch(/must not be negative/);
    expect(issueAt(issuesOf(() => compile(withField(cagrField('f', { low: -20, high: 10 }, 0.1)))), `${FIELD}.base`).message).toMatch(/its 0\.5th percentile is -/);
  });

  it('a normal base is accepted only when at most 0.5% of its draws would be negative', () => {
    expect(() => compile(withField(cagrField('f', { dist: 'normal', mean: 10, sd: 3 }, 0.1)))).not.toThrow();
    const wide = issueAt(issuesOf(() => compile(withField(cagrField('f', { dist: 'normal', mean: 1, sd: 5 }, 0.1)))), `${FIELD}.base`).message;
    expect(wide).toMatch(/puts more than 0\.5% of its draws past 0/);
    expect(wide).toMatch(/use a lognormal/);
  });

  it('a rate that looks like a percentage is rejected with a did-you-mean', () => {
    expect(issueAt(issuesOf(() => compile(withField(cagrField('f', 10, 25)))), `${FIELD}.growth.periods[0].rate`).message).toMatch(/did you mean 0\.25\?/);
  });

  it('capacity must be > 0', () => {
    expect(issueAt(issuesOf(() => compile(withField(logisticField('f', 10, 0, 0.3)))), `${FIELD}.growth.capacity`).message).toMatch(/capacity must be > 0 bn yuan/);
  });

  it('overlapping periods, gapped periods, periods outside the years and from > to', () => {
    const overlap = withField(periodsField('f', 10, [[2025, 2027, 0.1], [2027, 2030, 0.1]]));
    expect(issueAt(issuesOf(() => compile(overlap)), `${FIELD}.growth.periods[1]`).message).toBe('2027–2030 overlaps periods[0] (2025–2027) at 2027: each year must be in exactly one period');
    const gap = withField(periodsField('f', 10, [[2025, 2026, 0.1], [2029, 2030, 0.1]]));
    expect(issueAt(issuesOf(() => compile(gap)), `${FIELD}.growth.periods`).message).toBe('leave 2027, 2028 uncovered: periods must cover 2025–2030 without gaps');
    const outside = withField(periodsField('f', 10, [[2024, 2030, 0.1]]));
    expect(issueAt(issuesOf(() => compile(outside)), `${FIELD}.growth.periods[0]`).message).toMatch(/covers 2024–2030, outside the years grown into \(2025–2030\)/);
    const backwards = withField(periodsField('f', 10, [[2025, 2030, 0.1], [2030, 2029, 0.1]]));
    expect(issueAt(issuesOf(() => compile(backwards)), `${FIELD}.growth.periods[1].to`).message).toBe('must be ≥ from (2030), got 2029');
  });

  it('endYear ≤ baseYear, and more than 60 years', () => {
    expect(issuesOf(() => compile(scenario({ endYear: 2024 })))).toEqual([{ path: 'endYear', message: 'must be after baseYear (2024), got 2024' }]);
    expect(issuesOf(() => compile(scenario({ endYear: 2020 })))[0].path).toBe('endYear');
    expect(issuesOf(() => compile(scenario({ endYear: 2085 })))[0]).toEqual({ path: 'endYear', message: 'at most 60 years after baseYear, got 61' });
  });

  it('unknown scopes in a target, a lever effect and an event, all at once', () => {
    const s = scenario({
      targets: [{ id: 't', year: 2030, scope: 'atlantis', value: 10 }],
      levers: [lever('l', 1, [{ scope: 'nowhere', perUnitDelivery: 0.1 }])],
      events: [event('e', ['c', 'elsewhere'], 2025, 2026, 0.1, -0.1)],
    });
    const issues = issuesOf(() => compile(s));
    expect(issues).toHaveLength(3);
    expect(issueAt(issues, 'targets[0].scope').message).toBe('unknown scope "atlantis": use total, a cluster id (c) or a field id (f)');
    expect(issueAt(issues, 'levers[0].effects[0].scope').message).toMatch(/unknown scope "nowhere"/);
    expect(issueAt(issues, 'events[0].scope[1]').message).toMatch(/unknown scope "elsewhere"/);
  });

  it('event window outside the years, probability > 1, impact < −1, target year outside the years', () => {
    const s = scenario({
      events: [event('early', ['c'], 2024, 2026, 0.1, -0.1), event('likely', ['c'], 2025, 2026, 1.5, -0.1), event('deep', ['c'], 2025, 2026, 0.1, -1.5), event('late', ['c'], 2029, 2031, 0.1, -0.1)],
      targets: [{ id: 't', year: 2031, scope: 'total', value: 10 }],
    });
    const issues = issuesOf(() => compile(s));
    expect(issues).toHaveLength(5);
    expect(issueAt(issues, 'events[0].years').message).toBe('window 2024–2026 must lie within 2025–2030');
    expect(issueAt(issues, 'events[1].probabilityPerYear').message).toBe('must be between 0 and 1, got 1.5 at year 2025');
    expect(issueAt(issues, 'events[2].impact').message).toMatch(/^impact must be ≥ −1 \(−1 wipes out the scope's output; −0\.2 is a 20% loss\) \(got a lowest value of -1\.5/);
    expect(issueAt(issues, 'events[3].years').message).toBe('window 2029–2031 must lie within 2025–2030');
    expect(issueAt(issues, 'targets[0].year').message).toBe('must be within 2025–2030, got 2031');
  });

  it('an event window with from > to', () => {
    expect(issueAt(issuesOf(() => compile(scenario({ events: [event('e', ['c'], 2027, 2026, 0.1, -0.1)] }))), 'events[0].years.to').message).toBe('must be ≥ from (2027), got 2026');
  });

  it('duplicate ids: a field id used as a cluster id, repeated lever, event and target ids', () => {
    const s = scenario({
      clusters: [cluster('c', [cagrField('f', 1, 0)]), cluster('f', [cagrField('c', 1, 0), cagrField('total', 1, 0)])],
      levers: [lever('l', 1, [{ scope: 'total', perUnitDelivery: 0 }]), lever('l', 1, [{ scope: 'total', perUnitDelivery: 0 }])],
      events: [event('e', ['c'], 2025, 2025, 0, 0), event('e', ['c'], 2025, 2025, 0, 0)],
      targets: [{ id: 't', year: 2030, scope: 'total', value: 1 }, { id: 't', year: 2030, scope: 'total', value: 2 }],
    });
    const issues = issuesOf(() => compile(s));
    expect(issueAt(issues, 'clusters[1].id').message).toBe('"f" is used twice (also clusters[0].fields[0].id); cluster and field ids must be unique');
    expect(issueAt(issues, 'clusters[1].fields[0].id').message).toBe('"c" is used twice (also clusters[0].id); cluster and field ids must be unique');
    expect(issueAt(issues, 'clusters[1].fields[1].id').message).toMatch(/"total" is reserved for the sum of all clusters/);
    expect(issueAt(issues, 'levers[1].id').message).toBe('"l" is used twice in levers; ids must be unique');
    expect(issueAt(issues, 'events[1].id').message).toBe('"e" is used twice in events; ids must be unique');
    expect(issueAt(issues, 'targets[1].id').message).toBe('"t" is used twice in targets; ids must be unique');
  });

  it('malicious or invalid expressions in distributions, at the key, with the reason', () => {
    const attempts = ['import("fs")', 'evaluate("1")', 'parse("1")', 'createUnit("x")', 'a = 1', 'f(x) = x', 't.constructor', '"abc"', 'x + 1', 'log(-1)'];
    const s = scenario({ clusters: [cluster('c', attempts.map((src, k) => cagrField(`f${k}`, { dist: 'uniform', min: 0, max: src }, 0.1)))] });
    const issues = issuesOf(() => compile(s));
    expect(issues).toHaveLength(attempts.length);
    const reasons = [/function "import" is not allowed/, /function "evaluate" is not allowed/, /function "parse" is not allowed/, /function "createUnit" is not allowed/, /assignments are not allowed/, /function assignments are not allowed/, /accessors are not allowed/, /only numbers are allowed/, /unknown name "x"/, /must give a finite number, but gives NaN at year 2024/];
    attempts.forEach((src, k) => expect(issueAt(issues, `clusters[0].fields[${k}].base.max`).message, src).toMatch(reasons[k]));
  });

  it('an expression whose distribution is invalid in some year names that year', () => {
    // uniform(0, (3 − t)/10) has max < min from 2028 (t = 4)
    const issues = issuesOf(() => compile(withField(cagrField('f', 10, { dist: 'uniform', min: 0, max: '(3 - t) / 10' }))));
    expect(issueAt(issues, `${FIELD}.growth.periods[0].rate.max`).message).toBe('must be ≥ min (0), got -0.1 (at year 2028)');
  });

  it('many kinds of problems in one scenario are all reported together', () => {
    const s = scenario({
      clusters: [cluster('c', [cagrField('f', -1, { dist: 'pert', min: 0.2, mode: 0.1, max: 0.3 }), periodsField('g', 1, [[2025, 2026, 0.1]])])],
      events: [event('e', ['nowhere'], 2025, 2026, 0.5, -0.1)],
      targets: [{ id: 't', year: 2040, scope: 'total', value: 1 }],
    });
    const paths = issuesOf(() => compile(s)).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['clusters[0].fields[0].base', 'clusters[0].fields[0].growth.periods[0].rate.mode', 'clusters[0].fields[1].growth.periods', 'events[0].scope[0]', 'targets[0].year']));
  });

  // Bug: a parameter given as a plain expression string is reported at its path with a trailing
  // dot: compileParam calls joinPath(path, '') for non-object params, and joinPath('a', '') is
  // 'a.'. Input: rate "log(-1)"; expected path clusters[0].fields[0].growth.periods[0].rate, got
  // clusters[0].fields[0].growth.periods[0].rate. (the same for every plain-string parameter).
  it('a plain expression parameter is reported at its own path, without a trailing dot', () => {
    const issues = issuesOf(() => compile(withField(cagrField('f', 10, 'log(-1)'))));
    expect(issues.map((i) => i.path)).toEqual([`${FIELD}.growth.periods[0].rate`]);
  });
});

describe('input past a size limit', () => {
  it('is reported by its size; its items are not looked into and it is not compiled for more problems', () => {
    const s = scenario();
    const scope = Array.from({ length: 150_000 }, (_, i) => `nope${i}`);
    const issues = issuesOf(() => checkScenario({ ...s, events: [{ id: 'e', scope, years: { from: s.baseYear + 1, to: s.baseYear + 2 }, probabilityPerYear: 0.1, impact: -0.1 }] }));
    expect(issues).toEqual([{ path: 'events[0].scope', code: 'too-many', message: `allows at most ${MAX_SCOPE_ENTRIES} items, got 150000` }]);
  });
});
