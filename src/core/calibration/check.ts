/** The checks of a scenario's observations against its scopes and years (compile.ts and calibrate.ts). */
import type { Observation } from '../../schema/observation.ts';
import type { Issue } from '../errors.ts';
import type { CompiledModel } from '../model.ts';

/** Every problem of the observations against a model's scopes and years, each at its path with the fix (compile.ts checks a file's own). */
export function checkObservations(
  model: Pick<CompiledModel, 'scopeIds' | 'baseYear' | 'endYear'> & { readonly clusterCount: number },
  observations: readonly Observation[],
): Issue[] {
  const clusters = model.scopeIds.slice(1, 1 + model.clusterCount);
  const fields = model.scopeIds.slice(1 + model.clusterCount);
  const valid = `use total, a cluster id (${clusters.join(', ')}) or a field id (${fields.slice(0, 2).join(', ')}${fields.length > 2 ? ', …' : ''})`;
  const issues: Issue[] = [];
  observations.forEach((o, k) => {
    const path = `observations[${k}]`;
    const named = `observation ${o.id}`;
    if (!model.scopeIds.includes(o.scope))
      issues.push({
        path: `${path}.scope`,
        code: 'one-of',
        message: `${named}: unknown scope "${o.scope}"; ${valid}`,
      });
    if (!Number.isInteger(o.year) || o.year < model.baseYear || o.year > model.endYear)
      issues.push({
        path: `${path}.year`,
        code: 'range',
        message: `${named}: year ${o.year} is outside the run (${model.baseYear}–${model.endYear}); observe a year the scenario simulates`,
      });
    const hasValue = o.value !== undefined;
    const hasRange = o.low !== undefined || o.high !== undefined;
    if (hasValue === hasRange) issues.push({ path, code: 'invalid', message: `${named}: give either value or both low and high (a range read as a 90% interval)` });
    for (const key of ['value', 'low', 'high'] as const) {
      const v = o[key];
      if (v !== undefined && !(v > 0 && Number.isFinite(v)))
        issues.push({ path: `${path}.${key}`, code: 'range', message: `${named}: ${key} must be a positive number of bn yuan, got ${v}` });
    }
    if (hasRange && !(o.low !== undefined && o.high !== undefined && o.low < o.high))
      issues.push({ path, code: 'invalid', message: `${named}: a range needs low < high, got low ${o.low} and high ${o.high}` });
    if (!(o.definitionUncertainty > 0))
      issues.push({ path: `${path}.definitionUncertainty`, code: 'range', message: `${named}: definitionUncertainty must be above 0 (0.1: the same definition)` });
  });
  return issues;
}
