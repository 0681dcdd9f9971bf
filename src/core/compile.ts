/**
 * Resolve and compile a shape-checked scenario: expressions evaluated per year, distributions
 * turned into quantile functions, scopes resolved to field indices, the correlation matrix
 * factored. Every semantic problem is collected and thrown at once as a ScenarioError.
 */
import type { EventDef, Field, Param, Scenario } from '../schema/scenario.ts';
import { centralPath } from './central.ts';
import { cholesky } from './cholesky.ts';
import { distributions, type DistName, type ResolvedDist } from './distributions/index.ts';
import { joinPath, ScenarioError, type Issue } from './errors.ts';
import { compileExpression, evaluateAt } from './expression.ts';
import { growthModelCode } from './growth/index.ts';
import { hashKey } from './rng.ts';

/** What an analyst changes without editing the scenario (the page's sliders, CLI flags). */
export interface Overrides {
  /** Delivery per lever id (1 = as planned). */
  readonly leverDelivery?: Readonly<Record<string, number>>;
  /** Added to annual growth (g or r) of every field in a scope: `total`, a cluster id or a field id. 0.01 = +1 pp. */
  readonly growthShift?: Readonly<Record<string, number>>;
  /** Multiplies every field's volatility. */
  readonly volatilityScale?: number;
  /** Event id → false to switch an event off. */
  readonly events?: Readonly<Record<string, boolean>>;
}

/** A parameter ready for sampling: one quantile function per year step (0 = baseYear). */
export interface CompiledParam {
  readonly key: number;
  readonly path: string;
  /** Index of the parameter group whose common factor it shares (−1: independent). */
  group: number;
  /** Loading on the group's factor, √ρ, and on its own draw, √(1 − ρ). */
  loading: number;
  ownLoading: number;
  /** True when the distribution is the same every year. */
  readonly constant: boolean;
  readonly byStep: readonly ((u: number) => number)[];
  readonly medianByStep: Float64Array;
  readonly minByStep: Float64Array;
}

export interface CompiledField {
  readonly id: string;
  readonly index: number;
  readonly cluster: number;
  readonly model: number;
  readonly base: CompiledParam;
  /** cagr: one per period; logistic: the rate r. */
  readonly rates: readonly CompiledParam[];
  /** For steps 1..Y (index s − 1): which entry of `rates` applies. */
  readonly rateOfStep: Int32Array;
  readonly capacity: CompiledParam | undefined;
  readonly sigma: number;
}

export interface CompiledEvent {
  readonly id: string;
  readonly key: number;
  readonly fields: Int32Array;
  /** Probability per step 0..Y (0 outside the window). */
  readonly probabilityByStep: Float64Array;
  readonly impact: CompiledParam;
}

export interface CompiledEffect {
  readonly param: CompiledParam;
  readonly fields: Int32Array;
}

export interface CompiledLever {
  readonly id: string;
  readonly delivery: CompiledParam;
  readonly effects: readonly CompiledEffect[];
}

export interface CompiledTarget {
  readonly id: string;
  readonly year: number;
  readonly step: number;
  readonly scope: string;
  /** 0 total, 1..C clusters, C+1..C+F fields. */
  readonly scopeIndex: number;
  readonly value: number;
  readonly label: string | undefined;
  /** Field indices summed by the scope. */
  readonly fields: Int32Array;
}

