import { betaInverse } from '../special.ts';
import { dist, require, type Distribution } from './types.ts';

/**
 * PERT on [min, max] with mode: min + (max − min)·Beta(α, β), α = 1 + λ(mode − min)/(max − min),
 * β = 1 + λ(max − mode)/(max − min), λ = 4 by default; mean (min + λ·mode + max)/(λ + 2).
 * Data: a = min, b = max − min, c = α, d = β.
 */
export const pert: Distribution = {
  keys: ['min', 'mode', 'max', 'lambda'],
  make(p, path, issues) {
    const { min, mode, max } = p;
    const lambda = p.lambda ?? 4;
    const ok1 = require(mode >= min, issues, path, 'mode', `must be ≥ min (${min}), got ${mode}`);
    const ok2 = require(max >= mode, issues, path, 'max', `must be ≥ mode (${mode}), got ${max}`);
    if (!ok1 || !ok2) return undefined;
    const range = max - min;
    if (range === 0) return dist('fixed', { a: min }, min, min, max);
    const alpha = 1 + (lambda * (mode - min)) / range;
    const beta = 1 + (lambda * (max - mode)) / range;
    return dist('pert', { a: min, b: range, c: alpha, d: beta }, min + range * betaInverse(0.5, alpha, beta), min, max);
  },
};
