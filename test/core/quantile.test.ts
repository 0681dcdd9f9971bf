/**
 * Type-7 percentiles (numpy's default, R's quantile type 7): h = (n − 1)·p,
 * Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]) over the sorted values x.
 */
import { describe, expect, it } from 'vitest';
import { quantilesFromPass, quantilesInPlace, sumAndCount } from '../../src/core/quantile.ts';
import { nextUniform, seedStream } from '../../src/core/rng.ts';

/** Reference: sort a copy and interpolate. */
function type7(values: ArrayLike<number>, p: number): number {
  const x = Float64Array.from(values).sort();
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < x.length ? x[lo] + (h - lo) * (x[lo + 1] - x[lo]) : x[lo];
}

const q = (values: number[], ps: number[]): number[] => quantilesInPlace(Float64Array.from(values), ps);

describe('quantilesInPlace (type 7)', () => {
  it('matches numpy.percentile by hand: [1, 2, 3, 4] at p = 0.25 is 1.75', () => {
    // h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1)
    expect(q([1, 2, 3, 4], [0.25])).toEqual([1.75]);
    expect(q([4, 1, 3, 2], [0, 0.25, 0.5, 0.75, 1])).toEqual([1, 1.75, 2.5, 3.25, 4]);
  });

  it('matches numpy.percentile([10, 20, 30, 40, 50], [5, 10, 90, 95])', () => {
    // numpy: [12., 14., 46., 48.]
    const [p5, p10, p90, p95] = q([50, 10, 40, 20, 30], [0.05, 0.1, 0.9, 0.95]);
    expect(p5).toBeCloseTo(12, 12);
    expect(p10).toBeCloseTo(14, 12);
    expect(p90).toBeCloseTo(46, 12);
    expect(p95).toBeCloseTo(48, 12);
  });

  it('the example in its TSDoc: quantilesInPlace([3, 1, 2], [0.5]) is [2]', () => {
    expect(quantilesInPlace(Float64Array.of(3, 1, 2), [0.5])).toEqual([2]);
  });

  it('n = 1: every percentile is the one value', () => {
    expect(q([42], [0, 0.05, 0.5, 0.95, 1])).toEqual([42, 42, 42, 42, 42]);
  });

  it('n = 0 gives NaN (there is no percentile of nothing)', () => {
    expect(quantilesInPlace(new Float64Array(0), [0.5])).toEqual([Number.NaN]);
  });

  it('ties: [1, 5, 5, 5] has median 5; all-equal values give that value', () => {
    expect(q([5, 5, 1, 5], [0.5])).toEqual([5]);
    expect(q([5, 5, 1, 5], [0.25])).toEqual([4]); // h = 0.75 → 1 + 0.75·4
    expect(q([7, 7, 7, 7, 7, 7], [0.05, 0.5, 0.95])).toEqual([7, 7, 7]);
  });

  it('p in any order, repeated p', () => {
    expect(q([1, 2, 3, 4], [0.75, 0.25, 0.75])).toEqual([3.25, 1.75, 3.25]);
  });

  it('agrees with sort-and-interpolate on random data of many sizes, with and without ties', () => {
    const state = new Int32Array(4);
    seedStream(state, 1, 2, 3);
    const ps = [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];
    for (const n of [1, 2, 3, 5, 10, 99, 1024, 1025, 2000, 5000, 30_000]) {
      for (const ties of [false, true]) {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = ties ? Math.floor(nextUniform(state) * 7) : Math.exp(3 * nextUniform(state));
        const expected = ps.map((p) => type7(values, p));
        expect(quantilesInPlace(values.slice(), ps), `n=${n} ties=${ties}`).toEqual(expected);
      }
    }
  });

  it('large samples concentrated in one spot: a spike of zeros with a long tail', () => {
    // many equal values in one bucket plus a few far away (a field floored to 0 in most trials)
    const n = 10_000;
    const values = new Float64Array(n);
    for (let i = 0; i < 50; i++) values[i] = 1e6 + i;
    const ps = [0.05, 0.5, 0.995, 0.999];
    expect(quantilesInPlace(values.slice(), ps)).toEqual(ps.map((p) => type7(values, p)));
  });

  it('values close together relative to their size (range far below the spacing of the buckets)', () => {
    const n = 5000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = 1 + (i % 3) * Number.EPSILON;
    const ps = [0.1, 0.5, 0.9];
    expect(quantilesInPlace(values.slice(), ps)).toEqual(ps.map((p) => type7(values, p)));
  });

  // Bug: for more than 1024 values whose range max − min is below ~4096/Number.MAX_VALUE
  // (about 2.3e-305: e.g. zeros and subnormal numbers), scale = 4096/(max − min) is Infinity,
  // every (x − min)·scale | 0 is 0, all values land in bucket 0, and valuesAtRanks recurses on
  // the same data forever: "RangeError: Maximum call stack size exceeded". Expected [0, 5e-324].
  // A valid scenario reaches it: 2000 trials of a field with rate uniform(−0.99999, −0.9999)
  // over 80 years (its values underflow to zeros and subnormals); see properties.test.ts.
  it('finite values with a subnormal range: 1000 zeros and 1000 × 5e-324', () => {
    const values = new Float64Array(2000);
    values.fill(5e-324, 1000);
    expect(quantilesInPlace(values, [0.25, 0.75])).toEqual([0, 5e-324]);
  });
});

describe("radix selection on the bits of non-negative values (the kernel's columns)", () => {
  /** Type-7 by full sort, the reference. */
  function sorted7(values: Float64Array, ps: readonly number[]): number[] {
    const s = values.slice().sort();
    return ps.map((p) => {
      const h = (s.length - 1) * p;
      const lo = Math.floor(h);
      return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
    });
  }
  const ps = [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1];
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };

  it.each([
    ['lognormal spread', () => Math.exp(3 + 2 * Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next()))],
    ['many zeros and ties', (i: number) => (i % 3 === 0 ? 0 : Math.floor(next() * 20))],
    ['a range of 1e-300 to 1e300', () => 10 ** (600 * next() - 300)],
    ['all in one bucket', () => 1000 + next() * 1e-9],
  ])('equals a full sort exactly: %s', (_, gen) => {
    for (const n of [1025, 5000, 40_000]) {
      const values = Float64Array.from({ length: n }, (_, i) => (gen as (i: number) => number)(i));
      const copy = values.slice();
      const pass = sumAndCount(values);
      expect(quantilesFromPass(values, ps, pass)).toEqual(sorted7(copy, ps));
      expect(values).toEqual(copy); // reorders nothing
      // the counts were cleared: a second column gives its own answer
      const other = Float64Array.from({ length: n }, () => next() * 7);
      expect(quantilesFromPass(other, ps, sumAndCount(other))).toEqual(sorted7(other, ps));
    }
  });

  it('falls back to sorting when a value is negative', () => {
    const values = Float64Array.from({ length: 3000 }, (_, i) => (i % 2 ? -i : i));
    const reference = sorted7(values, ps);
    expect(quantilesFromPass(values, ps, sumAndCount(values))).toEqual(reference);
  });
});
