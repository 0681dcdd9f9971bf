/**
 * Where a run's parameter draws come from: the seeded default (each input's uniform a hash of
 * (seed, trial, the input's key), so a draw depends on the parameter's key, not its position),
 * or a matrix supplied by an experiment design (rows = trials, columns = input paths: Saltelli
 * or Sobol sequences, Latin hypercubes, resampled rows). Inputs a design leaves out keep their
 * seeded draws. Annual noise and event occurrences have their own seeded streams (noiseSeed,
 * eventSeed), per row's stream trial, so a design can hold them fixed or vary them.
 */
import { ScenarioError, type Issue } from './errors.ts';
import type { CompiledModel } from './model.ts';

/** An experiment design: uniforms in (0, 1), one row per trial, one column per input path. */
export interface DrawDesign {
  /** Row-major: value of column c in row r at `r * columns.length + c`. */
  readonly values: Float64Array;
  /** Input paths of the columns (see `model.inputs`), e.g. `clusters.health.fields.biosafety.base`. */
  readonly columns: readonly string[];
  /** Per row, the trial number whose noise and event streams the row uses (default: the row's own number). */
  readonly streamTrial?: Uint32Array;
}

/** A run's draw source as plain data (it goes to worker threads as it is). */
export interface DrawSource {
  readonly seed: number;
  readonly noiseSeed: number;
  readonly eventSeed: number;
  /** Design values (row-major) or undefined for seeded draws only. */
  readonly values: Float64Array | undefined;
  /** Columns per design row. */
  readonly width: number;
  /** Per model input: its design column, or −1 when it is drawn from the seed. */
  readonly columnOf: Int32Array;
  readonly streamTrial: Uint32Array | undefined;
}

/** Most problems listed for one design (a design of a million bad values gets a short error). */
const SHOWN = 5;

/** Checks a design against a model and the run's trials; throws a ScenarioError naming every problem and its fix. */
export function drawSource(model: CompiledModel, seeds: { seed: number; noiseSeed: number; eventSeed: number }, trials: number, design?: DrawDesign): DrawSource {
  const columnOf = new Int32Array(model.inputs.length).fill(-1);
  if (!design) return { ...seeds, values: undefined, width: 0, columnOf, streamTrial: undefined };
  const issues: Issue[] = [];
  const width = design.columns.length;
  const byPath = new Map(model.inputs.map((input, i) => [input.path, i]));
  design.columns.forEach((path, c) => {
    const i = byPath.get(path);
    if (i === undefined) {
      const near = model.inputs.map((x) => x.path).filter((p) => p.split('.').pop() === path.split('.').pop()).slice(0, 3);
      issues.push({ path: `design.columns[${c}]`, message: `unknown input ${JSON.stringify(path)}: a column names an uncertain input of the scenario${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; the compiled model's inputs list them (README: Draw designs)` });
    } else if (columnOf[i] >= 0) issues.push({ path: `design.columns[${c}]`, message: `${JSON.stringify(path)} is also column ${columnOf[i]}: each input may have one column` });
    else columnOf[i] = c;
  });
  if (width === 0) issues.push({ path: 'design.columns', message: 'a design needs at least one column' });
  else if (design.values.length !== trials * width) {
    issues.push({ path: 'design.values', message: `must hold trials × columns = ${trials} × ${width} = ${trials * width} numbers, got ${design.values.length}${design.values.length % width === 0 ? ` (${design.values.length / width} rows: run with --trials ${design.values.length / width})` : ''}` });
  } else {
    let bad = 0;
    for (let k = 0; k < design.values.length; k++) {
      const u = design.values[k];
      if (u > 0 && u < 1) continue;
      if (bad++ < SHOWN) issues.push({ path: `design.values[${Math.floor(k / width)}][${k % width}]`, message: `must be a number strictly between 0 and 1 (a uniform the input's quantile function reads), got ${u}; map a design's 0 and 1 into the open interval, e.g. (i + 0.5) / n` });
    }
    if (bad > SHOWN) issues.push({ path: 'design.values', message: `${bad - SHOWN} more values outside (0, 1)` });
  }
  if (design.streamTrial && design.streamTrial.length !== trials) issues.push({ path: 'design.streamTrial', message: `must have one entry per row (${trials}), got ${design.streamTrial.length}` });
  if (issues.length) throw new ScenarioError(issues, 'invalid draw design', 'invalid-option');
  return { ...seeds, values: design.values, width, columnOf, streamTrial: design.streamTrial };
}


/** The trial number whose noise and event streams trial `trial` uses. */
export function streamOf(src: DrawSource, trial: number): number {
  return src.streamTrial ? src.streamTrial[trial] : trial;
}

