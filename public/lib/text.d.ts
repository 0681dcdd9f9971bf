// Types of text.js for the server's TypeScript (src/report/text.ts, table.ts, the API). With a declaration here the
// build (tsconfig.build.json, no allowJs) does not try to emit the page's own JavaScript into dist/.
type Unit = 'cny' | 'yi' | 'usd';
type Lang = 'en' | 'zh';
type Stat = 'p5' | 'p10' | 'p25' | 'p50' | 'p75' | 'p90' | 'p95' | 'mean';
type Text = string | number;
interface ReportWords {
  readonly header: (trials: string, seed: number, engine: string, ms: number, unit: string) => string;
  readonly changed: (list: string) => string;
  readonly totalByYear: (unit: string) => string;
  readonly year: string;
  readonly percentile: (n: number) => string;
  readonly median: string;
  readonly mean: string;
  readonly noShock: string;
  readonly noShockNote: string;
  readonly medianRange: (year: number) => string;
  readonly clusters: (unit: string) => string;
  readonly fields: (unit: string) => string;
  readonly targets: string;
  readonly targetLine: (label: string, scope: string, value: string, year: number) => string;
  readonly targetStats: (p: string, median: string, gap: string, year: number, reached: string) => string;
  readonly upliftHead: (scope: string) => string;
  readonly unreachable: (chance: string) => string;
  readonly metEvenSlower: (chance: string, pp: string) => string;
  readonly needed: (pp: string, chance: string) => string;
  readonly ppYr: (pp: string) => string;
  readonly beyond: string;
  readonly mdIntro: (id: string, changed: string, trials: string, seed: number, engine: string, unit: string) => string;
  readonly mdUnit: Readonly<Record<Unit, string>>;
  readonly atRate: (rate: string) => string;
  readonly mdMedian: (year: number) => string;
  readonly mdRange: (year: number) => string;
  readonly mdTotal: string;
  readonly mdTargetHead: readonly string[];
  readonly mdTarget: (label: string, scope: string, value: string, year: number) => string;
  readonly mdUpliftNote: string;
  /** What the ± beside a probability means. */
  readonly seNote: string;
  readonly mdTotalByYear: string;
  readonly mdPathHead: readonly string[];
  readonly mdNoShockNote: string;
  readonly mdField: string;
  readonly mdFieldYear: (year: number) => string;
}
interface TableWords {
  readonly sheet: string;
  readonly targetsSheet: string;
  readonly title: string;
  readonly scenario: string;
  readonly scenarioId: string;
  readonly version: string;
  readonly bundled: string;
  readonly saved: (version: number) => string;
  readonly inline: string;
  readonly file: (name: string) => string;
  readonly seed: string;
  readonly trials: string;
  readonly engine: string;
  readonly runId: string;
  readonly changes: string;
  readonly none: string;
  readonly unit: string;
  readonly unitText: (unit: string, rate: string | undefined) => string;
  readonly statistics: string;
  readonly statisticsText: string;
  readonly runOn: string;
  readonly generatedBy: string;
  readonly permalink: string;
  readonly level: string;
  readonly id: string;
  readonly name: string;
  readonly statistic: string;
  readonly levels: Readonly<Record<'total' | 'cluster' | 'field', string>>;
  readonly total: string;
  readonly stats: Readonly<Record<Stat, string>>;
  readonly targetHead: (unit: string) => readonly string[];
  readonly reachedBy: (year: Text) => string;
  readonly beyond: string;
}
interface Words {
  readonly unit: Readonly<Record<Unit, string>>;
  readonly unitShort: Readonly<Record<Unit, string>>;
  readonly unitName: Readonly<Record<Unit, string>>;
  readonly sep: string;
  readonly source: string;
  readonly allFields: string;
  readonly totalOutput: string;
  readonly report: ReportWords;
  readonly table: TableWords;
  /** Sensitivity, discovery and paired comparison (strings/en-analysis.js; zh-analysis.js has the same keys). */
  readonly analysis: typeof import('./strings/en-analysis.js').ANALYSIS_EN;
}
/** A scenario as the words need it: its currency and the names of its clusters, fields, levers and events. */
interface Named {
  readonly currency?: { readonly usdRate: number };
  readonly clusters?: readonly {
    readonly id: string;
    readonly name?: { readonly en: string; readonly zh?: string };
    readonly fields?: readonly { readonly id: string; readonly name?: { readonly en: string; readonly zh?: string } }[];
  }[];
  readonly levers?: readonly { readonly id: string; readonly name?: { readonly en: string; readonly zh?: string } }[];
  readonly events?: readonly { readonly id: string; readonly name?: { readonly en: string; readonly zh?: string } }[];
}
/** Languages of the page, the charts and the reports. */
export declare const LANGS: readonly Lang[];
/** Display units. */
export declare const UNITS: readonly Unit[];
/** The words of a language (en or zh; anything else: en). */
export declare function strings(lang: string): Words;
/** Multiplier from billions of yuan to the display unit, at the scenario's US dollar rate. */
export declare function unitFactor(unit: Unit, scenario: { readonly currency?: { readonly usdRate: number } }): number;
/** A value in billions of yuan as text in the display unit. */
export declare function formatValue(valueCnyBn: number, unit: Unit, scenario: { readonly currency?: { readonly usdRate: number } }, lang?: string): string;
/** A difference in billions of yuan as signed text in the display unit with its unit, e.g. "+12.3 bn". */
export declare function signedWithUnit(diffCnyBn: number, unit: Unit, scenario: { readonly currency?: { readonly usdRate: number } }, lang?: string): string;
/** A growth change (0.01 = +1 pp) as signed percentage points. */
export declare function formatPp(d: number, digits?: number): string;
/** The name of a scenario thing in a language, falling back to its id. */
export declare function nameIn(thing: { readonly id: string; readonly name?: { readonly en: string; readonly zh?: string } } | undefined, lang: string): string | undefined;
/** The overrides of a run in words (empty when none), in a language: the one place for these words. */
export declare function describeChanges(overrides: unknown, scenario: Named, lang?: string): string[];
/** A value in billions of yuan with its unit word, e.g. "12.3 bn". */
export declare function withUnit(valueCnyBn: number, unit: Unit, scenario: { readonly currency?: { readonly usdRate: number } }, lang?: string): string;
/** A probability as a percentage with one decimal ("38.1%"). */
export declare function formatPct(p: number): string;
/** Clusters, fields, levers and events of a scenario by id. */
export declare function indexScenario(scenario: Named): Map<string, { readonly id: string; readonly name?: { readonly en: string; readonly zh?: string } }>;
