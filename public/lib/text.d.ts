// Types of text.js for the server's TypeScript (src/report/text.ts). With a declaration here the
// build (tsconfig.build.json, no allowJs) does not try to emit the page's own JavaScript into dist/.
type Unit = 'cny' | 'yi' | 'usd';
interface Words {
  readonly unit: Readonly<Record<Unit, string>>;
  readonly unitShort: Readonly<Record<Unit, string>>;
  readonly unitName: Readonly<Record<Unit, string>>;
}
/** The words of a language (en or zh; anything else: en). */
export declare function strings(lang: string): Words;
/** Multiplier from billions of yuan to the display unit, at the scenario's US dollar rate. */
export declare function unitFactor(unit: Unit, scenario: { readonly currency?: { readonly usdRate: number } }): number;
/** A value in billions of yuan as text in the display unit. */
export declare function formatValue(valueCnyBn: number, unit: Unit, scenario: { readonly currency?: { readonly usdRate: number } }, lang?: string): string;
/** A difference in billions of yuan as signed text in the display unit with its unit, e.g. "+12.3 bn". */
export declare function signedWithUnit(diffCnyBn: number, unit: Unit, scenario: { readonly currency?: { readonly usdRate: number } }, lang?: string): string;
