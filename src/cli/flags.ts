/** The command line's option parsers, the run options shared by `run` and `compare`, and the overrides they make. */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { Overrides } from '../core/compile.ts';
import { ScenarioError } from '../core/errors.ts';
import { grouped } from '../core/format.ts';
import { MAX_DELIVERY, MAX_IMPACT_SCALE, MAX_TRIALS, MAX_VOLATILITY_SCALE, RUN_DEFAULTS, SEED_MAX, UPLIFT_TRIALS_MAX, UPLIFT_TRIALS_MIN } from '../core/limits.ts';

/**
 * Trials from which runs go to worker threads (both cores) by default. Measured whole process on
 * the reference workload (best of 5): at 10k trials one thread is faster (0.33 s vs 0.36 s: the
 * workers' start and JIT warm-up), at 20k two workers (0.40 vs 0.43 s), at 50k by a quarter
 * (0.50 vs 0.66 s).
 */
const AUTO_POOL_TRIALS = 20_000;

/** Worker threads for a run of `trials` when --workers is not given. */
export function defaultWorkers(trials: number): number {
  return trials >= AUTO_POOL_TRIALS ? Math.min(4, availableParallelism()) : 1;
}

/** Output formats of `run`. */
export const FORMATS = ['table', 'json', 'csv', 'xlsx', 'md', 'tidy-csv'] as const;
type Format = (typeof FORMATS)[number];

/** Languages of the reports. */
export type Lang = 'en' | 'zh';

/** The options of `run` and `compare` as commander parses them. */
export interface RunFlags {
  trials?: number;
  seed?: number;
  format: Format;
  unit: 'cny' | 'yi' | 'usd';
  lang: Lang;
  out?: string;
  workers?: number;
  delivery?: Record<string, number>;
  shiftPp?: Record<string, number>;
  eventOff?: string[];
  eventProbability?: Record<string, number>;
  eventImpact?: Record<string, number>;
  forceEvent?: Record<string, number>;
  volatilityScale?: number;
  upliftTrials?: number;
}

/** The event flags as overrides.events: off, or a change of probability, impact scale and forced year. */
function eventOverrides(flags: RunFlags): NonNullable<Overrides['events']> | undefined {
  const changes: Record<string, { probabilityPerYear?: number; impactScale?: number; forceYear?: number }> = {};
  const add = (values: Record<string, number> | undefined, key: 'probabilityPerYear' | 'impactScale' | 'forceYear') => {
    for (const [id, v] of Object.entries(values ?? {})) changes[id] = { ...changes[id], [key]: v };
  };
  add(flags.eventProbability, 'probabilityPerYear');
  add(flags.eventImpact, 'impactScale');
  add(flags.forceEvent, 'forceYear');
  const off = flags.eventOff ?? [];
  const both = off.filter((id) => Object.hasOwn(changes, id));
  if (both.length)
    throw new ScenarioError(
      both.map((id) => ({
        path: `--event-off ${id}`,
        message: 'the event is also changed by --event-probability, --event-impact or --force-event; switch it off or change it, not both',
      })),
      'invalid option',
    );
  const events = { ...Object.fromEntries(off.map((id) => [id, false as const])), ...changes };
  return Object.keys(events).length ? events : undefined;
}

export function overridesOf(flags: RunFlags): Overrides {
  const events = eventOverrides(flags);
  return {
    ...(flags.delivery ? { leverDelivery: flags.delivery } : {}),
    ...(flags.shiftPp ? { growthShift: flags.shiftPp } : {}),
    ...(events ? { events } : {}),
    ...(flags.volatilityScale !== undefined ? { volatilityScale: flags.volatilityScale } : {}),
  };
}

/** The sides of `compare` the overrides may apply to (--overrides-on). */
export const OVERRIDE_SIDES = ['a', 'b', 'both'] as const;
export type OverrideSide = (typeof OVERRIDE_SIDES)[number];

/** The flags without their overrides: the side of a comparison they are not on. */
export function withoutOverrides<T extends RunFlags>(flags: T): T {
  return {
    ...flags,
    delivery: undefined,
    shiftPp: undefined,
    eventOff: undefined,
    eventProbability: undefined,
    eventImpact: undefined,
    forceEvent: undefined,
    volatilityScale: undefined,
  };
}

/** The flag of each key of an event's change. */
const EVENT_FLAGS: Readonly<Record<string, string>> = { probabilityPerYear: '--event-probability', impactScale: '--event-impact', forceYear: '--force-event' };

