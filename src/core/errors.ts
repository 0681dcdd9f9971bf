import { ISSUE_SCAN_LIMIT, MAX_ISSUE_TEXT, MAX_ISSUES } from './limits.ts';

/**
 * What kind of problem an issue is, so adapters and clients branch on a word of this closed list,
 * never on a message's wording: missing (a required key), unknown-key, type (a wrong kind of
 * value), range (a number out of bounds), length (text too short or long), pattern (text of the
 * wrong form), one-of (not one of the allowed values), too-many / too-few (list items), unreadable
 * (a file or body that does not parse), limit (over a server's or run's limit), more (the count of
 * problems left out), invalid (any other meaning check: the default).
 */
export const ISSUE_CODES = ['missing', 'unknown-key', 'type', 'range', 'length', 'pattern', 'one-of', 'too-many', 'too-few', 'unreadable', 'limit', 'more', 'invalid'] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** One problem in a scenario or request, at a path such as `clusters[1].fields[0].base.high`. */
export interface Issue {
  readonly path: string;
  readonly message: string;
  /** What kind of problem (absent: invalid). */
  readonly code?: IssueCode;
}

/** An issue's code (invalid when it has none). */
export const issueCode = (issue: Issue): IssueCode => issue.code ?? 'invalid';

/**
 * What kind of bad input an error is: invalid-scenario (its shape or meaning), unreadable (a file
 * or body that does not parse), invalid-request (a request's fields), invalid-option (a CLI flag),
 * invalid-overrides (overrides that do not fit the scenario), too-large (a run over a memory or
 * trial limit), non-finite (a scenario whose numbers overflow).
 */
export const ERROR_CODES = ['invalid-scenario', 'unreadable', 'invalid-request', 'invalid-option', 'invalid-overrides', 'too-large', 'non-finite'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The path of the problem that counts those left out of a list. */
export const MORE_PATH = '(more)';

const cut = (text: string): string => (text.length > MAX_ISSUE_TEXT ? `${text.slice(0, MAX_ISSUE_TEXT - 1)}…` : text);

/**
 * At most MAX_ISSUES problems, each cut to MAX_ISSUE_TEXT characters; when there are more, the
 * last one listed says how many are left out (a list made by shapeIssues, which stops collecting
 * there, counts only what it collected).
 */
export function boundIssues(issues: readonly Issue[]): readonly Issue[] {
  const listed = issues.length > MAX_ISSUES ? issues.slice(0, MAX_ISSUES - 1) : issues;
  const out = listed.map((i) => (i.path.length > MAX_ISSUE_TEXT || i.message.length > MAX_ISSUE_TEXT ? { ...i, path: cut(i.path), message: cut(i.message) } : i));
  if (issues.length > MAX_ISSUES) out.push({ path: MORE_PATH, code: 'more', message: `and ${issues.length - listed.length}${issues.length >= ISSUE_SCAN_LIMIT ? ' or more' : ''} other problems; fix these first` });
  return out;
}

/**
 * Bad input: a scenario, an option or a request the user can fix. Carries the issues found
 * (boundIssues: the first MAX_ISSUES), each with its path. Adapters map it to exit code 2 (CLI)
 * or HTTP 400/422 (API); its code says what kind of bad input it is.
 */
export class ScenarioError extends Error {
  readonly issues: readonly Issue[];
  /** What went wrong in a few words ("invalid scenario"); the message adds each issue on a line of its own. */
  readonly heading: string;
  readonly code: ErrorCode;
  constructor(issues: readonly Issue[], heading = 'invalid scenario', code: ErrorCode = 'invalid-scenario') {
    const bounded = boundIssues(issues);
    super(`${heading}:\n${bounded.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = bounded;
    this.heading = heading;
    this.code = code;
  }

  /** The same error with its issues (and heading) replaced: a caller that moves paths keeps the code. */
  with(issues: readonly Issue[], heading = this.heading): ScenarioError {
    return new ScenarioError(issues, heading, this.code);
  }
}

/** Joins a path and a key: `join('a', 'b')` is `a.b`, `join('a', 2)` is `a[2]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
