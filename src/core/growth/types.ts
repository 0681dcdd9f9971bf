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
   * What the replay record keeps of a year's inputs: the growth g (false) or the coefficient
   * (true), whichever lets the replay shift it by δ most cheaply.
   */
  readonly recordsCoefficient: boolean;
  /**
   * The coefficient at growth g + δ as a JavaScript expression of the recorded value's variable
   * name, with `delta` (δ) and `expNegDelta` (e^(−δ)) in scope; at δ = 0 it gives the kernel's
   * coefficient bit for bit.
   */
  shiftedSource(recorded: string): string;
  /**
   * How much a year's step can grow with the shift δ ≥ 0, for the uplift search's bound
   * (uplift-bound.ts), given last year's value is at most λ times its value at δ = 0: 'factor', the
   * recorded g makes the step's factor 1 + g, and this year's is at most λ · (1 + δ / (1 + g)) times
   * (while 1 + g > 0); 'decay', the recorded coefficient d = e^(−r) ≤ 1, and this year's is at most
   * max(λ, 1) · e^δ times. Undefined: no bound is known (the search replays every undecided trial).
   */
  readonly shiftBound?: 'factor' | 'decay';
  /** One year's step from `valueCnyBn` with coefficient `a` and capacity `k` (bn yuan). */
  step(valueCnyBn: number, a: number, k: number): number;
  /** The same step as a JavaScript expression of the variable names given (for the generated kernel): the same arithmetic, so both give the same bits. */
  source(value: string, a: string, k: string): string;
}
