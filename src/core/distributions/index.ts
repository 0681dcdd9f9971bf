/** The registry of distribution families: a new family is one file and one line here (and a case in `quantileOf`). */
import { betaQuantile, probit } from '../special.ts';
import { fixed } from './fixed.ts';
import { lognormal } from './lognormal.ts';
import { normal } from './normal.ts';
import { pert } from './pert.ts';
import { triangular, triangularQuantile } from './triangular.ts';
import type { DistData, Distribution, ResolvedDist } from './types.ts';
import { uniform } from './uniform.ts';

export type DistName = 'fixed' | 'normal' | 'lognormal' | 'uniform' | 'triangular' | 'pert';

export const distributions = { fixed, normal, lognormal, uniform, triangular, pert } satisfies Record<DistName, Distribution>;

/** The quantile function of a resolved distribution (exact closed forms; PERT through its beta table). */
export function quantileOf(d: DistData): (u: number) => number {
  const { a, b } = d;
  switch (d.family) {
    case 'fixed':
      return () => a;
    case 'normal':
      return (u) => a + b * probit(u);
    case 'lognormal':
      return (u) => Math.exp(a + b * probit(u));
    case 'uniform':
      return (u) => a + u * b;
    case 'triangular':
      return (u) => triangularQuantile(d, u);
    case 'pert': {
      const beta = betaQuantile(d.c, d.d);
      return (u) => (u <= 0 ? a : u >= 1 ? a + b : a + b * beta(u));
    }
    default:
      return d.family satisfies never;
  }
}

/** Adds the quantile function to resolved data. */
export function resolved(d: DistData): ResolvedDist {
  return { ...d, q: quantileOf(d) };
}

export type { DistData, Distribution, ResolvedDist } from './types.ts';
