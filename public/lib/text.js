// Words, units and number formats shared by the page, the embed and the server's chart images,
// so a chart reads the same wherever it is drawn. No DOM here: the server imports this file.

/** Languages of the page and the charts. */
export const LANGS = ['en', 'zh'];

/** Display units: billions of yuan (the model's unit), 亿元 (100 million yuan), billions of US dollars at the scenario's rate. */
export const UNITS = ['cny', 'yi', 'usd'];

// The words of the CLI's terminal table and Markdown (src/report/text.ts).
const REPORT_EN = {
  header: (trials, seed, engine, ms, unit) => `${trials} trials · seed ${seed} · engine ${engine} · ${ms} ms · ${unit}, nominal`,
  changed: (list) => `Changed from the scenario: ${list}`,
  totalByYear: (unit) => `Total output by year (${unit})`,
  year: 'year',
  median: 'median',
  mean: 'mean',
  noShock: 'no-shock path',
  noShockNote: '(no-shock path: every parameter at its median, no annual noise and no events)',
  medianRange: (y) => `${y} median [p5–p95]`,
  clusters: (unit) => `Clusters (${unit})`,
  fields: (unit) => `Fields (${unit})`,
  targets: 'Targets',
  targetLine: (label, scope, value, year) => `${label}: ${scope} ≥ ${value} in ${year}`,
  targetStats: (p, median, gap, year, reached) => `probability ${p} · median ${median} (gap ${gap}) · reached in some year by ${year}: ${reached}`,
  upliftHead: (scope) => `growth change on every field${scope ? ` of ${scope}` : ''}`,
  unreachable: (chance) => `not reachable at ${chance} even with 100 pp/yr more growth`,
  metEvenSlower: (chance, pp) => `met at ${chance} even with ${pp} pp/yr less growth`,
  needed: (pp, chance) => `${pp} more growth needed for ${chance}`,
  ppYr: (pp) => `${pp} pp/yr`,
  beyond: 'beyond +100 pp',
  mdIntro: (id, changed, trials, seed, engine, unit) => `Scenario \`${id}\`${changed ? ` (${changed})` : ''}, ${trials} trials, seed ${seed}, engine ${engine}. Output in ${unit}, nominal; ranges are the 5th–95th percentiles over trials.`,
  mdUnit: { cny: 'billions of yuan', yi: '亿元 (100 million yuan)', usd: 'billion US dollars' },
  atRate: (rate) => ` at ${rate} yuan per dollar`,
  mdMedian: (y) => `${y} median`,
  mdRange: (y) => `${y} 90% range`,
  mdTotal: '**Total**',
  mdTargetHead: ['Target', 'Probability', 'Median', 'Gap at median', 'Growth change for 50%', 'Growth change for 80%'],
  mdTarget: (label, scope, value, year) => `${label} (${scope} ≥ ${value} in ${year})`,
  mdUpliftNote: 'Growth change: percentage points added to every field\'s annual growth (in the target\'s scope) at which the chance reaches 50% or 80%; negative means the target is met with that much slower growth.',
  mdTotalByYear: '### Total by year',
  mdPathHead: ['Year', 'p5', 'Median', 'p95', 'Mean', 'No-shock path'],
  mdNoShockNote: 'No-shock path: every parameter at its median, no annual noise and no events.',
  mdField: 'Field',
  mdFieldYear: (y) => `${y} median [90%]`,
};

const REPORT_ZH = {
  header: (trials, seed, engine, ms, unit) => `${trials} 次模拟 · 随机种子 ${seed} · 引擎 ${engine} · ${ms} 毫秒 · ${unit}，名义值`,
  changed: (list) => `相对情景的调整：${list}`,
  totalByYear: (unit) => `各年总产值（${unit}）`,
  year: '年份',
  median: '中位数',
  mean: '均值',
  noShock: '无冲击路径',
  noShockNote: '（无冲击路径：各参数取中位数，无年度波动，无事件）',
  medianRange: (y) => `${y}年 中位数 [P5–P95]`,
  clusters: (unit) => `产业集群（${unit}）`,
  fields: (unit) => `领域（${unit}）`,
  targets: '目标',
  targetLine: (label, scope, value, year) => `${label}：${year}年 ${scope} ≥ ${value}`,
  targetStats: (p, median, gap, year, reached) => `达成概率 ${p} · 中位数 ${median}（差距 ${gap}） · ${year}年前任一年已达到：${reached}`,
  upliftHead: (scope) => `${scope ? `${scope}内` : ''}各领域年增速调整`,
  unreachable: (chance) => `即使年增速再提高 100 个百分点，也无法达到 ${chance} 的概率`,
  metEvenSlower: (chance, pp) => `即使年增速降低 ${pp} 个百分点，仍有 ${chance} 的概率达成`,
  needed: (pp, chance) => `需年增速 ${pp} 个百分点才有 ${chance} 的概率`,
  ppYr: (pp) => `${pp} 个百分点/年`,
  beyond: '超过 +100 个百分点',
  mdIntro: (id, changed, trials, seed, engine, unit) => `情景 \`${id}\`${changed ? `（${changed}）` : ''}，${trials} 次模拟，随机种子 ${seed}，引擎 ${engine}。产值单位：${unit}，名义值；区间为各次模拟的第 5–95 百分位。`,
  mdUnit: { cny: '十亿元', yi: '亿元', usd: '十亿美元' },
  atRate: (rate) => `（按 1 美元 = ${rate} 元）`,
  mdMedian: (y) => `${y}年 中位数`,
  mdRange: (y) => `${y}年 90% 区间`,
  mdTotal: '**合计**',
  mdTargetHead: ['目标', '达成概率', '中位数', '中位数差距', '50% 概率所需增速调整', '80% 概率所需增速调整'],
  mdTarget: (label, scope, value, year) => `${label}（${year}年 ${scope} ≥ ${value}）`,
  mdUpliftNote: '增速调整：目标范围内各领域年增速需增加的百分点数，使达成概率达到 50% 或 80%；负值表示增速再低这么多仍可达成。',
  mdTotalByYear: '### 各年合计',
  mdPathHead: ['年份', 'P5', '中位数', 'P95', '均值', '无冲击路径'],
  mdNoShockNote: '无冲击路径：各参数取中位数，无年度波动，无事件。',
  mdField: '领域',
  mdFieldYear: (y) => `${y}年 中位数 [90%]`,
};