/** The compiled model the kernel reads. Scope index: 0 total, 1..C clusters, C+1..C+F fields. */
export interface CompiledModel {
  readonly scenario: Scenario;
  readonly baseYear: number;
  readonly endYear: number;
  /** Number of steps Y = endYear − baseYear. */
  readonly steps: number;
  readonly years: readonly number[];
  readonly fields: readonly CompiledField[];
  readonly clusters: readonly { readonly id: string; readonly fields: Int32Array }[];
  readonly fieldCluster: Int32Array;
  readonly modelCode: Int8Array;
  readonly sigma: Float64Array;
  readonly halfVariance: Float64Array;
  /** Lower Cholesky factor of the noise correlation, row-major F×F; undefined when all σ are 0 or `factor` applies. */
  readonly cholesky: Float64Array | undefined;
  /**
   * Loadings [global, cluster, own] of the one-factor-per-level form of {withinCluster ρw,
   * acrossClusters ρa} with 0 ≤ ρa ≤ ρw ≤ 1: ε_i = √ρa·Z₀ + √(ρw − ρa)·Z_c + √(1 − ρw)·Z_i, which has
   * exactly that correlation and costs 3 multiplications per field instead of F/2. Undefined otherwise.
   */
  readonly factor: Float64Array | undefined;
  readonly events: readonly CompiledEvent[];
  readonly levers: readonly CompiledLever[];
  /** True when every lever parameter is the same in every year. */
  readonly leversConstant: boolean;
  readonly targets: readonly CompiledTarget[];
  /** Growth shift per field from overrides. */
  readonly shift: Float64Array;
  /** Stream keys of the parameter groups' common factors. */
  readonly groupKeys: Uint32Array;
  /** The overrides applied (as given). */
  readonly overrides: Overrides;
  readonly scopeIds: readonly string[];
}

const MAX_STEPS = 60;
/** Most fields in a scenario (the plan has 16): bounds the size of a result. */
const MAX_FIELDS = 100;

interface Ctx {
  readonly baseYear: number;
  readonly steps: number;
  readonly issues: Issue[];
}

type NumOrExpr = number | string;

