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

/**
 * Location and scale of a normal-based family, given either as the named pair (`mean`/`sd`,
 * `mu`/`sigma`) or as a 90% interval `low`/`high` (5th and 95th percentiles) mapped by
 * `fromInterval`. Pushes an issue and returns undefined on a bad combination.
 */
export function locationScale(
  p: Readonly<Record<string, number>>,
  path: string,
  issues: Issue[],
  names: readonly [string, string],
  family: string,
  fromInterval: (low: number, high: number) => [number, number] | string,
): [number, number] | undefined {
  const [loc, scale] = names;
  if (p.low !== undefined || p.high !== undefined) {
    if (!require(p[loc] === undefined && p[scale] === undefined, issues, path, 'low', `give either ${loc} and ${scale}, or low and high, not both`)) return undefined;
    if (!require(p.low !== undefined && p.high !== undefined, issues, path, p.low === undefined ? 'low' : 'high', 'is missing: a 90% interval needs both low and high')) return undefined;
    const mapped = fromInterval(p.low, p.high);
    if (typeof mapped === 'string') {
      issues.push({ path: path ? `${path}.low` : 'low', message: mapped });
      return undefined;
    }
    if (!require(p.high > p.low, issues, path, 'high', `must be > low (${p.low}), got ${p.high}`)) return undefined;
    return mapped;
  }
  if (!require(p[loc] !== undefined && p[scale] !== undefined, issues, path, p[loc] === undefined ? loc : scale, `is missing: ${family} needs ${loc} and ${scale} (or low and high)`)) return undefined;
  if (!require(p[scale] >= 0, issues, path, scale, `must be ≥ 0, got ${p[scale]}`)) return undefined;
  return [p[loc], p[scale]];
}
