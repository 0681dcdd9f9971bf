/**
 * Names of what an analysis talks about, in a reader's words and language: inputs (by their
 * path in `model.inputs`), groups, outputs and discovery features, and an input's value as a
 * reader states it (a rate as a percentage, a base value in the chosen unit, a delivery as a
 * share of plan, a common factor's score in standard deviations). Words: strings/*-analysis.js.
 */
import { formatPct, indexScenario, nameIn, strings, withUnit } from '../../public/lib/text.js';
import type { Feature } from '../core/analysis/discover.ts';
import type { Scenario } from '../schema/scenario.ts';

export type Lang = 'en' | 'zh';
export type Unit = 'cny' | 'yi' | 'usd';

/** How an input's values read: an amount in yuan, a rate, a delivery ratio, or a standard score. */
type Kind = 'amount' | 'rate' | 'delivery' | 'score';

const FIELD = /^clusters\.([^.]+)\.fields\.([^.]+)\.(base|growth\.periods\[(\d+)\]\.rate|growth\.rate|growth\.capacity)$/;
const DELIVERY = /^levers\.([^.]+)\.delivery$/;
const EFFECT = /^levers\.([^.]+)\.effects\[(\d+)\]\.perUnitDelivery$/;
const IMPACT = /^events\.([^.]+)\.impact$/;
const FACTOR = /^parameterCorrelations\.(base|growth|capacity)\.(.+)$/;

/** An input's label and how its values read. */
function describeInput(path: string, scenario: Scenario, lang: Lang): { label: string; kind: Kind } {
  const w = strings(lang).analysis.input;
  const byId = indexScenario(scenario);
  const name = (id: string) => (id === 'total' ? strings(lang).allFields : (nameIn(byId.get(id), lang) ?? id));
  let m = FIELD.exec(path);
  if (m) {
    const field = name(m[2]);
    if (m[3] === 'base') return { label: w.base(field, scenario.baseYear), kind: 'amount' };
    if (m[3] === 'growth.capacity') return { label: w.capacity(field), kind: 'amount' };
    if (m[3] === 'growth.rate') return { label: w.rate(field), kind: 'rate' };
    const f = scenario.clusters.find((c) => c.id === m?.[1])?.fields.find((x) => x.id === m?.[2]);
    const period = f?.growth.model === 'cagr' ? f.growth.periods[Number(m[4])] : undefined;
    return { label: period ? w.period(field, period.from, period.to) : w.rate(field), kind: 'rate' };
  }
  if ((m = DELIVERY.exec(path))) return { label: w.delivery(name(m[1])), kind: 'delivery' };
  if ((m = EFFECT.exec(path))) {
    const lever = scenario.levers?.find((l) => l.id === m?.[1]);
    const scope = lever?.effects[Number(m[2])]?.scope ?? 'total';
    return { label: w.effect(name(m[1]), name(scope)), kind: 'rate' };
  }
  if ((m = IMPACT.exec(path))) return { label: w.impact(name(m[1])), kind: 'rate' };
  if ((m = FACTOR.exec(path))) return { label: w.factor(w.factorKind[m[1] as 'base'], name(m[2])), kind: 'score' };
  return { label: path, kind: 'score' };
}

/** An input's label, e.g. "General AI: growth 2025–2030". */
export function inputLabel(path: string, scenario: Scenario, lang: Lang): string {
  return describeInput(path, scenario, lang).label;
}

/** A group's label, e.g. "growth in Future intelligence". */
export function groupLabel(id: string, scenario: Scenario, lang: Lang): string {
  const w = strings(lang).analysis.group;
  if (id.startsWith('growth:'))
    return w.growthOf(
      nameIn(
        scenario.clusters.find((c) => c.id === id.slice(7)),
        lang,
      ) ?? id.slice(7),
    );
  return ((w as Record<string, string | ((c: string) => string)>)[id] as string) ?? id;
}

/** An output's label: "chance of ~500bn yuan of output by 2030", "Future health in 2030". */
export function outputLabel(id: string, scenario: Scenario, lang: Lang): string {
  const w = strings(lang).analysis.output;
  if (id.startsWith('target:')) {
    const t = scenario.targets?.find((x) => x.id === id.slice(7));
    return w.target(t?.label ?? `${t?.scope} ≥ ${t?.value} (${t?.year})`);
  }
  const [scope, year] = id.split('@');
  const byId = indexScenario(scenario);
  return w.value(scope === 'total' ? strings(lang).totalOutput : (nameIn(byId.get(scope), lang) ?? scope), year);
}

/** A discovery feature's label and how its values read. */
function describeFeature(f: Feature, scenario: Scenario, lang: Lang): { label: string; kind: Kind } {
  if (f.kind === 'input') return describeInput(f.id, scenario, lang);
  const w = strings(lang).analysis.input;
  if (f.id === 'total') return { label: w.baseTotal(scenario.baseYear), kind: 'amount' };
  return {
    label: w.baseCluster(
      nameIn(
        scenario.clusters.find((c) => c.id === f.id),
        lang,
      ) ?? f.id,
      scenario.baseYear,
    ),
    kind: 'amount',
  };
}

/** A feature's label, e.g. "the 2024 total". */
export function featureLabel(f: Feature, scenario: Scenario, lang: Lang): string {
  return describeFeature(f, scenario, lang).label;
}

/** A value of a feature as a reader states it: "31.0%", "180 bn", "95% of plan", "+0.30 sd". */
export function featureValue(f: Feature, value: number, scenario: Scenario, lang: Lang, unit: Unit): string {
  const kind = describeFeature(f, scenario, lang).kind;
  const w = strings(lang).analysis;
  switch (kind) {
    case 'amount':
      return withUnit(value, unit, scenario, lang);
    case 'rate':
      return formatPct(value);
    case 'delivery':
      return w.ofPlan(Math.round(value * 100));
    case 'score':
      return w.sd(`${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`);
    default:
      return kind satisfies never;
  }
}
