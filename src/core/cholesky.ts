/**
 * Lower Cholesky factor L of a symmetric n×n matrix A (row-major), A = L·Lᵀ, accepting positive
 * semidefinite matrices (a zero pivot gets a zero column when the rest of the column is zero too).
 * Returns the index of the row where A is found not to be positive semidefinite instead.
 */
export function cholesky(a: Float64Array, n: number, tolerance = 1e-9): Float64Array | number {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (sum < -tolerance) return i;
        l[i * n + i] = sum > tolerance * tolerance ? Math.sqrt(sum) : 0;
      } else if (l[j * n + j] > 0) {
        l[i * n + j] = sum / l[j * n + j];
      } else if (Math.abs(sum) > tolerance) {
        return i;
      }
    }
  }
  return l;
}
