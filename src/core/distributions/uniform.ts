import { dist, require, type Distribution } from './types.ts';

/** Uniform on [min, max] (a = min, b = max − min): q(u) = min + u·(max − min). */
export const uniform: Distribution = {
  keys: ['min', 'max'],
  make(p, path, issues) {
    const { min, max } = p;
    if (!require(max >= min, issues, path, 'max', `must be ≥ min (${min}), got ${max}`)) return undefined;
    return dist('uniform', { a: min, b: max - min }, (min + max) / 2, min, max);
  },
};
