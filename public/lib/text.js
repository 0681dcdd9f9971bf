// Units and number formats, and the one word table per language (strings/en.js, strings/zh.js),
// shared by the page, the embed and the server's chart images and text report, so a chart reads
// the same wherever it is drawn. No DOM here: the server imports this file.
import { en } from './strings/en.js';
import { zh } from './strings/zh.js';

/** Languages of the page and the charts. */
export const LANGS = ['en', 'zh'];

/** Display units: billions of yuan (the model's unit), 亿元 (100 million yuan), billions of US dollars at the scenario's rate. */
export const UNITS = ['cny', 'yi', 'usd'];
const STRINGS = { en, zh };

/** The strings of a language (English for anything unknown). */
export const strings = (lang) => STRINGS[lang] ?? STRINGS.en;

/** A display unit, or cny for anything unknown. */
export const unitOf = (unit) => (UNITS.includes(unit) ? unit : 'cny');

/** A language, or en for anything unknown. */
export const langOf = (lang) => (LANGS.includes(lang) ? lang : 'en');

/** Multiplier from billions of yuan to the display unit, at the scenario's US dollar rate. */
export function unitFactor(unit, scenario) {
  if (unit === 'yi') return 10;
  if (unit === 'usd') return 1 / (scenario.currency?.usdRate ?? 7.164);
  return 1;
}

/** A value in billions of yuan as text in the display unit: 1 decimal (2 below 1; none for 亿元 from 10 up). */
export function formatValue(valueCnyBn, unit, scenario, lang = 'en') {
  const v = valueCnyBn * unitFactor(unit, scenario);
  const size = Math.abs(v);
  const digits = unit === 'yi' ? (size < 10 ? 1 : 0) : size < 1 && size > 0 ? 2 : 1;
  return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A value with its unit, e.g. "500.0 bn yuan" or "5,000 亿元". */
export const withUnit = (valueCnyBn, unit, scenario, lang = 'en') => `${formatValue(valueCnyBn, unit, scenario, lang)} ${strings(lang).unitShort[unit]}`;

/** A difference in billions of yuan as signed text in the display unit with its unit, e.g. "+12.3 bn" or "−40 亿". */
export const signedWithUnit = (diffCnyBn, unit, scenario, lang = 'en') => `${diffCnyBn >= 0 ? '+' : '−'}${withUnit(Math.abs(diffCnyBn), unit, scenario, lang)}`;

/** A probability as a percentage with one decimal. */
export const formatPct = (p) => `${(p * 100).toFixed(1)}%`;

/** A growth change (0.01 = +1 pp) as signed percentage points: `digits` decimals, or up to 2 without trailing zeros. */
export const formatPp = (d, digits) =>
  `${d >= 0 ? '+' : '−'}${
    digits === undefined
      ? Math.abs(d * 100)
          .toFixed(2)
          .replace(/\.?0+$/, '')
      : Math.abs(d * 100).toFixed(digits)
  }`;

/** The name of a scenario thing (cluster, field, lever, event) in a language, falling back to its id. */
export const nameIn = (thing, lang) => thing?.name?.[lang] ?? thing?.name?.en ?? thing?.id;

/** Clusters, fields, levers and events of a scenario by id. */
export function indexScenario(scenario) {
  const byId = new Map();
  for (const c of scenario.clusters ?? []) {
    byId.set(c.id, c);
    for (const f of c.fields ?? []) byId.set(f.id, f);
  }
  for (const l of scenario.levers ?? []) byId.set(l.id, l);
  for (const e of scenario.events ?? []) byId.set(e.id, e);
  return byId;
}

/** A share (0.125) as a percentage without trailing zeros ("12.5"). */
const pctText = (p) => String(Math.round(p * 10000) / 100);

/**
 * The overrides of a run, in words (empty when there are none): the one place these words are
 * made, for the page, the charts, the CLI, the reports and a saved variant's description.
 */
export function describeChanges(overrides, scenario, lang = 'en') {
  const s = strings(lang);
  const byId = indexScenario(scenario);
  const name = (id) => (id === 'total' ? s.allFields : (nameIn(byId.get(id), lang) ?? id));
  const o = overrides ?? {};
  const event = ([id, change]) => {
    if (change === false) return [s.eventOff(name(id))];
    if (typeof change !== 'object' || change === null) return [];
    const parts = [
      ...(change.forceYear !== undefined ? [s.eventForced(change.forceYear)] : []),
      ...(change.probabilityPerYear !== undefined ? [s.eventProbability(pctText(change.probabilityPerYear))] : []),
      ...(change.impactScale !== undefined && change.impactScale !== 1 ? [s.eventImpact(change.impactScale)] : []),
    ];
    return parts.length ? [s.eventChange(name(id), parts)] : [];
  };
  return [
    ...Object.entries(o.growthShift ?? {}).map(([id, v]) => s.growth(name(id), formatPp(v))),
    ...Object.entries(o.leverDelivery ?? {}).map(([id, v]) => s.delivery(name(id), Math.round(v * 100))),
    ...(o.volatilityScale !== undefined && o.volatilityScale !== 1 ? [s.volatility(o.volatilityScale)] : []),
    ...Object.entries(o.events ?? {}).flatMap(event),
  ];
}

/** The growth shifts a (saved) scenario carries itself, in words: they are not overrides, but a reader should see them. */
export function scenarioShifts(scenario, lang = 'en') {
  return describeChanges({ growthShift: scenario.growthShift ?? {} }, scenario, lang);
}

/**
 * The caption under a chart: what was run and when, so a pasted chart can be traced.
 * @param manifest a run manifest (GET /api/runs/:id)
 * @param comparison the comparison run's manifest, if a dashed line shows one
 * @param notes extra lines, e.g. how to read the chart
 */
export function captionLines(manifest, lang = 'en', comparison, notes = []) {
  const s = strings(lang);
  const { result } = manifest;
  const trials = result.meta.trials.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
  const first = [manifest.scenario.title, s.trials(trials), s.seed(result.meta.seed), s.engine(manifest.engineVersion), s.runOn(manifest.createdAt.slice(0, 10))].join(' · ');
  const changes = describeChanges(result.meta.overrides, manifest.scenario, lang);
  const lines = [first, changes.length ? `${s.changes}: ${changes.join(s.sep)}` : s.noChanges];
  const own = scenarioShifts(manifest.scenario, lang);
  if (own.length) lines.push(`${s.ownChanges}: ${own.join(s.sep)}`);
  if (comparison && comparison.id !== manifest.id) lines.push(`${s.dashed}: ${comparison.scenario.title} · ${s.run} ${comparison.id.slice(0, 12)}`);
  lines.push(...notes, `${s.source} · ${s.run} ${manifest.id.slice(0, 12)}`);
  return lines;
}
