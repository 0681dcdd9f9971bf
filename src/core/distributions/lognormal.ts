import { probit, Z90 } from '../special.ts';
import { locationScale, type Distribution } from './types.ts';

/** Lognormal: exp(mu + sigma·Z), or from a 90% interval: mu = (ln low + ln high)/2, sigma = (ln high − ln low)/(2·Φ⁻¹(0.95)). */
export const lognormal: Distribution = {
  keys: ['mu', 'sigma', 'low', 'high'],
  make(p, path, issues) {
    const ms = locationScale(p, path, issues, ['mu', 'sigma'], 'lognormal', (low, high) =>
      low > 0 ? [(Math.log(low) + Math.log(high)) / 2, (Math.log(high) - Math.log(low)) / (2 * Z90)] : `must be > 0 for a lognormal, got ${low} (use dist: normal for values that can be negative)`,
    );
    if (!ms) return undefined;
    const [mu, sigma] = ms;
    const median = Math.exp(mu);
    return { q: (u) => Math.exp(mu + sigma * probit(u)), median, min: sigma === 0 ? median : Number.MIN_VALUE, max: sigma === 0 ? median : Infinity };
  },
};
