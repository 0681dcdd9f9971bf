/**
 * Shared test helpers: small valid scenarios built inline, compile/run shortcuts, raw per-trial
 * values from the kernel, and ScenarioError issue capture.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { compileScenario, type CompiledModel, type Overrides } from '../../src/core/compile.ts';
import { ScenarioError, type Issue } from '../../src/core/errors.ts';
import { advanceRange, allocateRun, initRange, planRun, runModel, type RunBuffers, type RunOptions, type RunPlan } from '../../src/core/run.ts';
import { checkScenario, parseScenario } from '../../src/schema/parse.ts';
import type { Result } from '../../src/schema/result.ts';
import type { Cluster, EventDef, Field, Lever, Param, Scenario } from '../../src/schema/scenario.ts';

export const BASE_YEAR = 2024;
export const END_YEAR = 2030;

/** Names are required by the schema; tests do not care about them. */
export function names(id: string): { en: string; zh: string } {
  return { en: id, zh: id };
}

/** A cagr field with one period covering `from`–`to` (default 2025–2030). */
export function cagrField(id: string, base: Param, rate: Param, extra: Partial<Field> & { from?: number; to?: number } = {}): Field {
  const { from = BASE_YEAR + 1, to = END_YEAR, ...rest } = extra;
  return { id, name: names(id), base, growth: { model: 'cagr', periods: [{ from, to, rate }] }, ...rest };
}

/** A cagr field with several periods, each `[from, to, rate]`. */
export function periodsField(id: string, base: Param, periods: readonly [number, number, Param][], extra: Partial<Field> = {}): Field {
  return { id, name: names(id), base, growth: { model: 'cagr', periods: periods.map(([from, to, rate]) => ({ from, to, rate })) }, ...extra };
}

/** A logistic field with capacity K and intrinsic rate r. */
export function logisticField(id: string, base: Param, capacity: Param, rate: Param, extra: Partial<Field> = {}): Field {
  return { id, name: names(id), base, growth: { model: 'logistic', capacity, rate }, ...extra };
}

export function cluster(id: string, fields: Field[]): Cluster {
  return { id, name: names(id), fields };
}

export function lever(id: string, delivery: Param, effects: { scope: string; perUnitDelivery: Param }[]): Lever {
  return { id, name: names(id), delivery, effects };
}

export function event(id: string, scope: string[], from: number, to: number, probabilityPerYear: number | string, impact: Param): EventDef {
  return { id, scope, years: { from, to }, probabilityPerYear, impact };
}

/**
 * A minimal valid scenario: 2024–2030, one cluster `c` with one field `f` (base 100, 10%/yr, no
 * noise), 100 trials, seed 1. Top-level keys in `overrides` replace the defaults.
 */
export function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    schemaVersion: 1,
    id: 'test',
    title: 'test scenario',
    baseYear: BASE_YEAR,
    endYear: END_YEAR,
    simulation: { trials: 100, seed: 1 },
    clusters: [cluster('c', [cagrField('f', 100, 0.1)])],
    ...overrides,
  };
}

/** Shape check then compile, as the adapters do. */
export function compile(s: unknown, overrides?: Overrides): CompiledModel {
  return compileScenario(checkScenario(s), overrides);
}

/** Shape check, compile and run in this thread. */
export function run(s: unknown, options: RunOptions = {}, overrides?: Overrides): Result {
  return runModel(compile(s, overrides), options);
}

/**
 * A result without its record of overrides and its free sensitivity, to compare the numbers of
 * runs made different ways (an event switched off still has its impact among the inputs, one
 * removed has not: the projections are the same, the lists of inputs explained are not).
 */
export function numbersOf(result: Result): Omit<Result, 'meta' | 'sensitivity'> & { meta: Omit<Result['meta'], 'overrides'> } {
  const { overrides: _overrides, ...meta } = result.meta;
  const { sensitivity: _sensitivity, ...rest } = result;
  return { ...rest, meta };
}

const TINY_PATH = fileURLToPath(new URL('../fixtures/tiny.yaml', import.meta.url));

/** test/fixtures/tiny.yaml, parsed and shape-checked. */
export function tinyScenario(): Scenario {
  return parseScenario(readFileSync(TINY_PATH, 'utf8'), 'tiny.yaml');
}

/** The issues of the ScenarioError that `fn` throws (fails the test when it throws none). */
export function issuesOf(fn: () => unknown): readonly Issue[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues;
    throw err;
  }
  expect.fail('expected a ScenarioError');
}

/** The issue at exactly `path` (fails the test when there is none). */
export function issueAt(issues: readonly Issue[], path: string): Issue {
  const found = issues.find((i) => i.path === path);
  if (!found) expect.fail(`no issue at ${path}; got:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  return found;
}

/** Every scope of every trial, recorded year by year (with the replay records when there are targets). */
export interface Recorded {
  readonly model: CompiledModel;
  readonly plan: RunPlan;
  readonly buffers: RunBuffers;
  /** Per scope index: its values at every step, `[step * trials + trial]`. */
  readonly scopes: readonly Float64Array[];
  /** Value of scope `id` (total, a cluster or field id) at year step `step` in trial `trial`. */
  value(id: string, step: number, trial: number): number;
  /** Values of scope `id` at `step`, one per trial. */
  column(id: string, step: number): Float64Array;
}

/** Runs the kernel over trials [0, trials), copying every year's columns before they are reused. */
export function record(model: CompiledModel, trials: number, seed: number, options: Omit<RunOptions, 'trials' | 'seed'> = {}): Recorded {
  const plan = planRun(model, { ...options, trials, seed });
  const buffers = allocateRun(plan);
  const scopes = model.scopeIds.map(() => new Float64Array((model.steps + 1) * trials));
  for (let s = 0; s <= model.steps; s++) {
    if (s === 0) initRange(plan, buffers, 0, trials);
    else advanceRange(plan, buffers, s, 0, trials);
    buffers.columnSets[0].forEach((col, k) => scopes[k].set(col, s * trials));
  }
  const bufferOf = (id: string): Float64Array => {
    const index = model.scopeIds.indexOf(id);
    if (index < 0) throw new Error(`no scope ${id}`);
    return scopes[index];
  };
  return {
    model,
    plan,
    buffers,
    scopes,
    value: (id, step, trial) => bufferOf(id)[step * trials + trial],
    column: (id, step) => bufferOf(id).slice(step * trials, (step + 1) * trials),
  };
}

/** Index of the first element whose bits differ (−1 when the arrays are bit-identical). */
export function firstBitDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length * 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i >> 1;
  return -1;
}

/** Mean and sample standard deviation. */
export function meanSd(values: ArrayLike<number>): { mean: number; sd: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** Pearson correlation of two equally long samples. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const mx = meanSd(x).mean;
  const my = meanSd(y).mean;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Every percentile series of a Stats object, in ascending order of p. */
export const PERCENTILE_KEYS = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const;

/** total = b1 + b2 in 2030 (no growth, no noise): Var = 1² + 2², so the shares are 1/5 and 4/5 exactly. */
export const additive = (): Scenario =>
  scenario({
    clusters: [cluster('c', [cagrField('f1', { dist: 'normal', mean: 100, sd: 1 }, 0), cagrField('f2', { dist: 'normal', mean: 50, sd: 2 }, 0)])],
    targets: [{ id: 't', year: 2030, scope: 'total', value: 150 }],
  });
