import { require, type Distribution } from './types.ts';

/** Triangular on [min, max] with mode: the closed-form inverse CDF. */
export const triangular: Distribution = {
  keys: ['min', 'mode', 'max'],
  make(p, path, issues) {
    const { min, mode, max } = p;
    const ok1 = require(mode >= min, issues, path, 'mode', `must be ≥ min (${min}), got ${mode}`);
    const ok2 = require(max >= mode, issues, path, 'max', `must be ≥ mode (${mode}), got ${max}`);
    if (!ok1 || !ok2) return undefined;
    const range = max - min;
    if (range === 0) return { q: () => min, median: min, min, max };
    const split = (mode - min) / range;
    const q = (u: number): number => (u < split ? min + Math.sqrt(u * range * (mode - min)) : max - Math.sqrt((1 - u) * range * (max - mode)));
    return { q, median: q(0.5), min, max };
  },
};
