import { probit, Z90 } from '../special.ts';
import { require, type Distribution } from './types.ts';

/** Normal(mean, sd), or from a 90% interval: mean = (low + high)/2, sd = (high − low)/(2·Φ⁻¹(0.95)). */
export const normal: Distribution = {
  keys: ['mean', 'sd', 'low', 'high'],
  make(p, path, issues) {
    let mean: number;
    let sd: number;
    if (p.low !== undefined || p.high !== undefined) {
      if (!require(p.mean === undefined && p.sd === undefined, issues, path, 'low', 'give either mean and sd, or low and high, not both')) return undefined;
      if (!require(p.low !== undefined && p.high !== undefined, issues, path, p.low === undefined ? 'low' : 'high', 'is missing: a 90% interval needs both low and high')) return undefined;
      if (!require(p.high > p.low, issues, path, 'high', `must be > low (${p.low}), got ${p.high}`)) return undefined;
      mean = (p.low + p.high) / 2;
      sd = (p.high - p.low) / (2 * Z90);
    } else {
      if (!require(p.mean !== undefined && p.sd !== undefined, issues, path, p.mean === undefined ? 'mean' : 'sd', 'is missing: normal needs mean and sd (or low and high)')) return undefined;
      if (!require(p.sd >= 0, issues, path, 'sd', `must be ≥ 0, got ${p.sd}`)) return undefined;
      mean = p.mean;
      sd = p.sd;
    }
    return { q: (u) => mean + sd * probit(u), median: mean, min: sd === 0 ? mean : -Infinity, max: sd === 0 ? mean : Infinity };
  },
};
