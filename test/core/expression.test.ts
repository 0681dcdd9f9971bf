/**
 * Parameter expressions: arithmetic of `year` and `t` only, checked against an allowlist before
 * anything is evaluated.
 */
import { all, create } from 'mathjs/number';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/core/errors.ts';
import { compileExpression, EXPRESSION_FUNCTIONS, evaluateAt } from '../../src/core/expression.ts';

/** Compiles and evaluates `source` at `year` (t = year − 2024), or returns the issues. */
function evaluate(source: string, year = 2030): number | Issue[] {
  const issues: Issue[] = [];
  const expr = compileExpression(source, 'p', issues);
  if (!expr) return issues;
  const value = evaluateAt(expr, source, year, year - 2024, 'p', issues);
  return value === undefined ? issues : value;
}

/** The single issue message for a rejected expression. */
function rejection(source: string): string {
  const result = evaluate(source);
  if (typeof result === 'number') expect.fail(`${source} was accepted (${result})`);
  expect(result).toHaveLength(1);
  expect(result[0].path).toBe('p');
  return result[0].message;
}

describe('compileExpression / evaluateAt', () => {
  it('refuses an expression over MAX_EXPRESSION_LENGTH before parsing it', () => {
    const issues: { path: string; message: string }[] = [];
    expect(compileExpression(`1${' + year'.repeat(100_000)}`, 'p', issues)).toBeUndefined();
    expect(issues).toEqual([{ path: 'p', message: 'an expression may be at most 500 characters, got 700001' }]);
  });

  it('evaluates arithmetic of year and t', () => {
    expect(evaluate('0.3 - 0.02 * t')).toBeCloseTo(0.18, 15);
    expect(evaluate('year - 2000')).toBe(30);
    expect(evaluate('max(0.05, 0.3 - 0.05 * t)')).toBe(0.05);
    expect(evaluate('pow(1.1, t)')).toBeCloseTo(1.1 ** 6, 14);
    expect(evaluate('exp(log(2))')).toBeCloseTo(2, 15);
    expect(evaluate('2 pi')).toBeCloseTo(2 * Math.PI, 15);
    expect(evaluate('e')).toBe(Math.E);
    expect(evaluate('7 mod 3')).toBe(1);
  });

  it('conditionals and comparisons: booleans become 1 and 0', () => {
    expect(evaluate('t > 3 ? 0.1 : 0.2')).toBe(0.1);
    expect(evaluate('t > 3')).toBe(1);
    expect(evaluate('t < 3 and t > 1')).toBe(0);
  });

  it('rejects calls to anything but arithmetic functions: import, evaluate, parse, createUnit, compile', () => {
    for (const source of ['import("fs")', 'evaluate("1")', 'parse("1 + 1")', 'createUnit("foo")', 'compile("1")', 'simplify("t")', 'help(t)']) {
      expect(rejection(source), source).toMatch(/function "\w+" is not allowed; use abs, exp, log/);
    }
  });

  it('rejects assignment, function definition, property access, strings, matrices, objects, blocks, ranges', () => {
    expect(rejection('a = 1')).toMatch(/assignments are not allowed/);
    expect(rejection('f(x) = x')).toMatch(/function assignments are not allowed/);
    expect(rejection('t.constructor')).toMatch(/accessors are not allowed/);
    expect(rejection('"abc"')).toMatch(/only numbers are allowed, not "abc"/);
    expect(rejection('[1, 2]')).toMatch(/arrays are not allowed/);
    expect(rejection('{a: 1}')).toMatch(/objects are not allowed/);
    expect(rejection('1; 2')).toMatch(/blocks are not allowed/);
    expect(rejection('1:3')).toMatch(/ranges are not allowed/);
  });

  it('rejects a computed function and a call of a variable', () => {
    expect(rejection('(log)(2)')).toMatch(/unknown name "log"/); // parsed as (log)·(2)
    expect(rejection('t(2)')).toMatch(/function "t" is not allowed/);
  });

  it('rejects undefined symbols, naming what may be used', () => {
    expect(rejection('x + 1')).toBe('expression "x + 1": unknown name "x"; use year, t, pi, e');
    expect(rejection('max(t, log)')).toMatch(/unknown name "log"/);
    expect(rejection('Infinity')).toMatch(/must give a finite number, but gives Infinity/); // a numeric constant to mathjs
    expect(rejection('NaN')).toMatch(/gives NaN/);
  });

  it('rejects text that does not parse', () => {
    expect(rejection('0.1 +')).toMatch(/cannot parse expression "0\.1 \+"/);
  });

  it('rejects non-finite results, naming the year: log(-1) is NaN (no complex numbers), 1/0 is Infinity', () => {
    expect(rejection('log(-1)')).toBe('expression "log(-1)" must give a finite number, but gives NaN at year 2030');
    expect(rejection('sqrt(-1)')).toMatch(/gives NaN/);
    expect(rejection('1 / 0')).toMatch(/gives Infinity/);
    expect(rejection('1 / (t - 6)')).toMatch(/gives Infinity at year 2030/);
    expect(evaluate('1 / (t - 6)', 2029)).toBe(-1);
  });

  it('reports every problem of one expression in one message', () => {
    const message = rejection('x + evaluate(y)');
    expect(message).toMatch(/unknown name "x"|function "evaluate"/);
    expect(message).toMatch(/function "evaluate" is not allowed/);
  });

  it('gives what the whole of mathjs/number gives (the module loads only the parts it needs)', () => {
    const full = create(all);
    const sources = [
      ...EXPRESSION_FUNCTIONS.map((f) => (['pow', 'hypot', 'mod', 'min', 'max'].includes(f) ? `${f}(t / 7 + 0.3, 1.7)` : `${f}(t / 7 - 0.3)`)),
      'min(1, t, -2.5)',
      'max(t, 3, year / 1000)',
      'round(t / 3, 2)',
      'log(t + 1, 2)',
      'log(0)',
      'sqrt(-t)',
      '-t mod 4',
      '2^-t',
      '2 pi t',
      'e^t',
      't > 3 ? 0.1 : 0.2',
      't >= 6 and not (t == 5) or t != 2',
      'year < 2030',
      'year <= 2030',
      '0.1 + 0.2 == 0.3',
      '1 / (t - 6)',
      '+t - -t',
      'Infinity',
      'NaN',
      'pow(1)',
      'max()',
      'log()',
      'sin(1, 2)',
    ];
    for (const source of sources) {
      for (const year of [2025, 2030, 2031]) {
        const issues: Issue[] = [];
        const expr = compileExpression(source, 'p', issues);
        expect(issues, source).toEqual([]);
        let expected: unknown;
        try {
          expected = full.evaluate(source, { year, t: year - 2024 });
        } catch (err) {
          expected = `throws ${(err as Error).message}`;
        }
        let actual: unknown;
        try {
          actual = expr?.(year, year - 2024);
        } catch (err) {
          actual = `throws ${(err as Error).message}`;
        }
        expect(actual, `${source} at ${year}`).toEqual(expected);
      }
    }
  });
});
