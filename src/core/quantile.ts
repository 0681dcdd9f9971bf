/**
 * Percentiles by linear interpolation between order statistics (type 7, numpy's default):
 * for probability p over n sorted values x, h = (n − 1)·p and Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */

/** Puts the k-th smallest of a[left..right] at index k, smaller ones before it and larger after (quickselect). */
function select(a: Float64Array, k: number, leftIn: number, rightIn: number): void {
  let left = leftIn;
  let right = rightIn;
  while (right > left) {
    if (right - left < 24) {
      for (let i = left + 1; i <= right; i++) {
        const x = a[i];
        let j = i - 1;
        while (j >= left && a[j] > x) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return;
    }
    const mid = (left + right) >>> 1;
    const x = a[left];
    const y = a[mid];
    const z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/**
 * Type-7 percentiles of `values` for each p in `ps` (ascending, in [0, 1]). Reorders `values`
 * in place. Example: `quantilesInPlace(Float64Array.of(3, 1, 2), [0.5])` is `[2]`.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  const ranks = new Set<number>();
  for (const p of ps) {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    ranks.add(lo);
    if (lo + 1 < n && h > lo) ranks.add(lo + 1);
  }
  let from = 0;
  for (const r of [...ranks].sort((a, b) => a - b)) {
    select(values, r, from, n - 1);
    from = r + 1;
  }
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const frac = h - lo;
    return frac === 0 ? values[lo] : values[lo] + frac * (values[lo + 1] - values[lo]);
  });
}
