import { ISSUE_SCAN_LIMIT, MAX_ISSUE_TEXT, MAX_ISSUES } from './limits.ts';

/** One problem in a scenario or request, at a path such as `clusters[1].fields[0].base.high`. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** The path of the problem that counts those left out of a list. */
export const MORE_PATH = '(more)';

const cut = (text: string): string => (text.length > MAX_ISSUE_TEXT ? `${text.slice(0, MAX_ISSUE_TEXT - 1)}…` : text);

/**
 * At most MAX_ISSUES problems, each cut to MAX_ISSUE_TEXT characters; when there are more, the
 * last one listed says how many are left out (a list made by checkShape, which stops collecting
 * there, counts only what it collected).
 */
export function boundIssues(issues: readonly Issue[]): readonly Issue[] {
  const listed = issues.length > MAX_ISSUES ? issues.slice(0, MAX_ISSUES - 1) : issues;
  const out = listed.map((i) => (i.path.length > MAX_ISSUE_TEXT || i.message.length > MAX_ISSUE_TEXT ? { path: cut(i.path), message: cut(i.message) } : i));
  if (issues.length > MAX_ISSUES) out.push({ path: MORE_PATH, message: `and ${issues.length - listed.length}${issues.length >= ISSUE_SCAN_LIMIT ? ' or more' : ''} other problems; fix these first` });
  return out;
}

/**
 * Bad input: a scenario, an option or a request the user can fix. Carries the issues found
 * (boundIssues: the first MAX_ISSUES), each with its path. Adapters map it to exit code 2 (CLI)
 * or HTTP 400/422 (API).
 */
export class ScenarioError extends Error {
  readonly issues: readonly Issue[];
  /** What went wrong in a few words ("invalid scenario"); the message adds each issue on a line of its own. */
  readonly heading: string;
  constructor(issues: readonly Issue[], heading = 'invalid scenario') {
    const bounded = boundIssues(issues);
    super(`${heading}:\n${bounded.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = bounded;
    this.heading = heading;
  }
}

/** Joins a path and a key: `join('a', 'b')` is `a.b`, `join('a', 2)` is `a[2]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
