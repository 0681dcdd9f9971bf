/**
 * Percentiles by linear interpolation between order statistics (type 7, numpy's default):
 * for probability p over n sorted values x, h = (n − 1)·p and Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * The order statistics are found without sorting everything, in two ways, both exact:
 * - `sumAndCount` + `quantilesFromPass`, for the kernel's columns (non-negative): one pass sums the
 *   values and counts them by the high bits of their doubles, a second gathers the few buckets
 *   that hold a wanted rank, which are sorted;
 * - `quantilesInPlace`, for any values (and the fallback): values are counted into equal-width
 *   buckets between the minimum and maximum, and only the buckets holding a wanted rank are
 *   gathered and sorted (recursively when one holds too many); about three passes.
 */

const BUCKETS = 4096;
const SMALL = 1024;

/** The values at the given ascending ranks (0-based) of `values`, which may be reordered. */
function valuesAtRanks(values: Float64Array, ranks: readonly number[]): number[] {
  const n = values.length;
  if (n <= SMALL) {
    values.sort();
    return ranks.map((r) => values[r]);
  }
  let min = values[0];
  let max = values[0];
  for (let i = 1; i < n; i++) {
    const x = values[i];
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  if (min === max) return ranks.map(() => min);
  const scale = BUCKETS / (max - min);
  if (!Number.isFinite(scale)) {
    // a range too small to divide into buckets (subnormal differences): sort
    values.sort();
    return ranks.map((r) => values[r]);
  }
  const last = BUCKETS - 1;
  const counts = new Int32Array(BUCKETS + 1);
  for (let i = 0; i < n; i++) {
    const b = ((values[i] - min) * scale) | 0;
    counts[b > last ? last : b]++;
  }
  // cumulative start of each bucket
  const start = new Int32Array(BUCKETS + 1);
  for (let b = 0; b < BUCKETS; b++) start[b + 1] = start[b] + counts[b];
  // buckets that hold a wanted rank, and where each gathers into the scratch array
  const slot = new Int32Array(BUCKETS).fill(-1);
  const marked: number[] = [];
  let b = 0;
  for (const r of ranks) {
    while (start[b + 1] <= r) b++;
    if (slot[b] < 0) {
      slot[b] = 0;
      marked.push(b);
    }
  }
  let size = 0;
  for (const m of marked) {
    slot[m] = size;
    size += counts[m];
  }
  const gathered = new Float64Array(size);
  const fill = Int32Array.from(marked.map((m) => slot[m]));
  const fillOf = new Int32Array(BUCKETS).fill(-1);
  marked.forEach((m, k) => {
    fillOf[m] = k;
  });
  for (let i = 0; i < n; i++) {
    const x = values[i];
    let bucket = ((x - min) * scale) | 0;
    if (bucket > last) bucket = last;
    const k = fillOf[bucket];
    if (k >= 0) gathered[fill[k]++] = x;
  }
  return ranks.map((r) => {
    let bucket = 0;
    while (start[bucket + 1] <= r) bucket++;
    const segment = gathered.subarray(slot[bucket], slot[bucket] + counts[bucket]);
    // a crowded bucket is split again, unless it holds everything (then bucketing cannot help)
    const crowded = segment.length * 8 > n && segment.length < n;
    return crowded ? valuesAtRanks(segment.slice(), [r - start[bucket]])[0] : sortedOnce(segment)[r - start[bucket]];
  });
}

/** Type-7 interpolation between the order statistics at the ranks ⌊(n − 1)p⌋ and the next (held in `at`). */
function interpolate(ps: readonly number[], n: number, at: Map<number, number>): number[] {
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const frac = h - lo;
    const x = at.get(lo) as number;
    return frac === 0 ? x : x + frac * ((at.get(lo + 1) as number) - x);
  });
}

const sortedSegments = new WeakSet<Float64Array>();
function sortedOnce(segment: Float64Array): Float64Array {
  if (!sortedSegments.has(segment)) {
    segment.sort();
    sortedSegments.add(segment);
  }
  return segment;
}

/**
 * Type-7 percentiles of `values` for each p in `ps` (in [0, 1]). May reorder `values`.
 * Example: `quantilesInPlace(Float64Array.of(3, 1, 2), [0.5])` is `[2]`.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  const wanted = new Set<number>();
  for (const p of ps) {
    const lo = Math.floor((n - 1) * p);
    wanted.add(lo);
    if (lo + 1 < n) wanted.add(lo + 1);
  }
  const ranks = [...wanted].sort((a, b) => a - b);
  const at = new Map<number, number>();
  valuesAtRanks(values, ranks).forEach((v, i) => at.set(ranks[i], v));
  return interpolate(ps, n, at);
}

/** Bits of a double's high word dropped for its bucket: 19 bits are left (sign, exponent, 7 mantissa bits: 1/128 of an octave). */
const KEY_SHIFT = 13;
const NEGATIVE_KEY = 1 << (31 - KEY_SHIFT);
/** Count per bucket key; only the range a column touched is nonzero, and it is cleared after use. */
const keyCounts = new Int32Array(1 << (32 - KEY_SHIFT));
/** Per bucket key: where its values are gathered (−1: not needed). */
const keySlots = new Int32Array(1 << (32 - KEY_SHIFT)).fill(-1);
let gathered = new Float64Array(4096);

