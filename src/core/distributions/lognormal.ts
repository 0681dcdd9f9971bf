import { Z90 } from '../special.ts';
import { dist, locationScale, type Distribution } from './types.ts';

/** Lognormal: exp(mu + sigma·Z) (a = mu, b = sigma), or from a 90% interval: mu = (ln low + ln high)/2, sigma = (ln high − ln low)/(2·Φ⁻¹(0.95)). */
export const lognormal: Distribution = {
  keys: ['mu', 'sigma', 'low', 'high'],
  make(p, path, issues) {
    const ms = locationScale(p, path, issues, ['mu', 'sigma'], 'lognormal', (low, high) =>
      low > 0
        ? [(Math.log(low) + Math.log(high)) / 2, (Math.log(high) - Math.log(low)) / (2 * Z90)]
        : `must be > 0 for a lognormal, got ${low} (use dist: normal for values that can be negative)`,
    );
    if (!ms) return undefined;
    const [mu, sigma] = ms;
    const median = Math.exp(mu);
    return dist('lognormal', { a: mu, b: sigma }, median, sigma === 0 ? median : Number.MIN_VALUE, sigma === 0 ? median : Infinity);
  },
};
