import { require, type Distribution } from './types.ts';

/** Uniform on [min, max]: q(u) = min + u·(max − min). */
export const uniform: Distribution = {
  keys: ['min', 'max'],
  make(p, path, issues) {
    const { min, max } = p;
    if (!require(max >= min, issues, path, 'max', `must be ≥ min (${min}), got ${max}`)) return undefined;
    return { q: (u) => min + u * (max - min), median: (min + max) / 2, min, max };
  },
};
