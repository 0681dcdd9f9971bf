import type { Issue } from '../errors.ts';

/** A distribution with its numbers resolved for one year: quantile function and summary. */
export interface ResolvedDist {
  /** Quantile function: the value at cumulative probability u in (0, 1). */
  readonly q: (u: number) => number;
  readonly median: number;
  /** Lower and upper ends of the support (±Infinity when unbounded). */
  readonly min: number;
  readonly max: number;
}

/** A distribution family: checks its numbers and builds the quantile function. */
export interface Distribution {
  /** Keys it accepts besides `dist`. */
  readonly keys: readonly string[];
  /** Resolves numbers (already evaluated for one year); pushes issues under `path` on bad input. */
  make(p: Readonly<Record<string, number>>, path: string, issues: Issue[]): ResolvedDist | undefined;
}

/** Pushes `message` at `path.key` and returns false when `ok` is false. */
export function require(ok: boolean, issues: Issue[], path: string, key: string, message: string): boolean {
  if (!ok) issues.push({ path: path ? `${path}.${key}` : key, message });
  return ok;
}