/** Resolves a number-or-expression at every step in `steps` (others get NaN). */
function resolveNumber(value: NumOrExpr, path: string, ctx: Ctx, steps: readonly number[]): Float64Array | undefined {
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

/** Compiles a parameter used at `steps` (year steps, 0 = baseYear). */
function compileParam(raw: Param, path: string, key: string, ctx: Ctx, steps: readonly number[]): CompiledParam | undefined {
  const spec: Record<string, NumOrExpr> = typeof raw === 'object' ? { ...(raw as Record<string, NumOrExpr>) } : { value: raw };
  let family: DistName | 'interval' = 'fixed';
  if (typeof raw === 'object') family = 'dist' in raw ? (raw.dist as DistName) : 'interval';
  delete spec.dist;
  const names = Object.keys(spec);
  const values: Record<string, Float64Array> = {};
  let constant = true;
  for (const name of names) {
    const resolved = resolveNumber(spec[name], typeof raw === 'object' ? joinPath(path, name) : path, ctx, steps);
    if (!resolved) return undefined;
    values[name] = resolved;
    if (typeof spec[name] === 'string') constant = false;
  }
  // a bare 90% interval takes one family for every year: lognormal when low is positive in all of them
  const low = values.low;
  const dist = distributions[family === 'interval' ? (low && steps.every((s) => low[s] > 0) ? 'lognormal' : 'normal') : family];
  const count = ctx.steps + 1;
  const byStep: ((u: number) => number)[] = new Array(count);
  const medianByStep = new Float64Array(count).fill(Number.NaN);
  const minByStep = new Float64Array(count).fill(Number.NaN);
  let first: ResolvedDist | undefined;
  let previous: { p: Record<string, number>; dist: ResolvedDist } | undefined;
  for (const s of constant ? [steps[0] ?? 0] : steps) {
    const p: Record<string, number> = {};
    for (const name of names) p[name] = values[name][s];
    if (previous && names.every((name) => previous?.p[name] === p[name])) {
      // the same numbers as the year before: share its quantile function, so the kernel can reuse the value
      byStep[s] = previous.dist.q;
      medianByStep[s] = previous.dist.median;
      minByStep[s] = previous.dist.min;
      continue;
    }
    const before = ctx.issues.length;
    const made = dist.make(p, path, ctx.issues);
    if (!made) {
      if (!constant) {
        const added = ctx.issues.splice(before);
        ctx.issues.push(...added.map((i) => ({ path: i.path, message: `${i.message} (at year ${ctx.baseYear + s})` })));
      }
      return undefined;
    }
    first ??= made;
    previous = { p, dist: made };
    byStep[s] = made.q;
    medianByStep[s] = made.median;
    minByStep[s] = made.min;
  }
  if (constant && first) {
    byStep.fill(first.q);
    medianByStep.fill(first.median);
    minByStep.fill(first.min);
  }
  return { key: hashKey(key), path, group: -1, loading: 0, ownLoading: 1, constant, byStep, medianByStep, minByStep };
}

/** Share of draws an unbounded distribution may put past a bound before it is rejected. */
const TAIL_ALLOWED = 0.005;

/**
 * Pushes an issue when any used step's lowest value is below `floor` (or ≤ when `strict`). An
 * unbounded distribution (normal) is judged by its 0.5th percentile: it may not put more than
 * 0.5% of its draws past the bound (those would be floored silently).
 */
function checkLowerBound(param: CompiledParam, steps: readonly number[], floor: number, strict: boolean, ctx: Ctx, what: string): void {
  for (const s of steps) {
    const lo = param.minByStep[s];
    const bounded = Number.isFinite(lo);
    const low = bounded ? lo : param.byStep[s](TAIL_ALLOWED);
    if (strict ? low <= floor : low < floor) {
      const year = ctx.baseYear + s;
      ctx.issues.push({
        path: param.path,
        message: bounded
          ? `${what} (got a lowest value of ${+low.toPrecision(6)} at year ${year})`
          : `${what}: this distribution puts more than ${TAIL_ALLOWED * 100}% of its draws past ${floor} (its 0.5th percentile is ${+low.toPrecision(6)} at year ${year}); use a lognormal, a bounded one (uniform, triangular, pert), or narrow it`,
      });
      return;
    }
  }
}

/** Pushes an issue when a rate's median looks like a percentage (25 instead of 0.25) or is below −100%. */
function checkRateScale(param: CompiledParam, steps: readonly number[], ctx: Ctx): void {
  for (const s of steps) {
    const m = param.medianByStep[s];
    if (m > 2 || m < -1) {
      ctx.issues.push({
        path: param.path,
        message: `a growth rate is a fraction per year (0.25 = 25% a year); a median of ${+m.toPrecision(6)} at year ${ctx.baseYear + s} means ${+(m * 100).toPrecision(6)}% a year${m > 2 ? ` — did you mean ${+(m / 100).toPrecision(6)}?` : ''}`,
      });
      return;
    }
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s++) out.push(s);
  return out;
}

/** Resolves a scope (total, cluster id or field id) to field indices. */
function scopeFields(scope: string, clusterIndex: Map<string, number[]>, fieldIndex: Map<string, number>): number[] | undefined {
  if (scope === 'total') return [...fieldIndex.values()];
  const c = clusterIndex.get(scope);
  if (c) return c;
  const f = fieldIndex.get(scope);
  return f === undefined ? undefined : [f];
}

function unknownScope(scope: string, scenario: Scenario): string {
  const clusters = scenario.clusters.map((c) => c.id);
  const fields = scenario.clusters.flatMap((c) => c.fields.map((f) => f.id));
  const fieldHint = fields.length > 8 ? `${fields.slice(0, 8).join(', ')}, …` : fields.join(', ');
  return `unknown scope ${JSON.stringify(scope)}: use total, a cluster id (${clusters.join(', ')}) or a field id (${fieldHint})`;
}

function compileField(field: Field, path: string, index: number, cluster: number, ctx: Ctx): CompiledField | undefined {
  const allSteps = range(1, ctx.steps);
  const base = compileParam(field.base, joinPath(path, 'base'), `fields.${field.id}.base`, ctx, [0]);
  if (base) checkLowerBound(base, [0], 0, false, ctx, 'base output must not be negative: it is bn yuan of output in baseYear');
  const growth = field.growth;
  const gpath = joinPath(path, 'growth');
  const rates: CompiledParam[] = [];
  const rateOfStep = new Int32Array(ctx.steps).fill(-1);
  let capacity: CompiledParam | undefined;
  if (growth.model === 'cagr') {
    const endYear = ctx.baseYear + ctx.steps;
    growth.periods.forEach((period, k) => {
      const ppath = joinPath(joinPath(gpath, 'periods'), k);
      if (period.from > period.to) {
        ctx.issues.push({ path: joinPath(ppath, 'to'), message: `must be ≥ from (${period.from}), got ${period.to}` });
        return;
      }
      if (period.from < ctx.baseYear + 1 || period.to > endYear) {
        ctx.issues.push({ path: ppath, message: `covers ${period.from}–${period.to}, outside the years grown into (${ctx.baseYear + 1}–${endYear}); periods are inclusive ranges of the year grown into` });
        return;
      }
      const steps = range(period.from - ctx.baseYear, period.to - ctx.baseYear);
      for (const s of steps) {
        const prior = rateOfStep[s - 1];
        if (prior >= 0) {
          const other = growth.periods[prior];
          ctx.issues.push({ path: ppath, message: `${period.from}–${period.to} overlaps periods[${prior}] (${other.from}–${other.to}) at ${ctx.baseYear + s}: each year must be in exactly one period` });
          return;
        }
      }
      const rate = compileParam(period.rate, joinPath(ppath, 'rate'), `fields.${field.id}.growth.periods.${k}.rate`, ctx, steps);
      if (!rate) return;
      checkRateScale(rate, steps, ctx);
      for (const s of steps) rateOfStep[s - 1] = rates.length;
      rates.push(rate);
    });
    const gaps: number[] = [];
    rateOfStep.forEach((r, s) => {
      if (r < 0) gaps.push(ctx.baseYear + s + 1);
    });
    if (gaps.length && rates.length === growth.periods.length) {
      const shown = gaps.length > 4 ? `${gaps.slice(0, 4).join(', ')}, …` : gaps.join(', ');
      ctx.issues.push({ path: joinPath(gpath, 'periods'), message: `leave ${shown} uncovered: periods must cover ${ctx.baseYear + 1}–${endYear} without gaps` });
    }
  } else {
    const rate = compileParam(growth.rate, joinPath(gpath, 'rate'), `fields.${field.id}.growth.rate`, ctx, allSteps);
    capacity = compileParam(growth.capacity, joinPath(gpath, 'capacity'), `fields.${field.id}.growth.capacity`, ctx, allSteps);
    if (capacity) checkLowerBound(capacity, allSteps, 0, true, ctx, 'capacity must be > 0 bn yuan');
    if (rate) {
      checkRateScale(rate, allSteps, ctx);
      rates.push(rate);
      rateOfStep.fill(0);
    }
  }
  if (!base || rates.length === 0 || rateOfStep.includes(-1) || (growth.model === 'logistic' && !capacity)) return undefined;
  return {
    id: field.id,
    index,
    cluster,
    model: growthModelCode[growth.model],
    base,
    rates,
    rateOfStep,
    capacity,
    sigma: field.volatility ?? 0,
  };
}

function compileEvent(event: EventDef, path: string, ctx: Ctx, scenario: Scenario, clusterIndex: Map<string, number[]>, fieldIndex: Map<string, number>): CompiledEvent | undefined {
  const endYear = ctx.baseYear + ctx.steps;
  const { from, to } = event.years;
  let ok = true;
  if (from > to) {
    ctx.issues.push({ path: joinPath(path, 'years.to'), message: `must be ≥ from (${from}), got ${to}` });
    ok = false;
  } else if (from < ctx.baseYear + 1 || to > endYear) {
    ctx.issues.push({ path: joinPath(path, 'years'), message: `window ${from}–${to} must lie within ${ctx.baseYear + 1}–${endYear}` });
    ok = false;
  }
  const fields = new Set<number>();
  event.scope.forEach((scope, k) => {
    const resolved = scopeFields(scope, clusterIndex, fieldIndex);
    if (!resolved) {
      ctx.issues.push({ path: joinPath(joinPath(path, 'scope'), k), message: unknownScope(scope, scenario) });
      ok = false;
    } else resolved.forEach((f) => fields.add(f));
  });
  // probability and impact are checked even when the window is wrong (on its valid part, or every year)
  const clipped = range(Math.max(1, from - ctx.baseYear), Math.min(ctx.steps, to - ctx.baseYear));
  const steps = clipped.length ? clipped : range(1, ctx.steps);
  const probability = resolveNumber(event.probabilityPerYear, joinPath(path, 'probabilityPerYear'), ctx, steps);
  const impact = compileParam(event.impact, joinPath(path, 'impact'), `events.${event.id}.impact`, ctx, steps);
  const probabilityByStep = new Float64Array(ctx.steps + 1);
  if (probability) {
    for (const s of steps) {
      const p = probability[s];
      if (!(p >= 0 && p <= 1)) {
        ctx.issues.push({ path: joinPath(path, 'probabilityPerYear'), message: `must be between 0 and 1, got ${p} at year ${ctx.baseYear + s}` });
        ok = false;
        break;
      }
      probabilityByStep[s] = p;
    }
  }
  if (!impact) return undefined;
  const before = ctx.issues.length;
  checkLowerBound(impact, steps, -1, false, ctx, 'impact must be ≥ −1 (−1 wipes out the scope\'s output; −0.2 is a 20% loss)');
  if (!ok || !probability || ctx.issues.length > before) return undefined;
  return { id: event.id, key: hashKey(`events.${event.id}`), fields: Int32Array.from([...fields].sort((a, b) => a - b)), probabilityByStep, impact };
}

function buildCorrelation(scenario: Scenario, fieldCluster: Int32Array, ctx: Ctx): Float64Array | undefined {
  const n = fieldCluster.length;
  const corr = new Float64Array(n * n);
  const spec = scenario.correlation;
  if (!spec) {
    for (let i = 0; i < n; i++) corr[i * n + i] = 1;
    return corr;
  }
  if ('matrix' in spec) {
    const m = spec.matrix;
    if (m.length !== n) {
      ctx.issues.push({ path: 'correlation.matrix', message: `must have ${n} rows (one per field, in file order), got ${m.length}` });
      return undefined;
    }
    const short = m.findIndex((row) => row.length !== n);
    if (short >= 0) {
      ctx.issues.push({ path: `correlation.matrix[${short}]`, message: `must have ${n} numbers (one per field), got ${m[short].length}` });
      return undefined;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j && m[i][j] !== 1) {
          ctx.issues.push({ path: `correlation.matrix[${i}][${j}]`, message: `the diagonal must be 1, got ${m[i][j]}` });
          return undefined;
        }
        if (m[i][j] !== m[j][i]) {
          ctx.issues.push({ path: `correlation.matrix[${i}][${j}]`, message: `must equal matrix[${j}][${i}] (${m[j][i]}): a correlation matrix is symmetric` });
          return undefined;
        }
        corr[i * n + j] = m[i][j];
      }
    }
    return corr;
  }
  const within = spec.withinCluster;
  const across = spec.acrossClusters ?? 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) corr[i * n + j] = i === j ? 1 : fieldCluster[i] === fieldCluster[j] ? within : across;
  }
  return corr;
}

