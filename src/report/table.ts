/**
 * The report-ready table of a run, before it is written as CSV (csv.ts) or XLSX (xlsx.ts): a
 * metadata header (scenario, version, seed, trials, engine, run id, overrides in words, unit,
 * generator, link), then one row per scope (total, each cluster, each field) and statistic with
 * one column per year, in the chosen language and unit; the targets as a second block. The words
 * are public/lib/text.js's (the page's), the unit logic too.
 */
import type { RunManifest } from '../schema/manifest.ts';
import type { Result, Stats } from '../schema/result.ts';
import type { Scenario } from '../schema/scenario.ts';
import { describeChanges, nameIn, strings, unitFactor, type LANGS, type UNITS } from '../../public/lib/text.js';

/** Languages of the table (public/lib/text.js LANGS). */
export type TableLang = (typeof LANGS)[number];
/** Units of the table's values (public/lib/text.js UNITS): bn yuan, 亿元, bn US$ at the scenario's rate. */
export type TableUnit = (typeof UNITS)[number];

/** The statistics of each scope, in the table's order. */
export const TABLE_STATS = ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'mean'] as const;

/** A cell: text, a number, or empty. */
export type Cell = string | number | null;

/** How a column's numbers are shown in a spreadsheet: a value in the unit, a percentage (0–100), or a whole number. */
export type NumberKind = 'value' | 'percent' | 'pp' | 'integer';

/** A block of rows under a header; `kinds[c]` says how numbers in column c read. */
export interface Block {
  readonly header: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
  readonly kinds: readonly (NumberKind | undefined)[];
}

/** The table: metadata lines (label, text), the projection and the targets, with the names of their sheets. */
export interface ReportTable {
  readonly title: string;
  readonly meta: readonly (readonly [string, Cell])[];
  readonly projection: Block;
  readonly targets: Block | undefined;
  readonly sheets: { readonly projection: string; readonly targets: string };
  readonly lang: TableLang;
  readonly unit: TableUnit;
}

/** What is known of a run besides its result: where its scenario came from, its id and link when it was stored. */
export interface TableSource {
  readonly scenario: Scenario;
  readonly result: Result;
  /** bundled, saved (with its version) or inline (API); a file (CLI). */
  readonly origin: { readonly kind: 'bundled' | 'inline' } | { readonly kind: 'saved'; readonly version: number } | { readonly kind: 'file'; readonly name: string };
  readonly runId?: string;
  /** When the run was made (ISO), when stored. */
  readonly createdAt?: string;
  /** The run's permanent link, when known. */
  readonly permalink?: string;
  /** What wrote the table, e.g. "future-sim 0.1.0". */
  readonly generatedBy: string;
}

/** A stored run as a table source (the API's). */
export function manifestSource(manifest: RunManifest, permalink: string | undefined, generatedBy: string): TableSource {
  const ref = manifest.scenarioRef;
  const origin =
    ref.source === 'saved' && ref.version !== null
      ? { kind: 'saved' as const, version: ref.version }
      : { kind: ref.source === 'inline' ? ('inline' as const) : ('bundled' as const) };
  return { scenario: manifest.scenario, result: manifest.result, origin, runId: manifest.id, createdAt: manifest.createdAt, permalink, generatedBy };
}

/** Rounds a value to `digits` decimals (the table's precision: a million yuan, or 0.01 percentage point). */
const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** The report table of a run in a language and unit. */
export function reportTable(source: TableSource, lang: TableLang, unit: TableUnit): ReportTable {
  const { scenario, result } = source;
  const words = strings(lang);
  const w = words.table;
  const factor = unitFactor(unit, scenario);
  // a million yuan: 0.001 bn yuan, 0.01 亿元, 0.001 bn US$ (about 0.14 m yuan)
  const digits = unit === 'yi' ? 2 : 3;
  const value = (v: number): number => round(v * factor, digits);
  const unitWord = words.unit[unit];
  // yuan per dollar as the scenario states it (1 / (1 / 7.164) is 7.164000000000001)
  const rate = unit === 'usd' ? String(Math.round(1e6 / unitFactor('usd', scenario)) / 1e6) : undefined;
  const changes = describeChanges(result.meta.overrides, scenario, lang);
  const origin = source.origin;
  const version = origin.kind === 'saved' ? w.saved(origin.version) : origin.kind === 'file' ? w.file(origin.name) : origin.kind === 'inline' ? w.inline : w.bundled;
  const meta: [string, Cell][] = [
    [w.title, `${result.scenario.title} (${result.scenario.id})`],
    [w.scenario, result.scenario.title],
    [w.scenarioId, result.scenario.id],
    [w.version, version],
    [w.seed, result.meta.seed],
    [w.trials, result.meta.trials],
    [w.engine, result.meta.engineVersion],
    ...(source.runId ? [[w.runId, source.runId] as [string, Cell]] : []),
    [w.changes, changes.length ? changes.join(words.sep) : w.none],
    [w.unit, w.unitText(unitWord, rate)],
    [w.statistics, w.statisticsText],
    ...(source.createdAt ? [[w.runOn, source.createdAt] as [string, Cell]] : []),
    [w.generatedBy, source.generatedBy],
    ...(source.permalink ? [[w.permalink, source.permalink] as [string, Cell]] : []),
  ];

  const byId = new Map<string, { id: string; name?: { en: string; zh?: string } }>();
  for (const c of scenario.clusters) {
    byId.set(c.id, c);
    for (const f of c.fields) byId.set(f.id, f);
  }
  const name = (id: string): string => (id === 'total' ? w.total : (nameIn(byId.get(id), lang) ?? id));
  const rows: Cell[][] = [];
  const scope = (level: 'total' | 'cluster' | 'field', id: string, stats: Stats) => {
    for (const stat of TABLE_STATS) rows.push([w.levels[level], id, name(id), w.stats[stat], ...stats[stat].map(value)]);
  };
  scope('total', 'total', result.total);
  for (const [id, s] of Object.entries(result.clusters)) scope('cluster', id, s);
  for (const [id, s] of Object.entries(result.fields)) scope('field', id, s);
  const projection: Block = {
    header: [w.level, w.id, w.name, w.statistic, ...result.years],
    rows,
    kinds: [undefined, undefined, undefined, undefined, ...result.years.map(() => 'value' as const)],
  };

  let targets: Block | undefined;
  if (result.targets.length) {
    const reachedYears = Object.keys(result.targets[0].reachedByYear).sort();
    const percent = (p: number): number => round(p * 100, 2);
    const pp = (d: number | null): Cell => (d === null ? w.beyond : round(d * 100, 4));
    targets = {
      header: [...w.targetHead(unitWord), ...reachedYears.map((y) => w.reachedBy(y))],
      rows: result.targets.map((t) => [
        t.id,
        t.label ?? t.id,
        name(t.scope),
        t.year,
        value(t.value),
        percent(t.probability),
        round(t.probabilitySe * 100, 2),
        value(t.p50),
        value(t.gapAtMedian),
        pp(t.requiredGrowthUplift.p50),
        pp(t.requiredGrowthUplift.p80),
        ...reachedYears.map((y) => percent(t.reachedByYear[y] ?? 0)),
      ]),
      kinds: [undefined, undefined, undefined, 'integer', 'value', 'percent', 'pp', 'value', 'value', 'pp', 'pp', ...reachedYears.map(() => 'percent' as const)],
    };
  }
  return {
    title: `${result.scenario.title} (${result.scenario.id})`,
    meta,
    projection,
    targets,
    sheets: { projection: w.sheet, targets: w.targetsSheet },
    lang,
    unit,
  };
}
