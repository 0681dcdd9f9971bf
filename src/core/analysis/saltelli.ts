/**
 * Saltelli's sampling scheme for Sobol' indices (Saltelli 2002; Saltelli et al. 2010, "Variance
 * based sensitivity analysis of model output", Comput. Phys. Commun. 181:259): two independent
 * matrices A and B of N rows of uniforms, and for every group g the matrix A_B^(g), A with the
 * columns of g taken from B. N·(G + 2) model evaluations give every group's first-order and total
 * index. The uniforms are seeded hashes of (seed, row, column), as the engine's own draws are.
 */
import { hashKey, uniformAt } from '../rng.ts';

/** The design: rows of uniforms in (0, 1), block by block: A, B, then A_B^(g) for each group. */
export interface SaltelliDesign {
  /** Rows per block. */
  readonly n: number;
  /** Columns (uncertain inputs). */
  readonly width: number;
  /** Groups of column indices, in the order of the A_B blocks. */
  readonly groups: readonly (readonly number[])[];
  /** Row-major, (groups.length + 2) · n rows of `width` uniforms. */
  readonly values: Float64Array;
}

const A_KEY = hashKey('saltelli.A');
const B_KEY = hashKey('saltelli.B');

/** Saltelli's design for `width` inputs in `groups` (each column in at most one group), n rows a block. */
export function saltelliDesign(n: number, width: number, groups: readonly (readonly number[])[], seed: number): SaltelliDesign {
  const blocks = groups.length + 2;
  const values = new Float64Array(blocks * n * width);
  const b0 = n * width;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < width; c++) {
      values[r * width + c] = uniformAt(seed, r, (A_KEY ^ Math.imul(c + 1, 0x9e3779b1)) >>> 0);
      values[b0 + r * width + c] = uniformAt(seed, r, (B_KEY ^ Math.imul(c + 1, 0x9e3779b1)) >>> 0);
    }
  groups.forEach((group, g) => {
    const at = (g + 2) * n * width;
    values.copyWithin(at, 0, b0); // A
    for (let r = 0; r < n; r++) for (const c of group) values[at + r * width + c] = values[b0 + r * width + c];
  });
  return { n, width, groups, values };
}