// The words of the report-ready table (src/report/table.ts: CSV and XLSX).
const TABLE_EN = {
  sheet: 'Projection',
  targetsSheet: 'Targets',
  title: 'Projected output of the future industries',
  scenario: 'Scenario',
  scenarioId: 'Scenario id',
  version: 'Version',
  bundled: 'bundled',
  saved: (v) => `saved, version ${v}`,
  inline: 'sent with the request',
  file: (name) => `file ${name}`,
  seed: 'Seed',
  trials: 'Trials',
  engine: 'Engine version',
  runId: 'Run id',
  changes: 'Changes',
  none: 'none (scenario as published)',
  unit: 'Unit',
  unitText: (unit, rate) => `${unit}, nominal${rate ? `; US$ at ${rate} yuan per dollar` : ''}`,
  statistics: 'Statistics',
  statisticsText: 'over trials: pN = the N-th percentile (linear interpolation), median = p50, mean = the mean',
  runOn: 'Run on',
  generatedBy: 'Generated by',
  permalink: 'Link',
  level: 'Level',
  id: 'Id',
  name: 'Name',
  statistic: 'Statistic',
  levels: { total: 'Total', cluster: 'Cluster', field: 'Field' },
  total: 'Total',
  stats: { p5: 'p5', p10: 'p10', p25: 'p25', p50: 'median', p75: 'p75', p90: 'p90', p95: 'p95', mean: 'mean' },
  targetHead: (unit) => ['Id', 'Target', 'Scope', 'Year', `Target value (${unit})`, 'Probability (%)', `Median (${unit})`, `Gap at median (${unit})`, 'Growth change for 50% (pp/yr)', 'Growth change for 80% (pp/yr)'],
  reachedBy: (year) => `Reached by ${year} (%)`,
  beyond: 'beyond +100',
};

const TABLE_ZH = {
  sheet: '产值预测',
  targetsSheet: '目标',
  title: '未来产业产值预测',
  scenario: '情景',
  scenarioId: '情景编号',
  version: '版本',
  bundled: '内置',
  saved: (v) => `已保存，第 ${v} 版`,
  inline: '随请求提交',
  file: (name) => `文件 ${name}`,
  seed: '随机种子',
  trials: '模拟次数',
  engine: '引擎版本',
  runId: '运行编号',
  changes: '调整',
  none: '无（情景原样）',
  unit: '单位',
  unitText: (unit, rate) => `${unit}，名义值${rate ? `；按 1 美元 = ${rate} 元` : ''}`,
  statistics: '统计量',
  statisticsText: '基于各次模拟：PN 为第 N 百分位（线性插值），中位数即 P50，均值为平均值',
  runOn: '运行时间',
  generatedBy: '生成工具',
  permalink: '链接',
  level: '层级',
  id: '编号',
  name: '名称',
  statistic: '统计量',
  levels: { total: '合计', cluster: '产业集群', field: '领域' },
  total: '合计',
  stats: { p5: 'P5', p10: 'P10', p25: 'P25', p50: '中位数', p75: 'P75', p90: 'P90', p95: 'P95', mean: '均值' },
  targetHead: (unit) => ['编号', '目标', '范围', '年份', `目标值（${unit}）`, '达成概率（%）', `中位数（${unit}）`, `中位数差距（${unit}）`, '50% 概率所需增速调整（百分点/年）', '80% 概率所需增速调整（百分点/年）'],
  reachedBy: (year) => `${year}年前已达到（%）`,
  beyond: '超过 +100',
};

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
