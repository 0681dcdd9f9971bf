/** A field: its base value, growth model and rates (per period or logistic), capacity and volatility. */
import type { Field } from '../../schema/scenario.ts';
import { joinPath } from '../errors.ts';
import { growthModelNames } from '../growth/index.ts';
import type { CompiledField, CompiledParam } from '../model.ts';
import { range, type Ctx } from './context.ts';
import { checkLowerBound, checkRateScale, compileParam } from './params.ts';

/** A compiled field before the steps at which its inputs change are known (they depend on the levers). */
export type FieldDraft = Omit<CompiledField, 'changeSteps'>;

export function compileField(field: Field, where: string, clusterId: string, index: number, cluster: number, ctx: Ctx): FieldDraft | undefined {
  const allSteps = range(1, ctx.steps);
  const stable = `clusters.${clusterId}.fields.${field.id}`;
  const name = (suffix: string, key: string, group: 'base' | 'growth' | 'capacity') => ({
    where: joinPath(where, suffix),
    path: `${stable}.${suffix}`,
    key: `fields.${field.id}.${key}`,
    group,
  });
  const base = compileParam(field.base, name('base', 'base', 'base'), ctx, [0]);
  if (base) checkLowerBound(base, [0], 0, false, ctx, 'base output must not be negative: it is bn yuan of output in baseYear');
  const growth = field.growth;
  const gpath = joinPath(where, 'growth');
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
        ctx.issues.push({
          path: ppath,
          message: `covers ${period.from}–${period.to}, outside the years grown into (${ctx.baseYear + 1}–${endYear}); periods are inclusive ranges of the year grown into`,
        });
        return;
      }
      const steps = range(period.from - ctx.baseYear, period.to - ctx.baseYear);
      for (const s of steps) {
        const prior = rateOfStep[s - 1];
        if (prior >= 0) {
          const other = growth.periods[prior];
          ctx.issues.push({
            path: ppath,
            message: `${period.from}–${period.to} overlaps periods[${prior}] (${other.from}–${other.to}) at ${ctx.baseYear + s}: each year must be in exactly one period`,
          });
          return;
        }
      }
      const rate = compileParam(period.rate, name(`growth.periods[${k}].rate`, `growth.periods.${k}.rate`, 'growth'), ctx, steps);
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
      ctx.issues.push({
        path: joinPath(gpath, 'periods'),
        message: `leave ${shown} uncovered: periods must cover ${ctx.baseYear + 1}–${endYear} without gaps`,
      });
    }
  } else {
    const rate = compileParam(growth.rate, name('growth.rate', 'growth.rate', 'growth'), ctx, allSteps);
    capacity = compileParam(growth.capacity, name('growth.capacity', 'growth.capacity', 'capacity'), ctx, allSteps);
    if (capacity) checkLowerBound(capacity, allSteps, 0, true, ctx, 'capacity must be > 0 bn yuan');
    if (rate) {
      checkRateScale(rate, allSteps, ctx);
      rates.push(rate);
      rateOfStep.fill(0);
    }
  }
  if (!base || rates.length === 0 || rateOfStep.includes(-1) || (growth.model === 'logistic' && !capacity)) return undefined;
  return { id: field.id, index, cluster, model: growthModelNames.indexOf(growth.model), base, rates, rateOfStep, capacity, sigma: field.volatility ?? 0 };
}

/**
 * Steps (1..Y) at which a field's growth inputs change: step 1, a new period, a step whose rate,
 * capacity or lever distribution differs from the step before.
 */
export function changeSteps(field: FieldDraft, leverParams: readonly CompiledParam[], steps: number): Int32Array {
  const out = [1];
  for (let s = 2; s <= steps; s++) {
    const r = field.rateOfStep[s - 1];
    const changed =
      r !== field.rateOfStep[s - 2] ||
      field.rates[r].byStep[s] !== field.rates[r].byStep[s - 1] ||
      (field.capacity !== undefined && field.capacity.byStep[s] !== field.capacity.byStep[s - 1]) ||
      leverParams.some((p) => p.byStep[s] !== p.byStep[s - 1]);
    if (changed) out.push(s);
  }
  return Int32Array.from(out);
}
