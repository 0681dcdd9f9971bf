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
/** Most clusters in a scenario (the plan has 5). */
export const MAX_CLUSTERS = 50;
/** Most entries in one event's scope: every field, every cluster and total, each once. */
export const MAX_SCOPE_ENTRIES = MAX_FIELDS + MAX_CLUSTERS + 1;
/** Trials of the required-uplift search: its least and most. */
export const UPLIFT_TRIALS_MIN = 100;
export const UPLIFT_TRIALS_MAX = 1_000_000;

/** Longest scenario description, in characters. */
export const MAX_DESCRIPTION_LENGTH = 20_000;
/** Highest annual volatility σ of a field's log output in a scenario file (2 = 200%). */
export const MAX_VOLATILITY = 2;
/** Largest growth shift a scenario file may hold for one scope, either way (1 = ±100 pp a year). */
export const MAX_GROWTH_SHIFT = 1;
/** Largest lever delivery an override may ask for (1 = as planned). */
export const MAX_DELIVERY = 10;
/** Largest multiplier of every field's volatility an override may ask for. */
export const MAX_VOLATILITY_SCALE = 10;

/** Longest parameter expression, in characters (checked before it is parsed). */
export const MAX_EXPRESSION_LENGTH = 500;
/** Most problems one error lists (the rest are counted): an error stays small whatever its input. */
export const MAX_ISSUES = 100;
/** Problems a check collects at most before it stops looking (the shape check). */
export const ISSUE_SCAN_LIMIT = 10 * MAX_ISSUES;
/** Longest path or message of one listed problem, in characters (input echoed in a message is cut). */
export const MAX_ISSUE_TEXT = 300;

/**
 * A server's worker threads are replaced after a run that held at least this many bytes, so the
 * run's shared memory is freed (pool.ts recycleAfterBytes); a replaced thread starts in ~50 ms.
 */
export const POOL_RECYCLE_BYTES = 256 * 1024 * 1024;

/** Scenarios one listing page holds (GET /api/scenarios?limit): the most, and the default. */
export const LIST_LIMIT = { max: 500, default: 100 } as const;

/**
 * A chart image's size in CSS pixels, and its pixel ratio (GET /api/runs/:id/charts/:chart.png):
 * the least, the most and the default of each; at most maxPixels device pixels in all
 * (width × height × scale²: 1800×1200 at scale 2 is 8.6 million).
 */
export const CHART_IMAGE = {
  width: { min: 480, max: 2400, default: 900 },
  height: { min: 320, max: 1600, default: 540 },
  scale: { min: 1, max: 3, default: 2 },
  maxPixels: 9_000_000,
} as const;

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

/**
 * Most model evaluations (trials run) of one Sobol analysis on the server, n · (factors + 2):
 * by input, the baseline's 77 factors at 10,000 base rows are 790,000 (about a minute); the fix
 * for more is fewer trials, or factors by group (13 for the baseline).
 */
export const MAX_SOBOL_EVALUATIONS = 1_000_000;

/** Largest multiplier of an event's drawn impacts (overrides.events.<id>.impactScale; 1.5 = bites half as hard again). */
export const MAX_IMPACT_SCALE = 10;

/**
 * Trials (the first ones) from which every run computes its free sensitivity (the run's
 * result.sensitivity): all of a run up to this many. An iid sample of trials, so the estimates
 * stay unbiased with standard errors for this count, and a run of a million trials pays for it
 * no more than one of ten thousand (measured: about 2% of a 100k run on one thread at twenty thousand).
 */
export const SENSITIVITY_TRIALS_MAX = 10_000;

/** Least effective sample size of a calibrated run below which its posterior is flagged as unreliable. */
export const CALIBRATION_MIN_ESS = 200;
