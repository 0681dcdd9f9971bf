/**
 * Each trial's quantile u of every model input: the uniform the kernel turned into the input's
 * draw (rng.ts uniformAt of the run's seed, the trial and the input's key, or the design's
 * column), so analyses bin inputs by probability without sorting their values.
 */
import type { DrawDesign } from '../draws.ts';
import type { CompiledModel } from '../model.ts';
import { uniformAt } from '../rng.ts';

/** Per input, its uniforms over trials 0 … trials − 1 of a run with this seed and design. */
export function inputQuantiles(model: CompiledModel, seed: number, trials: number, design?: DrawDesign): Float64Array[] {
  const columnOf = new Map(design?.columns.map((path, c) => [path, c]));
  return model.inputs.map((input) => {
    const u = new Float64Array(trials);
    const c = columnOf.get(input.path);
    if (design && c !== undefined) for (let j = 0; j < trials; j++) u[j] = design.values[j * design.columns.length + c];
    else for (let j = 0; j < trials; j++) u[j] = uniformAt(seed, j, input.key);
    return u;
  });
}
