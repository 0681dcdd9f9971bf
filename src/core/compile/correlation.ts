/** The correlation of the fields' annual noise: {withinCluster, acrossClusters} or a full matrix. */
import type { Scenario } from '../../schema/scenario.ts';
import type { Ctx } from './context.ts';

/** The noise correlation matrix, row-major F×F (undefined after pushing an issue). */
export function buildCorrelation(scenario: Scenario, fieldCluster: Int32Array, ctx: Ctx): Float64Array | undefined {
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
