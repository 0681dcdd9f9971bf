/** The kernel's leaf loops over a chunk's columns: strided copies, lever uplift, growth inputs, and storing base values and impact factors. */

/** dst[at + k·stride] = src[from + k] for k < n. */
export function scatter(dst: Float64Array, at: number, stride: number, src: Float64Array, n: number, from = 0): void {
  for (let k = 0; k < n; k++) dst[at + k * stride] = src[from + k];
}
/** dst[to + k] = src[at + k·stride] for k < n. */
export function gather(dst: Float64Array, src: Float64Array, at: number, stride: number, n: number, to = 0): void {
  for (let k = 0; k < n; k++) dst[to + k] = src[at + k * stride];
}
/** uplift[off + k] += effect[k] · (delivery[k] − 1). */
export function addEffect(uplift: Float64Array, off: number, effect: Float64Array, delivery: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) uplift[off + k] += effect[k] * (delivery[k] - 1);
}
/** g[k] = rate[k] + (uplift[off + k] + shift). */
export function growthInput(g: Float64Array, rate: Float64Array, uplift: Float64Array, off: number, shift: number, n: number): void {
  for (let k = 0; k < n; k++) g[k] = rate[k] + (uplift[off + k] + shift);
}
/** Base values max(0, b) into the state (stride F) and, for the first `recordRows` trials, the replay record (stride row). */
export function storeBases(
  values: Float64Array,
  state: Float64Array,
  at: number,
  F: number,
  record: Float64Array | undefined,
  recordAt: number,
  row: number,
  recordRows: number,
  n: number,
): void {
  for (let k = 0; k < n; k++) {
    const b = values[k];
    const v = b > 0 ? b : 0;
    state[at + k * F] = v;
    if (k < recordRows) (record as Float64Array)[recordAt + k * row] = v;
  }
}
/** Impact factors max(0, 1 + x·scale) (stride E; scale 1 leaves x as drawn, bit for bit). */
export function storeFactors(values: Float64Array, scale: number, impact: Float64Array, at: number, E: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const f = 1 + values[k] * scale;
    impact[at + k * E] = f > 0 ? f : 0;
  }
}
