/** The registry of growth models: a new model is one file and one line here; the kernel and the replay dispatch on it. */
import { cagrModel } from './cagr.ts';
import { logisticModel } from './logistic.ts';
import type { GrowthModel } from './types.ts';

export type GrowthModelName = 'cagr' | 'logistic';

/** The models by name; a field's numeric model code is the name's index in `growthModelNames`. */
const growthModels = { cagr: cagrModel, logistic: logisticModel } satisfies Record<GrowthModelName, GrowthModel>;

/** Model names in code order. */
export const growthModelNames = Object.keys(growthModels) as GrowthModelName[];

/** The model of a numeric code. */
export function growthModelOf(code: number): GrowthModel {
  return growthModels[growthModelNames[code]];
}

export type { GrowthModel } from './types.ts';
