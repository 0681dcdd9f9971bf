/** The friendly layer over TypeBox's compiler: what it says of problems the scenario tests do not reach, and the query-string coercion. */
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../src/core/errors.ts';
import { ISSUE_SCAN_LIMIT } from '../../src/core/limits.ts';
import { Scenario } from '../../src/schema/scenario.ts';
import { coerceStrings, pastSizeLimit, shapeIssues } from '../../src/schema/validate.ts';
import { scenario } from '../core/helpers.ts';

describe('shapeIssues', () => {
  it('says nothing of a valid value', () => {
    expect(shapeIssues(Scenario, scenario())).toEqual([]);
  });

  it('a required key given as undefined is missing, once; infinities are not finite numbers', () => {
    const s = { ...scenario(), title: undefined, baseYear: Infinity };
    expect(shapeIssues(Scenario, s)).toEqual([
      { path: 'title', code: 'missing', message: 'is missing: add title (text)' },
      { path: 'baseYear', code: 'type', message: 'must be a finite number, got Infinity' },
    ]);
  });

  it('paths use [i] for list items and .key for keys, also for keys that look like numbers; under a base path', () => {
    const schema = Type.Object({ byYear: Type.Record(Type.String(), Type.Array(Type.Number())) });
    expect(shapeIssues(schema, { byYear: { '2030': [1, 'x'] } }, 'body')).toEqual([{ path: 'body.byYear.2030[1]', code: 'type', message: 'must be a number, got the text "x"' }]);
  });

  it('stops at ISSUE_SCAN_LIMIT problems, and says so through pastSizeLimit', () => {
    const schema = Type.Array(Type.Number());
    const issues = shapeIssues(schema, Array.from({ length: 5000 }, () => 'x'));
    expect(issues).toHaveLength(ISSUE_SCAN_LIMIT);
    expect(pastSizeLimit(issues)).toBe(true);
    expect(pastSizeLimit(issues.slice(0, 10))).toBe(false);
  });

  it('every issue has a code of the closed list', () => {
    const bad = { ...scenario(), id: 'Bad Id', schemaVersion: 2, extra: 1, clusters: [], simulation: { trials: 'many', seed: -1 }, targets: [{ id: 't', year: 3000, scope: '', value: 0 }] };
    const issues = shapeIssues(Scenario, bad);
    expect(issues.length).toBeGreaterThanOrEqual(8);
    for (const i of issues) expect(ISSUE_CODES, JSON.stringify(i)).toContain(i.code);
  });
});

describe('coerceStrings', () => {
  const Query = Type.Object({ n: Type.Optional(Type.Integer()), x: Type.Optional(Type.Number()), on: Type.Optional(Type.Boolean()), word: Type.Optional(Type.String()), scale: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])) });

  it('turns decimal text into numbers and true/false into booleans where the schema takes them', () => {
    expect(coerceStrings(Query, { n: '12', x: '-0.5', on: 'false', word: '12', scale: '2' })).toEqual({ n: 12, x: -0.5, on: false, word: '12', scale: 2 });
  });

  it('leaves other text for the check to refuse: hex, exponents, spaces, signs, empty, words', () => {
    for (const text of ['0x10', '1e3', ' 12', '+1', '', 'twelve', '012', 'Infinity']) expect(coerceStrings(Query, { n: text }), text).toEqual({ n: text });
    expect(coerceStrings(Query, { on: '1' })).toEqual({ on: '1' });
  });
});