/** Validates overrides against the scenario and returns the per-field growth shift. */
function applyOverrides(overrides: Overrides, scenario: Scenario, clusterIndex: Map<string, number[]>, fieldIndex: Map<string, number>, issues: Issue[]): Float64Array {
  const shift = new Float64Array(fieldIndex.size);
  // the scenario's own shifts, then the request's, summed per scope first (as deriveScenario writes
  // them into a saved variant, so the variant gives the same numbers bit for bit)
  const perScope = new Map<string, number>();
  const shifts = [
    ...Object.entries(scenario.growthShift ?? {}).map(([scope, value]) => ({ scope, value, path: `growthShift.${scope}` })),
    ...Object.entries(overrides.growthShift ?? {}).map(([scope, value]) => ({ scope, value, path: `overrides.growthShift.${scope}` })),
  ];
  for (const { scope, value, path } of shifts) {
    const fields = scopeFields(scope, clusterIndex, fieldIndex);
    if (!fields) issues.push({ path, message: unknownScope(scope, scenario) });
    else if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1) issues.push({ path, message: `must be a number between −1 and 1 (0.01 = +1 percentage point of annual growth), got ${String(value)}` });
    else perScope.set(scope, (perScope.get(scope) ?? 0) + value);
  }
  for (const [scope, value] of perScope) for (const f of scopeFields(scope, clusterIndex, fieldIndex) ?? []) shift[f] += value;
  const leverIds = new Set((scenario.levers ?? []).map((l) => l.id));
  for (const [id, value] of Object.entries(overrides.leverDelivery ?? {})) {
    const path = `overrides.leverDelivery.${id}`;
    if (!leverIds.has(id)) issues.push({ path, message: `unknown lever ${JSON.stringify(id)}; levers: ${[...leverIds].join(', ') || '(none)'}` });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10) issues.push({ path, message: `must be a delivery between 0 and 10 (1 = as planned), got ${String(value)}` });
  }
  const eventIds = new Set((scenario.events ?? []).map((e) => e.id));
  for (const [id, value] of Object.entries(overrides.events ?? {})) {
    const path = `overrides.events.${id}`;
    if (!eventIds.has(id)) issues.push({ path, message: `unknown event ${JSON.stringify(id)}; events: ${[...eventIds].join(', ') || '(none)'}` });
    else if (typeof value !== 'boolean') issues.push({ path, message: `must be true or false, got ${String(value)}` });
  }
  const scale = overrides.volatilityScale;
  if (scale !== undefined && (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0 || scale > 10)) {
    issues.push({ path: 'overrides.volatilityScale', message: `must be a number between 0 and 10 (1 = as in the scenario), got ${String(scale)}` });
  }
  return shift;
}

