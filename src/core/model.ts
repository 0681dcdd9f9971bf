/**
 * The compiled model: what the kernel reads. Plain data only (numbers, strings, typed arrays), so
 * a worker thread receives it as it is and never compiles the scenario again.
 * Scope index: 0 total, 1..C clusters, C+1..C+F fields.
 */
import type { Overrides } from '../schema/overrides.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { DistData } from './distributions/index.ts';

/** What an analyst changes without editing the scenario (the page's sliders, CLI flags): schema/overrides.ts. */
export type { Overrides };

/** The group an uncertain input belongs to (for designs and sensitivity analysis). */
export type InputGroup = 'base' | 'growth' | 'capacity' | 'lever-delivery' | 'lever-effect' | 'event-impact';

/** One column of a run's draws: an uncertain parameter, or the common factor of a parameter group. */
export interface ModelInput {
  /** Stable path, by ids: `clusters.intelligence.fields.general-ai.growth.periods[0].rate`. */
  readonly path: string;
  readonly group: InputGroup;
  /** Stream key (from the path's ids): its draws depend on it, not on its position. */
  readonly key: number;
  /** True for the common factor of a parameterCorrelations entry (a standard normal score, not a parameter value). */
  readonly factor: boolean;
}

/** A parameter ready for sampling: its distribution per year step (0 = baseYear). */
export interface CompiledParam {
  /** Index of its column in `model.inputs`. */
  readonly input: number;
  /** Where the scenario states it (for messages): `clusters[1].fields[0].base`. */
  readonly where: string;
  /** Index of the parameter group whose common factor it shares (−1: independent). */
  copula: number;
  /** Loading on the group's factor, √ρ, and on its own draw, √(1 − ρ). */
  loading: number;
  ownLoading: number;
  /** True when the distribution is the same every year. */
  readonly constant: boolean;
  /** Distribution per step (the same object in consecutive steps with the same numbers). */
  readonly byStep: readonly DistData[];
}

export interface CompiledField {
  readonly id: string;
  readonly index: number;
  readonly cluster: number;
  readonly model: GrowthCode;
  readonly base: CompiledParam;
  /** cagr: one per period; logistic: the rate r. */
  readonly rates: readonly CompiledParam[];
  /** For steps 1..Y (index s − 1): which entry of `rates` applies. */
  readonly rateOfStep: Int32Array;
  readonly capacity: CompiledParam | undefined;
  readonly sigma: number;
  /**
   * Steps (1..Y) at which the field's growth inputs change (a new period, a distribution that
   * varies by year, a lever that does): the kernel draws them again there. Always starts with 1.
   */
  readonly changeSteps: Int32Array;
}

/** Numeric code of a growth model (its index in the registry's list). */
export type GrowthCode = number;

export interface CompiledEvent {
  readonly id: string;
  /** Stream key of its occurrences. */
  readonly key: number;
  readonly fields: Int32Array;
  /** Probability per step 0..Y (0 outside the window; a forced event: 1 in its year, 0 elsewhere). */
  readonly probabilityByStep: Float64Array;
  readonly impact: CompiledParam;
  /** Multiplier of each drawn impact (the scenario's impactScale times the override's; 1 = as drawn): the factor is max(0, 1 + impact·scale). */
  readonly impactScale: number;
}

export interface CompiledEffect {
  readonly param: CompiledParam;
  readonly fields: Int32Array;
}

export interface CompiledLever {
  readonly id: string;
  readonly delivery: CompiledParam;
  readonly effects: readonly CompiledEffect[];
}

export interface CompiledTarget {
  readonly id: string;
  readonly year: number;
  readonly step: number;
  readonly scope: string;
  /** 0 total, 1..C clusters, C+1..C+F fields. */
  readonly scopeIndex: number;
  readonly value: number;
  readonly label: string | undefined;
  /** Field indices summed by the scope. */
  readonly fields: Int32Array;
}

export interface CompiledModel {
  readonly scenario: Scenario;
  readonly baseYear: number;
  readonly endYear: number;
  /** Number of steps Y = endYear − baseYear. */
  readonly steps: number;
  readonly years: readonly number[];
  readonly fields: readonly CompiledField[];
  readonly clusters: readonly { readonly id: string; readonly fields: Int32Array }[];
  readonly fieldCluster: Int32Array;
  readonly sigma: Float64Array;
  /** Lower Cholesky factor of the noise correlation, row-major F×F; undefined when all σ are 0 or `factor` applies. */
  readonly cholesky: Float64Array | undefined;
  /**
   * Loadings [global, cluster, own] of the one-factor-per-level form of {withinCluster ρw,
   * acrossClusters ρa} with 0 ≤ ρa ≤ ρw ≤ 1: ε_i = √ρa·Z₀ + √(ρw − ρa)·Z_c + √(1 − ρw)·Z_i, which has
   * exactly that correlation and costs 3 multiplications per field instead of F/2. Undefined otherwise.
   */
  readonly factor: Float64Array | undefined;
  readonly events: readonly CompiledEvent[];
  readonly levers: readonly CompiledLever[];
  readonly targets: readonly CompiledTarget[];
  /** Growth shift per field from the scenario's growthShift and the overrides. */
  readonly shift: Float64Array;
  /** Input column of each parameter group's common factor. */
  readonly copulaInputs: Int32Array;
  /** Every uncertain input, in column order: the columns of a draw design. */
  readonly inputs: readonly ModelInput[];
  /** The overrides applied (as given). */
  readonly overrides: Overrides;
  readonly scopeIds: readonly string[];
  /** The central path per scope index (every parameter at its median, no noise, no events), aligned with years. */
  readonly central: readonly Float64Array[];
}
