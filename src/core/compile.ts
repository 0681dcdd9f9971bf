/**
 * Resolve and compile a shape-checked scenario into the plain-data model the kernel reads
 * (src/core/model.ts): expressions evaluated per year, distributions resolved, scopes resolved to
 * field indices, every uncertain input registered with a stable path, the noise correlation
 * factored, the central path computed. Every semantic problem is collected and thrown at once as
 * a ScenarioError.
 */
import { checkObservations } from './calibration/check.ts';
import type { Param, Scenario } from '../schema/scenario.ts';
import { cholesky } from './cholesky.ts';
import { centralPath } from './compile/central.ts';
import { range, type Ctx } from './compile/context.ts';
import { buildCorrelation } from './compile/correlation.ts';
import { compileEvent } from './compile/event.ts';
import { changeSteps, compileField, type FieldDraft } from './compile/field.ts';
import { applyOverrides } from './compile/overrides.ts';
import { checkLowerBound, compileParam } from './compile/params.ts';
import { scopeFields, unknownScope, type ScopeIndex } from './compile/scopes.ts';
import { ScenarioError, type Issue } from './errors.ts';
import { MAX_FIELDS, MAX_STEPS } from './limits.ts';
import type { CompiledEffect, CompiledEvent, CompiledField, CompiledLever, CompiledModel, CompiledParam, CompiledTarget, ModelInput, Overrides } from './model.ts';
import { hashKey } from './rng.ts';

export type { CompiledModel, Overrides } from './model.ts';

/**
 * Compiles a shape-checked scenario (see `loadScenario`/`parseScenario`) with optional overrides.
 * Throws a ScenarioError listing every problem.
 */