/** A column's sum and the range of its bucket keys, from the one pass that also counts the keys. */
export interface ColumnPass {
  readonly sum: number;
  readonly minKey: number;
  readonly maxKey: number;
}

/**
 * Values per call of a column pass's loop. Short calls let the JIT optimize the loop as a
 * function; a call over a whole column is optimized while it runs (on-stack replacement) and,
 * never having run its last lines before, was deoptimized at its end on every column (measured
 * with --trace-deopt: 136 times in a 100k-trial run).
 */
export const PASS_CHUNK = 4096;

/** Running sum, smallest and largest key of a pass (one pass at a time in a thread). */
const passState = new Float64Array(3);

/** Adds values[from, to) to the running sum in order and counts their keys. */
function countRange(values: Float64Array, hi: Uint32Array, from: number, to: number, state: Float64Array): void {
  let sum = state[0];
  let minKey = state[1];
  let maxKey = state[2];
  for (let i = from; i < to; i++) {
    sum += values[i];
    const key = hi[2 * i + 1] >>> KEY_SHIFT;
    keyCounts[key]++;
    if (key < minKey) minKey = key;
    if (key > maxKey) maxKey = key;
  }
  state[0] = sum;
  state[1] = minKey;
  state[2] = maxKey;
}

/**
 * One pass over a column: its sum (in order) and a count of its values per bucket of the high
 * word of their bits (for x ≥ 0 the high 32 bits of an IEEE double order like x). Pair it with
 * `quantilesFromPass`, which reads and clears the counts.
 */
export function sumAndCount(values: Float64Array): ColumnPass {
  const n = values.length;
  const hi = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  passState[0] = 0;
  passState[1] = 0x7fffffff;
  passState[2] = 0;
  for (let from = 0; from < n; from += PASS_CHUNK) countRange(values, hi, from, Math.min(n, from + PASS_CHUNK), passState);
  return { sum: passState[0], minKey: passState[1], maxKey: passState[2] };
}

/** Clears the counts a pass left. */
export function clearPass(pass: ColumnPass): void {
  if (pass.maxKey >= pass.minKey) keyCounts.fill(0, pass.minKey, pass.maxKey + 1);
}

/** Copies the values of the marked buckets into `out` at their slots (fill positions advance). */
function gatherBuckets(values: Float64Array, hi: Uint32Array, n: number, fill: Int32Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const k = keySlots[hi[2 * i + 1] >>> KEY_SHIFT];
    if (k >= 0) out[fill[k]++] = values[i];
  }
}

/**
 * Type-7 percentiles of a column after `sumAndCount`, by radix selection: the counts locate the
 * bucket of each wanted rank, one more pass gathers only those buckets' values, which are sorted.
 * Exact; reorders nothing (a small column, or one with a negative value, goes to `quantilesInPlace`
 * on a copy). Clears the pass's counts.
 */
export function quantilesFromPass(values: Float64Array, ps: readonly number[], pass: ColumnPass): number[] {
  const n = values.length;
  if (n <= SMALL || pass.maxKey >= NEGATIVE_KEY) {
    clearPass(pass);
    // on a copy: a column is never reordered, so another thread may read it meanwhile
    return quantilesInPlace(values.slice(), ps);
  }
  const ranks: number[] = [];
  for (const p of ps) {
    const lo = Math.floor((n - 1) * p);
    ranks.push(lo);
    if (lo + 1 < n) ranks.push(lo + 1);
  }
  ranks.sort((x, y) => x - y);
  const bucketOfRank = new Int32Array(ranks.length);
  const startOfRank = new Int32Array(ranks.length);
  const marked: number[] = [];
  let b = pass.minKey;
  let start = 0;
  ranks.forEach((r, j) => {
    while (start + keyCounts[b] <= r) start += keyCounts[b++];
    bucketOfRank[j] = b;
    startOfRank[j] = start;
    if (marked[marked.length - 1] !== b) marked.push(b);
  });
  const fill = new Int32Array(marked.length);
  const segment = new Int32Array(marked.length + 1);
  marked.forEach((bucket, k) => {
    keySlots[bucket] = k;
    segment[k + 1] = segment[k] + keyCounts[bucket];
    fill[k] = segment[k];
  });
  clearPass(pass);
  if (gathered.length < segment[marked.length]) gathered = new Float64Array(segment[marked.length] * 2);
  gatherBuckets(values, new Uint32Array(values.buffer, values.byteOffset, 2 * n), n, fill, gathered);
  for (let k = 0; k < marked.length; k++) {
    gathered.subarray(segment[k], segment[k + 1]).sort();
    keySlots[marked[k]] = -1;
  }
  const at = new Map<number, number>();
  ranks.forEach((r, j) => {
    const k = marked.indexOf(bucketOfRank[j]);
    at.set(r, gathered[segment[k] + r - startOfRank[j]]);
  });
  return interpolate(ps, n, at);
}
