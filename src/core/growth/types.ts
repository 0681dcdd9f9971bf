/**
 * A growth model: one year's step of a field, split so the kernel can precompute what depends
 * only on the trial's draws. The year's growth g (rate + lever uplift + shift + δ) becomes a
 * coefficient once per change of inputs; the step applies it to last year's value (and the
 * capacity K for models that have one).
 */
export interface GrowthModel {
  /** Whether the model reads a capacity K (growth.capacity in the scenario). */
  readonly capacity: boolean;
  /** The coefficient of a year whose growth is g. */
  coefficient(growthPerYear: number): number;
  /** `coefficient` over a column: out[k] = coefficient(g[k]) for k < n. */
  coefficients(g: Float64Array, out: Float64Array, n: number): void;
  /**
   * One replayed year for several trials: for each row j < count (trial rows[j]) and each field
   * i in `fields`, values[j·F + i] = step(values[j·F + i], coefficient(g + δ), k) · m, reading g, k
   * and m of the trial's row in the planes that start at g0, k0 and m0 (the same arithmetic as
   * the kernel, so δ = 0 reproduces it bit for bit).
   */
  replayRows(values: Float64Array, record: Float64Array, g0: number, k0: number, m0: number, rows: Int32Array, count: number, fields: Int32Array, F: number, delta: number): void;
  /** One year's step from `valueCnyBn` with coefficient `a` and capacity `k` (bn yuan). */
  step(valueCnyBn: number, a: number, k: number): number;
  /** The same step as a JavaScript expression of the variable names given (for the generated kernel): the same arithmetic, so both give the same bits. */
  source(value: string, a: string, k: string): string;
}
