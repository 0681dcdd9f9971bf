/**
 * Each trial's bin of every input for the run's free sensitivity (analysis/run-sensitivity.ts):
 * the input's uniform (the design's or the seeded hash's, as the draws use it) in M equal bins,
 * written into an inputs × trials byte table (a row per input) for trials [from, to) below the tier's trials.
 */
import type { FreeTier } from '../analysis/run-sensitivity.ts';
import type { DrawSource } from '../draws.ts';
import { Chunk, CHUNK, startPrefixes, uniforms } from './draw-column.ts';
import type { Layout } from './layout.ts';

/** Writes trials [from, to)'s bins (those below tier.trials) into `bins`, a row of tier.trials per input. */
export function binTrials(layout: Layout, src: DrawSource, tier: FreeTier, bins: Uint8Array, from: number, to: number): void {
  const end = Math.min(to, tier.trials);
  if (end <= from) return;
  const ch = new Chunk(0);
  for (let c0 = from; c0 < end; c0 += CHUNK) {
    const n = Math.min(CHUNK, end - c0);
    startPrefixes(src, c0, n, ch);
    for (let i = 0; i < tier.width; i++) {
      uniforms(src, i, layout.keys[i], c0, n, ch, ch.u);
      toBins(ch.u, bins, i * tier.trials + c0, tier.bins, n);
    }
  }
}

/** bins[at + k] = ⌊u[k] · M⌋ (a leaf loop). */
function toBins(u: Float64Array, bins: Uint8Array, at: number, M: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const b = Math.floor(u[k] * M);
    bins[at + k] = b < M ? b : M - 1;
  }
}
