import { describe, expect, it } from 'vitest';
import { boundIssues, issueCode, MORE_PATH, ScenarioError } from '../../src/core/errors.ts';
import { MAX_ISSUE_TEXT, MAX_ISSUES } from '../../src/core/limits.ts';

describe('ScenarioError', () => {
  it('lists at most MAX_ISSUES problems and counts the rest in the last', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ path: `a[${i}]`, message: 'bad' }));
    const err = new ScenarioError(many);
    expect(err.issues).toHaveLength(MAX_ISSUES);
    expect(err.issues[0]).toEqual({ path: 'a[0]', message: 'bad' });
    expect(err.issues.at(-1)).toEqual({ path: MORE_PATH, code: 'more', message: `and ${250 - (MAX_ISSUES - 1)} other problems; fix these first` });
    expect(err.message.split('\n')).toHaveLength(MAX_ISSUES + 1);
    expect(err.code).toBe('invalid-scenario');
  });

  it('keeps its code when its issues are moved (with); an issue without a code is invalid', () => {
    const err = new ScenarioError([{ path: 'trials', code: 'limit', message: 'too many' }], 'run too large', 'too-large');
    const moved = err.with(err.issues.map((i) => ({ ...i, path: `a.${i.path}` })));
    expect([moved.code, moved.heading, moved.issues]).toEqual(['too-large', 'run too large', [{ path: 'a.trials', code: 'limit', message: 'too many' }]]);
    expect(issueCode({ path: '', message: 'no code given' })).toBe('invalid');
  });

  it('cuts a path or message that echoes long input, and leaves short lists alone', () => {
    const [one] = boundIssues([{ path: 'x'.repeat(10_000), message: 'y'.repeat(10_000) }]);
    expect(one.path).toHaveLength(MAX_ISSUE_TEXT);
    expect(one.message.endsWith('…')).toBe(true);
    const few = [{ path: 'a', message: 'b' }];
    expect(boundIssues(few)).toEqual(few);
  });
});
