/** The registry of growth models: a new model is one file, one line here and one case in the kernel. */
import { cagr } from './cagr.ts';
import { logistic } from './logistic.ts';

export type GrowthModelName = 'cagr' | 'logistic';

/** Numeric code of each model, read by the simulation kernel. */
export const growthModelCode = { cagr: 0, logistic: 1 } as const satisfies Record<GrowthModelName, number>;

/** Step functions by name. */
export const growthModels = { cagr, logistic } satisfies Record<GrowthModelName, (...args: number[]) => number>;
