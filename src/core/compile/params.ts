/**
 * Parameters: numbers, expressions of the year and distributions, resolved for every year step
 * they are used in, checked, and registered as inputs of the model (the columns of a draw design).
 */
import type { Param } from '../../schema/scenario.ts';
import { distributions, quantileOf, type DistData, type DistName } from '../distributions/index.ts';
import { joinPath } from '../errors.ts';
import { compileExpression, evaluateAt } from '../expression.ts';
import type { CompiledParam, InputGroup } from '../model.ts';
import { hashKey } from '../rng.ts';
import type { Ctx } from './context.ts';

type NumOrExpr = number | string;

/** Resolves a number-or-expression at every step in `steps` (others get NaN). */
export function resolveNumber(value: NumOrExpr, path: string, ctx: Ctx, steps: readonly number[]): Float64Array | undefined {
  const out = new Float64Array(ctx.steps + 1).fill(Number.NaN);
  if (typeof value === 'number') return out.fill(value);
  const expr = compileExpression(value, path, ctx.issues);
  if (!expr) return undefined;
  for (const s of steps) {
    const v = evaluateAt(expr, value, ctx.baseYear + s, s, path, ctx.issues);
    if (v === undefined) return undefined;
    out[s] = v;
  }
  return out;
}

/** Where a parameter is, how its draws are named, and what it is. */
export interface ParamName {
  /** Where the scenario states it, for messages: `clusters[1].fields[0].base`. */
  readonly where: string;
  /** Stable path by ids: `clusters.health.fields.biosafety.base`. */
  readonly path: string;
  /** Stream key text (kept from engine 1, so common random numbers carry over): `fields.biosafety.base`. */
  readonly key: string;
  readonly group: InputGroup;
}

/** Compiles a parameter used at `steps` (year steps, 0 = baseYear). */
export function compileParam(raw: Param, name: ParamName, ctx: Ctx, steps: readonly number[]): CompiledParam | undefined {
  const path = name.where;
  const spec: Record<string, NumOrExpr> = typeof raw === 'object' ? { ...(raw as Record<string, NumOrExpr>) } : { value: raw };
  let family: DistName | 'interval' = 'fixed';
  if (typeof raw === 'object') family = 'dist' in raw ? (raw.dist as DistName) : 'interval';
  delete spec.dist;
  const names = Object.keys(spec);
  const values: Record<string, Float64Array> = {};
  let constant = true;
  for (const key of names) {
    const resolved = resolveNumber(spec[key], typeof raw === 'object' ? joinPath(path, key) : path, ctx, steps);
    if (!resolved) return undefined;
    values[key] = resolved;
    if (typeof spec[key] === 'string') constant = false;
  }
  // a bare 90% interval takes one family for every year: lognormal when low is positive in all of them
  const low = values.low;
  const dist = distributions[family === 'interval' ? (low && steps.every((s) => low[s] > 0) ? 'lognormal' : 'normal') : family];
  const byStep: DistData[] = new Array(ctx.steps + 1);
  let previous: { p: Record<string, number>; made: DistData } | undefined;
  for (const s of constant ? [steps[0] ?? 0] : steps) {
    const p: Record<string, number> = {};
    for (const key of names) p[key] = values[key][s];
    if (previous && names.every((key) => previous?.p[key] === p[key])) {
      byStep[s] = previous.made; // the same numbers as the year before: the kernel keeps the value
      continue;
    }
    const before = ctx.issues.length;
    const made = dist.make(p, path, ctx.issues);
    if (!made) {
      if (!constant) {
        const added = ctx.issues.splice(before);
        for (const i of added) ctx.issues.push({ path: i.path, message: `${i.message} (at year ${ctx.baseYear + s})` });
      }
      return undefined;
    }
    previous = { p, made };
    byStep[s] = made;
  }
  // unused steps hold the nearest used step's distribution, so every entry is defined
  const first = byStep.find((d) => d !== undefined) as DistData;
  let last = first;
  for (let s = 0; s <= ctx.steps; s++) {
    if (byStep[s]) last = byStep[s];
    else byStep[s] = constant ? first : last;
  }
  const fixed = byStep.every((d) => d.family === 'fixed');
  let input = -1;
  if (!fixed) {
    input = ctx.inputs.length;
    ctx.inputs.push({ path: name.path, group: name.group, key: hashKey(name.key), factor: false });
  }
  return { input, where: path, copula: -1, loading: 0, ownLoading: 1, constant, byStep };
}

/** Share of draws an unbounded distribution may put past a bound before it is rejected. */
const TAIL_ALLOWED = 0.005;

/**
 * Pushes an issue when any used step's lowest value is below `floor` (or ≤ when `strict`). An
 * unbounded distribution (normal) is judged by its 0.5th percentile: it may not put more than
 * 0.5% of its draws past the bound (those would be floored silently).
 */
export function checkLowerBound(param: CompiledParam, steps: readonly number[], floor: number, strict: boolean, ctx: Ctx, what: string): void {
  for (const s of steps) {
    const d = param.byStep[s];
    const bounded = Number.isFinite(d.min);
    const low = bounded ? d.min : quantileOf(d)(TAIL_ALLOWED);
    if (strict ? low <= floor : low < floor) {
      const year = ctx.baseYear + s;
      ctx.issues.push({
        path: param.where,
        message: bounded
          ? `${what} (got a lowest value of ${+low.toPrecision(6)} at year ${year})`
          : `${what}: this distribution puts more than ${TAIL_ALLOWED * 100}% of its draws past ${floor} (its 0.5th percentile is ${+low.toPrecision(6)} at year ${year}); use a lognormal, a bounded one (uniform, triangular, pert), or narrow it`,
      });
      return;
    }
  }
}

/** Pushes an issue when a rate's median looks like a percentage (25 instead of 0.25) or is below −100%. */
export function checkRateScale(param: CompiledParam, steps: readonly number[], ctx: Ctx): void {
  for (const s of steps) {
    const m = param.byStep[s].median;
    if (m > 2 || m < -1) {
      ctx.issues.push({
        path: param.where,
        message: `a growth rate is a fraction per year (0.25 = 25% a year); a median of ${+m.toPrecision(6)} at year ${ctx.baseYear + s} means ${+(m * 100).toPrecision(6)}% a year${m > 2 ? ` — did you mean ${+(m / 100).toPrecision(6)}?` : ''}`,
      });
      return;
    }
  }
}
