// Types of chart-kinds.js for the server's TypeScript (src/report/png.ts, src/api/routes/charts.ts). With a declaration here the
// build (tsconfig.build.json, no allowJs) does not try to emit the page's own JavaScript into dist/.
/** The charts by name: fan, clusters, probability, tornado. */
export declare const CHART_KINDS: readonly string[];
/** The chart.js config of any chart by name (`view.output`: what the tornado shows; `view.scope`: what the fan chart shows). */
export declare function configOf(chart: string, manifest: unknown, comparison: unknown, view: object): unknown;