export function compileScenario(scenario: Scenario, overrides: Overrides = {}): CompiledModel {
  const issues: Issue[] = [];
  const { baseYear, endYear } = scenario;
  if (endYear <= baseYear) issues.push({ path: 'endYear', message: `must be after baseYear (${baseYear}), got ${endYear}` });
  else if (endYear - baseYear > MAX_STEPS) issues.push({ path: 'endYear', message: `at most ${MAX_STEPS} years after baseYear, got ${endYear - baseYear}` });
  issues.push(
    ...checkObservations(
      {
        scopeIds: ['total', ...scenario.clusters.map((c) => c.id), ...scenario.clusters.flatMap((c) => c.fields.map((f) => f.id))],
        clusterCount: scenario.clusters.length,
        baseYear: scenario.baseYear,
        endYear: scenario.endYear,
      },
      scenario.observations ?? [],
    ),
  );
  if (issues.length) throw new ScenarioError(issues);
  const steps = endYear - baseYear;
  const inputs: ModelInput[] = [];
  const ctx: Ctx = { baseYear, steps, issues, inputs };

  // ids and scopes
  const seen = new Map<string, string>([['total', '(reserved)']]);
  /** A cluster or field id, unique among both and not `total`. */
  const claim = (id: string, path: string) => {
    if (seen.has(id)) {
      const message =
        id === 'total'
          ? '"total" is reserved for the sum of all clusters; choose another id'
          : `${JSON.stringify(id)} is used twice (also ${seen.get(id)}); cluster and field ids must be unique`;
      issues.push({ path, message });
    }
    seen.set(id, path);
  };
  const index: ScopeIndex = { clusters: new Map(), fields: new Map() };
  const fieldCluster: number[] = [];
  scenario.clusters.forEach((cluster, c) => {
    const cpath = `clusters[${c}]`;
    claim(cluster.id, `${cpath}.id`);
    const members: number[] = [];
    cluster.fields.forEach((field, f) => {
      const fpath = `${cpath}.fields[${f}]`;
      claim(field.id, `${fpath}.id`);
      members.push(fieldCluster.length);
      index.fields.set(field.id, fieldCluster.length);
      fieldCluster.push(c);
    });
    index.clusters.set(cluster.id, members);
  });
  const F = fieldCluster.length;
  if (F > MAX_FIELDS) {
    issues.push({ path: 'clusters', message: `at most ${MAX_FIELDS} fields in all, got ${F}` });
    throw new ScenarioError(issues);
  }
  const fieldClusterArr = Int32Array.from(fieldCluster);

  const drafts: (FieldDraft | undefined)[] = [];
  scenario.clusters.forEach((cluster, c) => {
    cluster.fields.forEach((field, f) => {
      drafts.push(compileField(field, `clusters[${c}].fields[${f}]`, cluster.id, drafts.length, c, ctx)); // undefined keeps indices aligned; issues already pushed
    });
  });

  for (const [list, name] of [
    [scenario.levers ?? [], 'levers'],
    [scenario.events ?? [], 'events'],
    [scenario.targets ?? [], 'targets'],
  ] as const) {
    const ids = new Set<string>();
    list.forEach((item, k) => {
      if (ids.has(item.id)) issues.push({ path: `${name}[${k}].id`, message: `${JSON.stringify(item.id)} is used twice in ${name}; ids must be unique` });
      ids.add(item.id);
    });
  }

  const { shift, events: eventOverrides } = applyOverrides(overrides, scenario, index, issues);

  const levers: CompiledLever[] = [];
  const allSteps = range(1, steps);
  (scenario.levers ?? []).forEach((lever, k) => {
    const lpath = `levers[${k}]`;
    const override = overrides.leverDelivery?.[lever.id];
    const deliveryRaw: Param = typeof override === 'number' ? override : (lever.delivery ?? 1);
    const delivery = compileParam(
      deliveryRaw,
      { where: `${lpath}.delivery`, path: `levers.${lever.id}.delivery`, key: `levers.${lever.id}.delivery`, group: 'lever-delivery' },
      ctx,
      allSteps,
    );
    if (delivery) {
      checkLowerBound(delivery, allSteps, 0, false, ctx, 'delivery must not be negative (0 = nothing delivered, 1 = as planned)');
      const tooHigh = allSteps.find((s) => delivery.byStep[s].median > 10);
      if (tooHigh !== undefined) {
        issues.push({
          path: delivery.where,
          message: `delivery is a ratio to the plan (1 = as planned, 1.2 = 20% more); a median of ${delivery.byStep[tooHigh].median} looks like a count — use planTarget for the plan's number`,
        });
      }
    }
    const effects: CompiledEffect[] = [];
    lever.effects.forEach((effect, e) => {
      const epath = `${lpath}.effects[${e}]`;
      const resolved = scopeFields(effect.scope, index);
      if (!resolved) issues.push({ path: `${epath}.scope`, message: unknownScope(effect.scope, scenario) });
      const param = compileParam(
        effect.perUnitDelivery,
        {
          where: `${epath}.perUnitDelivery`,
          path: `levers.${lever.id}.effects[${e}].perUnitDelivery`,
          key: `levers.${lever.id}.effects.${e}`,
          group: 'lever-effect',
        },
        ctx,
        allSteps,
      );
      if (resolved && param) effects.push({ param, fields: Int32Array.from(resolved) });
    });
    if (delivery) levers.push({ id: lever.id, delivery, effects });
  });

  const events: CompiledEvent[] = [];
  (scenario.events ?? []).forEach((event, k) => {
    const change = eventOverrides.get(event.id);
    const compiled = compileEvent(event, `events[${k}]`, ctx, scenario, index, change || undefined);
    if (compiled && change !== false) events.push(compiled);
  });

  const targets: CompiledTarget[] = [];
  const C = scenario.clusters.length;
  (scenario.targets ?? []).forEach((target, k) => {
    const tpath = `targets[${k}]`;
    if (target.year < baseYear + 1 || target.year > endYear) {
      issues.push({ path: `${tpath}.year`, message: `must be within ${baseYear + 1}–${endYear}, got ${target.year}` });
      return;
    }
    const resolved = scopeFields(target.scope, index);
    if (!resolved) {
      issues.push({ path: `${tpath}.scope`, message: unknownScope(target.scope, scenario) });
      return;
    }
    const scopeIndex =
      target.scope === 'total'
        ? 0
        : index.clusters.has(target.scope)
          ? 1 + scenario.clusters.findIndex((c) => c.id === target.scope)
          : 1 + C + (index.fields.get(target.scope) ?? 0);
    targets.push({
      id: target.id,
      year: target.year,
      step: target.year - baseYear,
      scope: target.scope,
      scopeIndex,
      value: target.value,
      label: target.label,
      fields: Int32Array.from(resolved),
    });
  });

  // parameter groups: a common factor per group (Gaussian copula), itself an input of the model
  const copulaInputs: number[] = [];
  const claimed = new Map<CompiledParam, number>();
  (scenario.parameterCorrelations ?? []).forEach((group, k) => {
    const gpath = `parameterCorrelations[${k}]`;
    const scope = group.scope ?? 'total';
    const inScope = scopeFields(scope, index);
    if (!inScope) {
      issues.push({ path: `${gpath}.scope`, message: unknownScope(scope, scenario) });
      return;
    }
    const params: CompiledParam[] = [];
    for (const i of inScope) {
      const f = drafts[i];
      if (!f) continue;
      if (group.parameters === 'base') params.push(f.base);
      else if (group.parameters === 'growth') params.push(...f.rates);
      else if (f.capacity) params.push(f.capacity);
    }
    if (params.length === 0) {
      issues.push({ path: `${gpath}.parameters`, message: `no field in ${scope} has a ${group.parameters} parameter (capacity belongs to logistic fields)` });
      return;
    }
    const taken = params.find((p) => claimed.has(p));
    if (taken) {
      issues.push({
        path: gpath,
        message: `${taken.where} is already in parameterCorrelations[${claimed.get(taken)}]; a parameter can share one common factor only`,
      });
      return;
    }
    for (const p of params) {
      claimed.set(p, k);
      if (p.input < 0) continue; // a fixed value has nothing to share
      p.copula = copulaInputs.length;
      p.loading = Math.sqrt(group.rho);
      p.ownLoading = Math.sqrt(1 - group.rho);
    }
    const path = `parameterCorrelations.${group.parameters}.${scope}`;
    copulaInputs.push(inputs.length);
    inputs.push({ path, group: group.parameters, key: hashKey(path), factor: true });
  });

  const scale = typeof overrides.volatilityScale === 'number' ? overrides.volatilityScale : 1;
  const sigma = new Float64Array(F);
  scenario.clusters
    .flatMap((c) => c.fields)
    .forEach((field, i) => {
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

  const fieldLevers = (i: number): CompiledParam[] => levers.flatMap((l) => l.effects.filter((e) => e.fields.includes(i)).flatMap((e) => [e.param, l.delivery]));
  const fields: CompiledField[] = (drafts as FieldDraft[]).map((d, i) => ({ ...d, changeSteps: changeSteps(d, fieldLevers(i), steps) }));
  const spec = scenario.correlation;
  const within = spec && 'withinCluster' in spec ? spec.withinCluster : 0;
  const across = spec && 'withinCluster' in spec ? (spec.acrossClusters ?? 0) : 0;
  const factorForm = !spec || ('withinCluster' in spec && across >= 0 && within >= across && within <= 1);
  const factor = factorForm ? Float64Array.of(Math.sqrt(across), Math.sqrt(within - across), Math.sqrt(1 - within)) : undefined;
  const anyNoise = sigma.some((s) => s > 0);
  const clusters = scenario.clusters.map((c) => ({ id: c.id, fields: Int32Array.from(index.clusters.get(c.id) ?? []) }));
  const central = centralPath({ steps, fields, clusters, levers, shift });
  // assumptions whose central path overflows are rejected here, naming the field, rather than at run time
  const overflow: Issue[] = [];
  fields.forEach((f, i) => {
    const s = central[1 + C + i].findIndex((v) => !Number.isFinite(v) || v > 1e15);
    if (s >= 0) {
      const c = f.cluster;
      const k = scenario.clusters[c].fields.findIndex((x) => x.id === f.id);
      overflow.push({
        path: `clusters[${c}].fields[${k}].growth`,
        message: `output passes 10^15 bn yuan by ${baseYear + s} on the central path (every parameter at its median): rates are fractions per year (0.25 = 25%); check the rates and capacity`,
      });
    }
  });
  if (overflow.length) throw new ScenarioError(overflow);
  return {
    scenario,
    baseYear,
    endYear,
    steps,
    years: range(baseYear, endYear),
    fields,
    clusters,
    fieldCluster: fieldClusterArr,
    sigma,
    cholesky: anyNoise && !factor ? chol : undefined,
    factor: anyNoise ? factor : undefined,
    events,
    levers,
    targets,
    shift,
    copulaInputs: Int32Array.from(copulaInputs),
    inputs,
    overrides,
    scopeIds: ['total', ...scenario.clusters.map((c) => c.id), ...fields.map((f) => f.id)],
    central,
  };
}
