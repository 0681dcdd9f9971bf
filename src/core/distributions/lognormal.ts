import { probit, Z90 } from '../special.ts';
import { require, type Distribution } from './types.ts';

/** Lognormal: exp(mu + sigma·Z), or from a 90% interval: mu = (ln low + ln high)/2, sigma = (ln high − ln low)/(2·Φ⁻¹(0.95)). */
export const lognormal: Distribution = {
  keys: ['mu', 'sigma', 'low', 'high'],
  make(p, path, issues) {
    let mu: number;
    let sigma: number;
    if (p.low !== undefined || p.high !== undefined) {
      if (!require(p.mu === undefined && p.sigma === undefined, issues, path, 'low', 'give either mu and sigma, or low and high, not both')) return undefined;
      if (!require(p.low !== undefined && p.high !== undefined, issues, path, p.low === undefined ? 'low' : 'high', 'is missing: a 90% interval needs both low and high')) return undefined;
      if (!require(p.low > 0, issues, path, 'low', `must be > 0 for a lognormal, got ${p.low} (use dist: normal for values that can be negative)`)) return undefined;
      if (!require(p.high > p.low, issues, path, 'high', `must be > low (${p.low}), got ${p.high}`)) return undefined;
      mu = (Math.log(p.low) + Math.log(p.high)) / 2;
      sigma = (Math.log(p.high) - Math.log(p.low)) / (2 * Z90);
    } else {
      if (!require(p.mu !== undefined && p.sigma !== undefined, issues, path, p.mu === undefined ? 'mu' : 'sigma', 'is missing: lognormal needs mu and sigma (of the log), or low and high')) return undefined;
      if (!require(p.sigma >= 0, issues, path, 'sigma', `must be ≥ 0, got ${p.sigma}`)) return undefined;
      mu = p.mu;
      sigma = p.sigma;
    }
    const median = Math.exp(mu);
    return { q: (u) => Math.exp(mu + sigma * probit(u)), median, min: sigma === 0 ? median : Number.MIN_VALUE, max: sigma === 0 ? median : Infinity };
  },
};
