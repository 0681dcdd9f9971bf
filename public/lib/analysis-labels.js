// Names of what an analysis talks about, in a reader's words and language: inputs (by their path
// in a model's inputs, e.g. clusters.health.fields.biosafety.base), groups, outputs and discovery
// features, and an input's value as a reader states it (a rate as a percentage, a base value in
// the chosen unit, a delivery as a share of plan, a common factor's score in standard deviations).
// Shared by the page, the embed, the chart images and the reports (src/report/analysis-labels.ts).
// Words: strings/*-analysis.js. No DOM here.
import { formatPct, indexScenario, nameIn, strings, withUnit } from './text.js';

const FIELD = /^clusters\.([^.]+)\.fields\.([^.]+)\.(base|growth\.periods\[(\d+)\]\.rate|growth\.rate|growth\.capacity)$/;
const DELIVERY = /^levers\.([^.]+)\.delivery$/;
const EFFECT = /^levers\.([^.]+)\.effects\[(\d+)\]\.perUnitDelivery$/;
const IMPACT = /^events\.([^.]+)\.impact$/;
const FACTOR = /^parameterCorrelations\.(base|growth|capacity)\.(.+)$/;

/** The name of a cluster, field, lever or event id ('total': all fields) in a language. */
function namer(scenario, lang) {
  const byId = indexScenario(scenario);
  return (id) => (id === 'total' ? strings(lang).allFields : (nameIn(byId.get(id), lang) ?? id));
}

/** An input's label and how its values read ('amount' | 'rate' | 'delivery' | 'score'). */
function describeInput(path, scenario, lang) {
  const w = strings(lang).analysis.input;
  const name = namer(scenario, lang);
  let m = FIELD.exec(path);
  if (m) {
    const field = name(m[2]);
    if (m[3] === 'base') return { label: w.base(field, scenario.baseYear), kind: 'amount' };
    if (m[3] === 'growth.capacity') return { label: w.capacity(field), kind: 'amount' };
    if (m[3] === 'growth.rate') return { label: w.rate(field), kind: 'rate' };
    const f = (scenario.clusters ?? []).find((c) => c.id === m[1])?.fields?.find((x) => x.id === m[2]);
    const period = f?.growth?.model === 'cagr' ? f.growth.periods?.[Number(m[4])] : undefined;
    return { label: period ? w.period(field, period.from, period.to) : w.rate(field), kind: 'rate' };
  }
  if ((m = DELIVERY.exec(path))) return { label: w.delivery(name(m[1])), kind: 'delivery' };
  if ((m = EFFECT.exec(path))) {
    const lever = (scenario.levers ?? []).find((l) => l.id === m[1]);
    const scope = lever?.effects?.[Number(m[2])]?.scope ?? 'total';
    return { label: w.effect(name(m[1]), name(scope)), kind: 'rate' };
  }
  if ((m = IMPACT.exec(path))) return { label: w.impact(name(m[1])), kind: 'rate' };
  if ((m = FACTOR.exec(path))) return { label: w.factor(w.factorKind[m[1]], name(m[2])), kind: 'score' };
  return { label: path, kind: 'score' };
}

/** An input's label, e.g. "General AI: growth 2025–2030". */
export const inputLabel = (path, scenario, lang) => describeInput(path, scenario, lang).label;

/** A group's label, e.g. "growth in Future intelligence". */
export function groupLabel(id, scenario, lang) {
  const w = strings(lang).analysis.group;
  if (id.startsWith('growth:')) {
    const cluster = id.slice(7);
    return w.growthOf(
      nameIn(
        (scenario.clusters ?? []).find((c) => c.id === cluster),
        lang,
      ) ?? cluster,
    );
  }
  return typeof w[id] === 'string' ? w[id] : id;
}

/** An output's label: "chance of ~500bn yuan of output by 2030", "Future health in 2030". */
export function outputLabel(id, scenario, lang) {
  const w = strings(lang).analysis.output;
  if (id.startsWith('target:')) {
    const t = (scenario.targets ?? []).find((x) => x.id === id.slice(7));
    return w.target(t?.label ?? `${t?.scope} ≥ ${t?.value} (${t?.year})`);
  }
  const [scope, year] = id.split('@');
  return w.value(scope === 'total' ? strings(lang).totalOutput : namer(scenario, lang)(scope), year);
}

/** A discovery feature's label and how its values read. */
function describeFeature(f, scenario, lang) {
  if (f.kind === 'input') return describeInput(f.id, scenario, lang);
  const w = strings(lang).analysis.input;
  if (f.id === 'total') return { label: w.baseTotal(scenario.baseYear), kind: 'amount' };
  const cluster = (scenario.clusters ?? []).find((c) => c.id === f.id);
  return { label: w.baseCluster(nameIn(cluster, lang) ?? f.id, scenario.baseYear), kind: 'amount' };
}

/** A feature's label, e.g. "the 2024 total". */
export const featureLabel = (f, scenario, lang) => describeFeature(f, scenario, lang).label;

/** A value of a feature as a reader states it: "31.0%", "180.0 bn", "95% of plan", "+0.30 sd". */
export function featureValue(f, value, scenario, lang, unit) {
  const kind = describeFeature(f, scenario, lang).kind;
  const w = strings(lang).analysis;
  if (kind === 'amount') return withUnit(value, unit, scenario, lang);
  if (kind === 'rate') return formatPct(value);
  if (kind === 'delivery') return w.ofPlan(Math.round(value * 100));
  return w.sd(`${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`);
}
