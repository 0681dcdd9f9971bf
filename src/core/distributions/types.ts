import type { Issue } from '../errors.ts';
import type { DistName } from './index.ts';

/**
 * A distribution with its numbers resolved for one year, as plain data (so a compiled model can
 * be sent to a worker thread). The meaning of a, b, c, d is the family's (see its file).
 */
export interface DistData {
  readonly family: DistName;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly median: number;
  /** Lower and upper ends of the support (±Infinity when unbounded). */
  readonly min: number;
  readonly max: number;
  /**
   * The value as a function of the normal score, tabulated (special.ts zTable) for families read
   * from one (PERT): attached when a run is planned (`attachTables`), not by validation, and
   * carried with the model as data so worker threads need not build it.
   */
  table?: Float64Array;
}

/** A distribution family: checks its numbers and resolves them to data. */
export interface Distribution {
  /** Keys it accepts besides `dist`. */
  readonly keys: readonly string[];
  /** Resolves numbers (already evaluated for one year); pushes issues under `path` on bad input. */
  make(p: Readonly<Record<string, number>>, path: string, issues: Issue[]): DistData | undefined;
}

/** A resolved distribution with its quantile function (compile-time checks and tests). */
export interface ResolvedDist extends DistData {
  /** Quantile function: the value at cumulative probability u in [0, 1]. */
  readonly q: (u: number) => number;
}

/** Data of a family from its numbers (the four slots default to 0). */
export function dist(family: DistName, slots: { a?: number; b?: number; c?: number; d?: number }, median: number, min: number, max: number): DistData {
  return { family, a: slots.a ?? 0, b: slots.b ?? 0, c: slots.c ?? 0, d: slots.d ?? 0, median, min, max };
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
    if (!require(p.low !== undefined && p.high !== undefined, issues, path, p.low === undefined ? 'low' : 'high', 'is missing: a 90% interval needs both low and high'))
      return undefined;
    const mapped = fromInterval(p.low, p.high);
    if (typeof mapped === 'string') {
      issues.push({ path: path ? `${path}.low` : 'low', message: mapped });
      return undefined;
    }
    if (!require(p.high > p.low, issues, path, 'high', `must be > low (${p.low}), got ${p.high}`)) return undefined;
    return mapped;
  }
  if (
    !require(p[loc] !== undefined && p[scale] !== undefined, issues, path, p[loc] === undefined ? loc : scale, `is missing: ${family} needs ${loc} and ${scale} (or low and high)`)
  )
    return undefined;
  if (!require(p[scale] >= 0, issues, path, scale, `must be ≥ 0, got ${p[scale]}`)) return undefined;
  return [p[loc], p[scale]];
}
