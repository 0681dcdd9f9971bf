/**
 * Each trial's bin of every input for the run's free sensitivity (analysis/run-sensitivity.ts),
 * written as the draws are made: where an input is first drawn, its uniforms (the design's or
 * the seeded hash's) are in the chunk's scratch before they become values, and their bins cost
 * a pass over a chunk instead of a second hash per trial and input (measured: 6 ms of a 10k
 * baseline run when hashed again). The table is inputs × trials (a row of `rows` per input).
 */

/** Where a chunk's bins go (RunBuffers.bins and the tier's shape). */
export interface BinSink {
  readonly table: Uint8Array;
  /** Trials binned (the first ones): the table's row length. */
  readonly rows: number;
  /** Bins per input. */
  readonly bins: number;
}

/** Writes the bins of input `input` for trials first … first + n − 1 (those below sink.rows) from their uniforms u. */
export function binChunk(sink: BinSink, input: number, u: Float64Array, first: number, n: number): void {
  const end = Math.min(n, sink.rows - first);
  const M = sink.bins;
  const table = sink.table;
  const at = input * sink.rows + first;
  for (let k = 0; k < end; k++) {
    const b = Math.floor(u[k] * M);
    table[at + k] = b < M ? b : M - 1;
  }
}
