import { dist, type Distribution } from './types.ts';

/** A fixed value (a = value): every quantile is `value`. */
export const fixed: Distribution = {
  keys: ['value'],
  make(p) {
    return dist('fixed', { a: p.value }, p.value, p.value, p.value);
  },
};
