// Words, units and number formats shared by the page, the embed and the server's chart images,
// so a chart reads the same wherever it is drawn. No DOM here: the server imports this file.
// The words of the CLI's reports and the report table are in report-words.js, reached through strings().

import { REPORT_EN, REPORT_ZH, TABLE_EN, TABLE_ZH } from './report-words.js';

/** Languages of the page and the charts. */
export const LANGS = ['en', 'zh'];

/** Display units: billions of yuan (the model's unit), 亿元 (100 million yuan), billions of US dollars at the scenario's rate. */
export const UNITS = ['cny', 'yi', 'usd'];

const STRINGS = {
  en: {
    unit: { cny: 'bn yuan', yi: '100m yuan (亿元)', usd: 'bn US$' },
    unitShort: { cny: 'bn', yi: '亿', usd: 'bn US$' },
    unitName: { cny: 'billion yuan', yi: '亿元 (100 million yuan)', usd: 'billion US dollars' },
    fanTitle: 'Total output of the future industries',
    clustersTitle: 'Output by cluster (medians, stacked)',
    probabilityTitle: 'Chance the target has been reached, by year',
    band90: '90% range (5–95%)',
    band50: '50% range (25–75%)',
    median: 'Median',
    comparison: 'Median without the changes',
    comparisonOther: (title) => `Median of ${title}`,
    comparisonChance: 'Without the changes',
    comparisonChanceOther: (title) => title,
    target: (t, v) => `Target: ${v} by ${t.year}`,
    milestone: (t, v) => `Milestone: ${v} by ${t.year}`,
    reached: (v, year) => `Reached ${v} by ${year}`,
    yearAxis: 'Year',
    chanceAxis: 'Chance (%)',
    stackNote: 'Stacked medians do not add up to the median total.',
    trials: (n) => `${n} trials`,
    seed: (s) => `seed ${s}`,
    engine: (v) => `engine ${v}`,
    runOn: (d) => `run ${d}`,
    changes: 'Changed from the scenario',
    ownChanges: 'The scenario itself shifts growth',
    noChanges: 'Scenario as published, no changes',
    growth: (name, pp) => `growth ${pp} pp/yr in ${name}`,
    delivery: (name, pct) => `${name} delivered at ${pct}%`,
    volatility: (x) => `volatility ×${x}`,
    eventOff: (name) => `${name} off`,
    eventChange: (name, parts) => `${name}: ${parts.join(', ')}`,
    eventProbability: (pct) => `${pct}% a year`,
    eventImpact: (x) => `impacts ×${x}`,
    eventForced: (year) => `forced in ${year}`,
    allFields: 'all fields',
    source: 'future-industry-sim',
    sep: '; ',
    dashed: 'Dashed',
    run: 'run',
    report: REPORT_EN,
    table: TABLE_EN,
  },
  zh: {
    unit: { cny: '十亿元', yi: '亿元', usd: '十亿美元' },
    unitShort: { cny: '十亿元', yi: '亿元', usd: '十亿美元' },
    unitName: { cny: '十亿元', yi: '亿元', usd: '十亿美元' },
    fanTitle: '未来产业总产值',
    clustersTitle: '各产业集群产值（中位数，堆叠）',
    probabilityTitle: '截至各年已达到目标的概率',
    band90: '90% 区间（5–95%）',
    band50: '50% 区间（25–75%）',
    median: '中位数',
    comparison: '未调整时的中位数',
    comparisonOther: (title) => `对比情景中位数：${title}`,
    comparisonChance: '未调整时',
    comparisonChanceOther: (title) => `对比情景：${title}`,
    target: (t, v) => `目标：${t.year}年 ${v}`,
    milestone: (t, v) => `里程碑：${t.year}年 ${v}`,
    reached: (v, year) => `${year}年前达到 ${v}`,
    yearAxis: '年份',
    chanceAxis: '概率（%）',
    stackNote: '各集群中位数之和不等于总量的中位数。',
    trials: (n) => `${n} 次模拟`,
    seed: (s) => `随机种子 ${s}`,
    engine: (v) => `引擎 ${v}`,
    runOn: (d) => `运行于 ${d}`,
    changes: '相对情景的调整',
    ownChanges: '情景本身的增速调整',
    noChanges: '情景原样，未作调整',
    growth: (name, pp) => `${name}年增速 ${pp} 个百分点`,
    delivery: (name, pct) => `${name}完成度 ${pct}%`,
    volatility: (x) => `波动率 ×${x}`,
    eventOff: (name) => `关闭事件：${name}`,
    eventChange: (name, parts) => `${name}：${parts.join('，')}`,
    eventProbability: (pct) => `年概率 ${pct}%`,
    eventImpact: (x) => `冲击 ×${x}`,
    eventForced: (year) => `设定于${year}年发生`,
    allFields: '全部领域',
    source: 'future-industry-sim',
    sep: '；',
    dashed: '虚线',
    run: '运行',
    report: REPORT_ZH,
    table: TABLE_ZH,
  },
};

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

/** A probability as a percentage with one decimal. */
export const formatPct = (p) => `${(p * 100).toFixed(1)}%`;

/** A growth change (0.01 = +1 pp) as signed percentage points: `digits` decimals, or up to 2 without trailing zeros. */
export const formatPp = (d, digits) => `${d >= 0 ? '+' : '−'}${digits === undefined ? Math.abs(d * 100).toFixed(2).replace(/\.?0+$/, '') : Math.abs(d * 100).toFixed(digits)}`;

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
  const name = (id) => (id === 'total' ? s.allFields : nameIn(byId.get(id), lang) ?? id);
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
