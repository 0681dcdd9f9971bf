// Types of charts.js for the server's TypeScript (src/report/png.ts, src/api/routes/charts.ts). With a declaration here the
// build (tsconfig.build.json, no allowJs) does not try to emit the page's own JavaScript into dist/.
export declare const CHARTS: readonly string[];
/** The config of a chart by name (fan, clusters, probability); a chart.js configuration. `view.scope`: what the fan chart shows. */
export declare function chartConfig(chart: string, manifest: unknown, comparison: unknown, view: object): unknown;
/** Height in CSS pixels that a chart needs so that its caption leaves the plot at least `plotPx`. */
export declare function heightFor(ctx: unknown, config: unknown, width: number, plotPx?: number): number;
/** What a fan chart can show: 'total', then each cluster's id followed by its fields' ids. */
export declare function scopesOf(scenario: { readonly clusters?: readonly { readonly id: string; readonly fields?: readonly { readonly id: string }[] }[] }): string[];
/** The percentiles of a scope (total, a cluster or a field) in a run's result, or undefined. */
export declare function statsOf(result: unknown, scope?: string): unknown;
/** The caption lines under a chart: run, changes, the comparison when drawn, how to read it. */
export declare function chartCaption(chart: string, manifest: unknown, comparison: unknown, lang: string): string[];
