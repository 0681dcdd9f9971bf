/**
 * Names of what an analysis talks about, in a reader's words and language (inputs, groups,
 * outputs, discovery features, a feature's value): the CLI's and the reports' entry to the one
 * shared module, public/lib/analysis-labels.js, which the page and the chart images use too.
 */
import * as shared from '../../public/lib/analysis-labels.js';
import type { Feature } from '../core/analysis/discover.ts';
import type { Scenario } from '../schema/scenario.ts';

export type Lang = 'en' | 'zh';
export type Unit = 'cny' | 'yi' | 'usd';

/** An input's label, e.g. "General AI: growth 2025–2030". */
export function inputLabel(path: string, scenario: Scenario, lang: Lang): string {
  return shared.inputLabel(path, scenario, lang);
}

/** A group's label, e.g. "growth in Future intelligence". */
export function groupLabel(id: string, scenario: Scenario, lang: Lang): string {
  return shared.groupLabel(id, scenario, lang);
}

/** An output's label: "chance of ~500bn yuan of output by 2030", "Future health in 2030". */
export function outputLabel(id: string, scenario: Scenario, lang: Lang): string {
  return shared.outputLabel(id, scenario, lang);
}

/** A feature's label, e.g. "the 2024 total". */
export function featureLabel(f: Feature, scenario: Scenario, lang: Lang): string {
  return shared.featureLabel(f, scenario, lang);
}

/** A value of a feature as a reader states it: "31.0%", "180 bn", "95% of plan", "+0.30 sd". */
export function featureValue(f: Feature, value: number, scenario: Scenario, lang: Lang, unit: Unit): string {
  return shared.featureValue(f, value, scenario, lang, unit);
}