/**
 * Compiles a shape-checked scenario (see `loadScenario`/`parseScenario`) with optional overrides.
 * Throws a ScenarioError listing every problem.
 */
export function compileScenario(scenario: Scenario, overrides: Overrides = {}): CompiledModel {
  const issues: Issue[] = [];
  const { baseYear, endYear } = scenario;
  if (endYear <= baseYear) issues.push({ path: 'endYear', message: `must be after baseYear (${baseYear}), got ${endYear}` });
  else if (endYear - baseYear > MAX_STEPS) issues.push({ path: 'endYear', message: `at most ${MAX_STEPS} years after baseYear, got ${endYear - baseYear}` });
  if (issues.length) throw new ScenarioError(issues);
  const steps = endYear - baseYear;
  const ctx: Ctx = { baseYear, steps, issues };

  // ids and scopes
  const seen = new Map<string, string>([['total', '(reserved)']]);
  const clusterIndex = new Map<string, number[]>();
  const fieldIndex = new Map<string, number>();
  const fieldCluster: number[] = [];
  scenario.clusters.forEach((cluster, c) => {
    const cpath = `clusters[${c}]`;
    if (seen.has(cluster.id)) issues.push({ path: `${cpath}.id`, message: cluster.id === 'total' ? '"total" is reserved for the sum of all clusters; choose another id' : `${JSON.stringify(cluster.id)} is used twice (also ${seen.get(cluster.id)}); cluster and field ids must be unique` });
    seen.set(cluster.id, `${cpath}.id`);
    const members: number[] = [];
    cluster.fields.forEach((field, f) => {
      const fpath = `${cpath}.fields[${f}]`;
      if (seen.has(field.id)) issues.push({ path: `${fpath}.id`, message: field.id === 'total' ? '"total" is reserved for the sum of all clusters; choose another id' : `${JSON.stringify(field.id)} is used twice (also ${seen.get(field.id)}); cluster and field ids must be unique` });
      seen.set(field.id, `${fpath}.id`);
      members.push(fieldCluster.length);
      fieldIndex.set(field.id, fieldCluster.length);
      fieldCluster.push(c);
    });
    clusterIndex.set(cluster.id, members);
  });
  const F = fieldCluster.length;
  if (F > MAX_FIELDS) issues.push({ path: 'clusters', message: `at most ${MAX_FIELDS} fields in all, got ${F}` });
  const fieldClusterArr = Int32Array.from(fieldCluster);

  const fields: CompiledField[] = [];
  scenario.clusters.forEach((cluster, c) => {
    cluster.fields.forEach((field, f) => {
      const compiled = compileField(field, `clusters[${c}].fields[${f}]`, fields.length, c, ctx);
      if (compiled) fields.push(compiled);
      else fields.push(undefined as unknown as CompiledField); // keeps indices aligned; issues already pushed
    });
  });

  for (const [list, name] of [[scenario.levers ?? [], 'levers'], [scenario.events ?? [], 'events'], [scenario.targets ?? [], 'targets']] as const) {
    const ids = new Set<string>();
    list.forEach((item, k) => {
      if (ids.has(item.id)) issues.push({ path: `${name}[${k}].id`, message: `${JSON.stringify(item.id)} is used twice in ${name}; ids must be unique` });
      ids.add(item.id);
    });
  }

  const shift = applyOverrides(overrides, scenario, clusterIndex, fieldIndex, issues);

  const levers: CompiledLever[] = [];
  let leversConstant = true;
  (scenario.levers ?? []).forEach((lever, k) => {
    const lpath = `levers[${k}]`;
    const override = overrides.leverDelivery?.[lever.id];
    const deliveryRaw: Param = typeof override === 'number' ? override : (lever.delivery ?? 1);
    const delivery = compileParam(deliveryRaw, `${lpath}.delivery`, `levers.${lever.id}.delivery`, ctx, range(1, steps));
    if (delivery) {
      checkLowerBound(delivery, range(1, steps), 0, false, ctx, 'delivery must not be negative (0 = nothing delivered, 1 = as planned)');
      const tooHigh = range(1, steps).find((s) => delivery.medianByStep[s] > 10);
      if (tooHigh !== undefined) {
        issues.push({ path: delivery.path, message: `delivery is a ratio to the plan (1 = as planned, 1.2 = 20% more); a median of ${delivery.medianByStep[tooHigh]} looks like a count — use planTarget for the plan's number` });
      }
    }
    const effects: CompiledEffect[] = [];
    lever.effects.forEach((effect, e) => {
      const epath = `${lpath}.effects[${e}]`;
      const resolved = scopeFields(effect.scope, clusterIndex, fieldIndex);
      if (!resolved) issues.push({ path: `${epath}.scope`, message: unknownScope(effect.scope, scenario) });
      const param = compileParam(effect.perUnitDelivery, `${epath}.perUnitDelivery`, `levers.${lever.id}.effects.${e}`, ctx, range(1, steps));
      if (resolved && param) {
        effects.push({ param, fields: Int32Array.from(resolved) });
        if (!param.constant) leversConstant = false;
      }
    });
    if (delivery) {
      if (!delivery.constant) leversConstant = false;
      levers.push({ id: lever.id, delivery, effects });
    }
  });

  const events: CompiledEvent[] = [];
  (scenario.events ?? []).forEach((event, k) => {
    const compiled = compileEvent(event, `events[${k}]`, ctx, scenario, clusterIndex, fieldIndex);
    if (compiled && overrides.events?.[event.id] !== false) events.push(compiled);
  });

  const targets: CompiledTarget[] = [];
  const C = scenario.clusters.length;
  (scenario.targets ?? []).forEach((target, k) => {
    const tpath = `targets[${k}]`;
    if (target.year < baseYear + 1 || target.year > endYear) {
      issues.push({ path: `${tpath}.year`, message: `must be within ${baseYear + 1}–${endYear}, got ${target.year}` });
      return;
    }
    const resolved = scopeFields(target.scope, clusterIndex, fieldIndex);
    if (!resolved) {
      issues.push({ path: `${tpath}.scope`, message: unknownScope(target.scope, scenario) });
      return;
    }
    const scopeIndex = target.scope === 'total' ? 0 : clusterIndex.has(target.scope) ? 1 + scenario.clusters.findIndex((c) => c.id === target.scope) : 1 + C + (fieldIndex.get(target.scope) ?? 0);
    targets.push({ id: target.id, year: target.year, step: target.year - baseYear, scope: target.scope, scopeIndex, value: target.value, label: target.label, fields: Int32Array.from(resolved) });
  });

  // parameter groups: a common factor per group (Gaussian copula)
  const groupKeys: number[] = [];
  (scenario.parameterCorrelations ?? []).forEach((group, k) => {
    const gpath = `parameterCorrelations[${k}]`;
    const scope = group.scope ?? 'total';
    const inScope = scopeFields(scope, clusterIndex, fieldIndex);
    if (!inScope) {
      issues.push({ path: `${gpath}.scope`, message: unknownScope(scope, scenario) });
      return;
    }
    const params: CompiledParam[] = [];
    for (const i of inScope) {
      const f = fields[i];
      if (!f) continue;
      if (group.parameters === 'base') params.push(f.base);
      else if (group.parameters === 'growth') params.push(...f.rates);
      else if (f.capacity) params.push(f.capacity);
    }
    if (params.length === 0) {
      issues.push({ path: `${gpath}.parameters`, message: `no field in ${scope} has a ${group.parameters} parameter (capacity belongs to logistic fields)` });
      return;
    }
    const taken = params.find((p) => p.group >= 0);
    if (taken) {
      issues.push({ path: gpath, message: `${taken.path} is already in parameterCorrelations[${taken.group}]; a parameter can share one common factor only` });
      return;
    }
    for (const p of params) {
      p.group = groupKeys.length;
      p.loading = Math.sqrt(group.rho);
      p.ownLoading = Math.sqrt(1 - group.rho);
    }
    groupKeys.push(hashKey(`parameterCorrelations.${group.parameters}.${scope}`));
  });

  const scale = typeof overrides.volatilityScale === 'number' ? overrides.volatilityScale : 1;
  const sigma = new Float64Array(F);
  scenario.clusters.flatMap((c) => c.fields).forEach((field, i) => {
    sigma[i] = (field.volatility ?? 0) * scale;
  });
  const corr = buildCorrelation(scenario, fieldClusterArr, ctx);
  let chol: Float64Array | undefined;
  if (corr) {
    const factored = cholesky(corr, F);
    if (typeof factored === 'number') {
      const name = scenario.clusters.flatMap((c) => c.fields)[factored]?.id ?? String(factored);
      issues.push({
        path: scenario.correlation && 'matrix' in scenario.correlation ? 'correlation.matrix' : 'correlation',
        message: `is not a valid correlation matrix (not positive semidefinite; it fails at field ${name}); with withinCluster ρw and acrossClusters ρa use ρw ≥ ρa ≥ 0, or give a matrix whose eigenvalues are all ≥ 0`,
      });
    } else chol = factored;
  }

  if (issues.length) throw new ScenarioError(issues);

  const modelCode = Int8Array.from(fields.map((f) => f.model));
  const spec = scenario.correlation;
  const within = spec && 'withinCluster' in spec ? spec.withinCluster : 0;
  const across = spec && 'withinCluster' in spec ? (spec.acrossClusters ?? 0) : 0;
  const factorForm = !spec || ('withinCluster' in spec && across >= 0 && within >= across && within <= 1);
  const factor = factorForm ? Float64Array.of(Math.sqrt(across), Math.sqrt(within - across), Math.sqrt(1 - within)) : undefined;
  const halfVariance = sigma.map((s) => (s * s) / 2);
  const anyNoise = sigma.some((s) => s > 0);
  const model: CompiledModel = {
    scenario,
    baseYear,
    endYear,
    steps,
    years: range(baseYear, endYear),
    fields,
    clusters: scenario.clusters.map((c) => ({ id: c.id, fields: Int32Array.from(clusterIndex.get(c.id) ?? []) })),
    fieldCluster: fieldClusterArr,
    modelCode,
    sigma,
    halfVariance,
    cholesky: anyNoise && !factor ? chol : undefined,
    factor: anyNoise ? factor : undefined,
    events,
    levers,
    leversConstant,
    targets,
    shift,
    groupKeys: Uint32Array.from(groupKeys),
    overrides,
    scopeIds: ['total', ...scenario.clusters.map((c) => c.id), ...fields.map((f) => f.id)],
  };
  // assumptions whose central path overflows are rejected here, naming the field, rather than at run time
  const central = centralPath(model);
  const overflow: Issue[] = [];
  fields.forEach((f, i) => {
    const s = central[1 + model.clusters.length + i].findIndex((v) => !Number.isFinite(v) || v > 1e15);
    if (s >= 0) {
      const c = f.cluster;
      const k = scenario.clusters[c].fields.findIndex((x) => x.id === f.id);
      overflow.push({ path: `clusters[${c}].fields[${k}].growth`, message: `output passes 10^15 bn yuan by ${baseYear + s} on the central path (every parameter at its median): rates are fractions per year (0.25 = 25%); check the rates and capacity` });
    }
  });
  if (overflow.length) throw new ScenarioError(overflow);
  return model;
}