/** Override paths in engine errors, said as the flags a CLI user typed. */
export function asFlags(err: ScenarioError, file: string, flags: RunFlags): ScenarioError {
  // an event is named by the flag that named it
  const eventFlag = (id: string) =>
    flags.eventOff?.includes(id)
      ? '--event-off'
      : flags.eventProbability?.[id] !== undefined
        ? '--event-probability'
        : flags.eventImpact?.[id] !== undefined
          ? '--event-impact'
          : flags.forceEvent?.[id] !== undefined
            ? '--force-event'
            : '--event-off';
  const issues = err.issues.map((i) => {
    const change = /^overrides\.events\.([^.]+)\.(probabilityPerYear|impactScale|forceYear)$/.exec(i.path);
    if (change) return { path: `${EVENT_FLAGS[change[2]]} ${change[1]}`, message: i.message };
    const event = /^overrides\.events\.([^.]+)$/.exec(i.path);
    if (event) return { path: `${eventFlag(event[1])} ${event[1]}`, message: i.message };
    const m = /^overrides\.(leverDelivery|growthShift|events|volatilityScale)\.?(.*)$/.exec(i.path);
    if (!m) return i;
    const flag = { leverDelivery: '--delivery', growthShift: '--shift-pp', events: '--event-off', volatilityScale: '--volatility-scale' }[m[1] as 'events'];
    // the path only: the flags' own checks (pairs) keep every value in the engine's range, so what
    // reaches here names an id the scenario lacks, in the engine's words
    return { path: m[2] ? `${flag} ${m[2]}` : flag, message: i.message };
  });
  return err.with(issues, `${file}: ${err.heading}`);
}

/** A parser of a whole-number option within [min, max] (underscores allowed: 100_000). */
export function wholeNumber(flag: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ScenarioError([{ path: flag, message: `must be a whole number from ${min} to ${grouped(max)}, got ${JSON.stringify(text)}` }], 'invalid option', 'invalid-option');
    }
    return value;
  };
}

/** A parser of repeatable `id=number` options, scaled by `scale`, each within [min, max]. */
function pairs(flag: string, scale: number, min: number, max: number, unit: string) {
  return (text: string, previous: Record<string, number> = {}): Record<string, number> => {
    const m = /^([a-z0-9][a-z0-9-]*)=([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)$/i.exec(text);
    if (!m)
      throw new ScenarioError([{ path: flag, message: `expected id=number (e.g. ${flag} intelligence=1.5), got ${JSON.stringify(text)}` }], 'invalid option', 'invalid-option');
    const value = Number(m[2]);
    if (!(value >= min && value <= max)) {
      throw new ScenarioError([{ path: `${flag} ${m[1]}`, message: `must be from ${min} to ${max}${unit}, got ${m[2]}` }], 'invalid option', 'invalid-option');
    }
    return { ...previous, [m[1]]: value * scale };
  };
}

/** Parses repeatable `id=year` pairs (--force-event). */
function yearPairs(flag: string) {
  return (text: string, previous: Record<string, number> = {}): Record<string, number> => {
    const m = /^([a-z0-9][a-z0-9-]*)=(\d{4})$/i.exec(text);
    if (!m) throw new ScenarioError([{ path: flag, message: `expected id=year (e.g. ${flag} chip-export-controls=2027), got ${JSON.stringify(text)}` }], 'invalid option');
    return { ...previous, [m[1]]: Number(m[2]) };
  };
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the options every run takes (trials, seed, workers, overrides). */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--trials <n>', "number of trials (default: the scenario's simulation.trials)", wholeNumber('--trials', 1, MAX_TRIALS))
    .option('--seed <s>', "random seed (default: the scenario's simulation.seed)", wholeNumber('--seed', 0, SEED_MAX))
    .option(
      '--workers <n>',
      `threads that run the trials: 1 is this one, more are worker threads (default: 1, or ${Math.min(4, availableParallelism())} from ${grouped(AUTO_POOL_TRIALS)} trials)`,
      wholeNumber('--workers', 1, 64),
    )
    .option(
      '--uplift-trials <n>',
      `trials used for the required-uplift search (default ${grouped(RUN_DEFAULTS.upliftTrials)})`,
      wholeNumber('--uplift-trials', UPLIFT_TRIALS_MIN, UPLIFT_TRIALS_MAX),
    )
    .option('--delivery <lever=x>', 'lever delivery, 1 = as planned (repeatable)', pairs('--delivery', 1, 0, MAX_DELIVERY, ''))
    .option('--shift-pp <scope=pp>', 'add percentage points to annual growth of total, a cluster or a field (repeatable)', pairs('--shift-pp', 0.01, -100, 100, ' pp'))
    .option('--event-off <id>', 'switch an event off (repeatable)', collect)
    .option(
      '--event-probability <id=p>',
      "an event's probability per year, 0 to 1, in place of the scenario's in its window (repeatable)",
      pairs('--event-probability', 1, 0, 1, ''),
    )
    .option(
      '--event-impact <id=x>',
      `multiply an event's drawn impacts by x, 0 to ${MAX_IMPACT_SCALE} (1.5 = bites half as hard again; repeatable)`,
      pairs('--event-impact', 1, 0, MAX_IMPACT_SCALE, ''),
    )
    .option('--force-event <id=year>', 'make an event happen in that year in every trial and in no other (repeatable)', yearPairs('--force-event'))
    .option('--volatility-scale <x>', "multiply every field's volatility", (t: string) => {
      const v = Number(t);
      if (!(v >= 0 && v <= MAX_VOLATILITY_SCALE)) {
        throw new ScenarioError(
          [
            {
              path: '--volatility-scale',
              code: 'range',
              message: `must be a number from 0 to ${MAX_VOLATILITY_SCALE} (1 = as in the scenario), got ${JSON.stringify(t)}`,
            },
          ],
          'invalid option',
          'invalid-option',
        );
      }
      return v;
    });
}
