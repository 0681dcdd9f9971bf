import type { Distribution } from './types.ts';

/** A fixed value: every quantile is `value`. */
export const fixed: Distribution = {
  keys: ['value'],
  make(p) {
    const value = p.value;
    return { q: () => value, median: value, min: value, max: value };
  },
};
