import { dist, require, type Distribution } from './types.ts';

/** Triangular on [min, max] with mode (a = min, b = max, c = mode): the closed-form inverse CDF. */
export const triangular: Distribution = {
  keys: ['min', 'mode', 'max'],
  make(p, path, issues) {
    const { min, mode, max } = p;
    const ok1 = require(mode >= min, issues, path, 'mode', `must be ≥ min (${min}), got ${mode}`);
    const ok2 = require(max >= mode, issues, path, 'max', `must be ≥ mode (${mode}), got ${max}`);
    if (!ok1 || !ok2) return undefined;
    if (max === min) return dist('fixed', { a: min }, min, min, max);
    const data = dist('triangular', { a: min, b: max, c: mode }, 0, min, max);
    return { ...data, median: triangularQuantile(data, 0.5) };
  },
};

/** The triangular quantile: min + √(u·(max − min)·(mode − min)) below the mode's share, else max − √((1 − u)·(max − min)·(max − mode)). */
export function triangularQuantile(d: { readonly a: number; readonly b: number; readonly c: number }, u: number): number {
  const range = d.b - d.a;
  return u < (d.c - d.a) / range ? d.a + Math.sqrt(u * range * (d.c - d.a)) : d.b - Math.sqrt((1 - u) * range * (d.b - d.c));
}

/** The triangular density at x. */
export function triangularDensity(d: { readonly a: number; readonly b: number; readonly c: number }, x: number): number {
  const range = d.b - d.a;
  if (x < d.a || x > d.b) return 0;
  return x < d.c ? (2 * (x - d.a)) / (range * (d.c - d.a)) : x > d.c ? (2 * (d.b - x)) / (range * (d.b - d.c)) : 2 / range;
}
