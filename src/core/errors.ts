/** One problem in a scenario or request, at a path such as `clusters[1].fields[0].base.high`. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/**
 * Bad input: a scenario, an option or a request the user can fix. Carries every issue found,
 * each with its path. Adapters map it to exit code 2 (CLI) or HTTP 400/422 (API).
 */
export class ScenarioError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[], heading = 'invalid scenario') {
    super(`${heading}:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** Joins a path and a key: `join('a', 'b')` is `a.b`, `join('a', 2)` is `a[2]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
