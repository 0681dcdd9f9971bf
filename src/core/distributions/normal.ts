import { probit, Z90 } from '../special.ts';
import { locationScale, type Distribution } from './types.ts';

/** Normal(mean, sd), or from a 90% interval: mean = (low + high)/2, sd = (high − low)/(2·Φ⁻¹(0.95)). */
export const normal: Distribution = {
  keys: ['mean', 'sd', 'low', 'high'],
  make(p, path, issues) {
    const ms = locationScale(p, path, issues, ['mean', 'sd'], 'normal', (low, high) => [(low + high) / 2, (high - low) / (2 * Z90)]);
    if (!ms) return undefined;
    const [mean, sd] = ms;
    return { q: (u) => mean + sd * probit(u), median: mean, min: sd === 0 ? mean : -Infinity, max: sd === 0 ? mean : Infinity };
  },
};
