/**
 * Every limit and default of the engine, in one place: the schema, the CLI, the API and the page
 * read them from here (DESIGN.md: defaults live in one place and are passed in).
 */

/** Most trials one run may have anywhere (the API may set a lower limit). */
export const MAX_TRIALS = 5_000_000;
/** Seeds are whole numbers from 0 to this (32 bits). */
export const SEED_MAX = 4_294_967_295;
/** Most years after baseYear. */
export const MAX_STEPS = 60;
/** Most fields in a scenario (the plan has 16): bounds the size of a result. */
export const MAX_FIELDS = 100;
/** Trials of the required-uplift search: its least and most. */
export const UPLIFT_TRIALS_MIN = 100;
export const UPLIFT_TRIALS_MAX = 1_000_000;

/** Defaults of a run. */
export const RUN_DEFAULTS = {
  /** Trials (the first ones) used for the required-uplift bisection. */
  upliftTrials: 20_000,
  /** Runs with fewer trials stay in the caller's thread unless a pool is asked for: the hand-off to workers costs more than it saves. */
  minTrialsForPool: 20_000,
  /**
   * Most bytes one run may hold (per-trial state, one year's values, reached flags, replay
   * records); a run that needs more is refused with the trials that would fit. An adapter may
   * pass a smaller budget.
   */
  memoryBudgetBytes: 4 * 1024 * 1024 * 1024,
} as const;
