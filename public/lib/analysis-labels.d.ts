// Types of analysis-labels.js for the server's TypeScript (src/report/analysis-labels.ts). With a declaration here the
// build (tsconfig.build.json, no allowJs) does not try to emit the page's own JavaScript into dist/.
type Lang = 'en' | 'zh';
type Unit = 'cny' | 'yi' | 'usd';
interface Name {
  readonly en: string;
  readonly zh?: string;
}
/** A scenario as the labels need it: base year, names, growth periods, lever effects' scopes, targets. */
interface Labelled {
  readonly baseYear: number;
  readonly currency?: { readonly usdRate: number };
  readonly clusters?: readonly {
    readonly id: string;
    readonly name?: Name;
    readonly fields?: readonly {
      readonly id: string;
      readonly name?: Name;
      readonly growth?: { readonly model: string; readonly periods?: readonly { readonly from: number; readonly to: number }[] };
    }[];
  }[];
  readonly levers?: readonly { readonly id: string; readonly name?: Name; readonly effects?: readonly { readonly scope: string }[] }[];
  readonly events?: readonly { readonly id: string; readonly name?: Name }[];
  readonly targets?: readonly { readonly id: string; readonly label?: string; readonly scope: string; readonly value: number; readonly year: number }[];
}
/** A discovery feature: an input by its path, or a base value of the total or a cluster. */
interface FeatureRef {
  readonly kind: 'input' | 'base';
  readonly id: string;
}
/** An input's label, e.g. "General AI: growth 2025–2030". */
export declare function inputLabel(path: string, scenario: Labelled, lang: Lang): string;
/** A group's label, e.g. "growth in Future intelligence". */
export declare function groupLabel(id: string, scenario: Labelled, lang: Lang): string;
/** An output's label: "chance of ~500bn yuan of output by 2030", "Future health in 2030". */
export declare function outputLabel(id: string, scenario: Labelled, lang: Lang): string;
/** A feature's label, e.g. "the 2024 total". */
export declare function featureLabel(f: FeatureRef, scenario: Labelled, lang: Lang): string;
/** A value of a feature as a reader states it: "31.0%", "180.0 bn", "95% of plan", "+0.30 sd". */
export declare function featureValue(f: FeatureRef, value: number, scenario: Labelled, lang: Lang, unit: Unit): string;
