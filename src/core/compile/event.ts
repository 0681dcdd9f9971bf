/** An event: its window, probability per year, scope and impact, with a run's change to it (overrides.events). */
import type { EventChange } from '../../schema/overrides.ts';
import type { EventDef, Scenario } from '../../schema/scenario.ts';
import { joinPath } from '../errors.ts';
import type { CompiledEvent } from '../model.ts';
import { hashKey } from '../rng.ts';
import { range, type Ctx } from './context.ts';
import { checkLowerBound, compileParam, resolveNumber } from './params.ts';
import { scopeFields, unknownScope, type ScopeIndex } from './scopes.ts';

/**
 * Compiles an event with an optional change (checked already by applyOverrides): a probability
 * that replaces the scenario's in the window, a forced year (probability 1 there and 0 in every
 * other year: the occurrence draws stay the same numbers, only the comparison changes), and an
 * impact scale multiplying the scenario's own.
 */
export function compileEvent(event: EventDef, path: string, ctx: Ctx, scenario: Scenario, index: ScopeIndex, change: EventChange = {}): CompiledEvent | undefined {
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
    const resolved = scopeFields(scope, index);
    if (!resolved) {
      ctx.issues.push({ path: joinPath(joinPath(path, 'scope'), k), message: unknownScope(scope, scenario) });
      ok = false;
    } else resolved.forEach((f) => fields.add(f));
  });
  // probability and impact are checked even when the window is wrong (on its valid part, or every year)
  const clipped = range(Math.max(1, from - ctx.baseYear), Math.min(ctx.steps, to - ctx.baseYear));
  const steps = clipped.length ? clipped : range(1, ctx.steps);
  const probability = resolveNumber(event.probabilityPerYear, joinPath(path, 'probabilityPerYear'), ctx, steps);
  const forced = change.forceYear !== undefined ? change.forceYear - ctx.baseYear : undefined;
  // a forced year outside the window needs the impact of that year too
  const impactSteps = forced === undefined || steps.includes(forced) ? steps : [...steps, forced].sort((a, b) => a - b);
  const impact = compileParam(event.impact, { where: joinPath(path, 'impact'), path: `events.${event.id}.impact`, key: `events.${event.id}.impact`, group: 'event-impact' }, ctx, impactSteps);
  const probabilityByStep = new Float64Array(ctx.steps + 1);
  if (probability) {
    for (const s of steps) {
      const p = probability[s];
      if (!(p >= 0 && p <= 1)) {
        ctx.issues.push({ path: joinPath(path, 'probabilityPerYear'), message: `must be between 0 and 1, got ${p} at year ${ctx.baseYear + s}` });
        ok = false;
        break;
      }
      probabilityByStep[s] = change.probabilityPerYear ?? p;
    }
  }
  if (forced !== undefined) {
    probabilityByStep.fill(0);
    probabilityByStep[forced] = 1; // the occurrence uniform is below 1 in every trial
  }
  if (!impact) return undefined;
  const before = ctx.issues.length;
  checkLowerBound(impact, impactSteps, -1, false, ctx, 'impact must be ≥ −1 (−1 wipes out the scope\'s output; −0.2 is a 20% loss)');
  if (!ok || !probability || ctx.issues.length > before) return undefined;
  const impactScale = (event.impactScale ?? 1) * (change.impactScale ?? 1);
  return { id: event.id, key: hashKey(`events.${event.id}`), fields: Int32Array.from([...fields].sort((a, b) => a - b)), probabilityByStep, impact, impactScale };
}

