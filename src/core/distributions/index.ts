/** The registry of distribution families: a new family is one file and one line here. */
import { fixed } from './fixed.ts';
import { lognormal } from './lognormal.ts';
import { normal } from './normal.ts';
import { pert } from './pert.ts';
import { triangular } from './triangular.ts';
import type { Distribution } from './types.ts';
import { uniform } from './uniform.ts';

export type DistName = 'fixed' | 'normal' | 'lognormal' | 'uniform' | 'triangular' | 'pert';

export const distributions = { fixed, normal, lognormal, uniform, triangular, pert } satisfies Record<DistName, Distribution>;

export type { Distribution, ResolvedDist } from './types.ts';
