import { Z90 } from '../special.ts';
import { dist, locationScale, type Distribution } from './types.ts';

/** Normal(mean = a, sd = b), or from a 90% interval: mean = (low + high)/2, sd = (high − low)/(2·Φ⁻¹(0.95)). */
export const normal: Distribution = {
  keys: ['mean', 'sd', 'low', 'high'],
  make(p, path, issues) {
    const ms = locationScale(p, path, issues, ['mean', 'sd'], 'normal', (low, high) => [(low + high) / 2, (high - low) / (2 * Z90)]);
    if (!ms) return undefined;
    const [mean, sd] = ms;
    return dist('normal', { a: mean, b: sd }, mean, sd === 0 ? mean : -Infinity, sd === 0 ? mean : Infinity);
  },
};
