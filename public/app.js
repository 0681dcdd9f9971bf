// The page: pick a scenario, move its assumptions, and see the run through the API as key
// figures, charts and a table. The URL holds the whole state; every chart can be downloaded,
// embedded or fetched as a server-rendered image.
import { CHARTS, chartConfig, describeChart, hasComparison, heightFor, primaryTarget } from './lib/charts.js';
import { overridesOf, readSliders, writeSliders } from './lib/permalink.js';
import { apiError, ProgressView, RunRequests } from './lib/progress.js';
import { describeChanges, formatPct, formatPp, formatValue, langOf, nameIn, scenarioShifts, strings, unitOf, withUnit } from './lib/text.js';

const $ = (id) => document.getElementById(id);

/** Page words in both languages (chart words are in lib/text.js). */
const UI = {
  en: {
    skip: 'Skip to the results',
    title: "Shanghai's future industries to 2035",
    language: 'Language',
    units: 'Units',
    unitCny: 'billion yuan',
    unitYi: '亿元 (100 million yuan)',
    unitUsd: 'billion US$',
    intro:
      'Monte Carlo projections of the five clusters and sixteen fields of the action plan (沪府发〔2022〕11号), checked against its target of about 500 billion yuan of output by 2030. Move an assumption and every figure and chart is rerun; every figure is a range over simulated worlds.',
    assumptions: 'Assumptions',
    scenario: 'Scenario',
    versionLabel: 'Version',
    compareWith: 'Dashed line for comparison',
    compareSelf: 'This scenario without my changes',
    shiftsLegend: 'Growth shift by cluster (percentage points a year)',
    leversLegend: 'Delivery of each plan lever (% of plan)',
    uncertaintyLegend: 'Uncertainty',
    volatility: 'Volatility scale',
    eventsLegend: 'Events (on: may happen)',
    runLegend: 'Run',
    trials: 'Trials',
    seed: 'Seed',
    reset: 'Reset',
    copyLink: 'Copy link',
    linkCopied: 'Link copied.',
    snippetCopied: 'Snippet copied.',
    badSeed: (max) => `The seed must be a whole number from 0 to ${max}.`,
    pp: 'pp',
    to: 'to',
    sep: '; ',
    chartNames: { fan: 'total output (fan chart)', clusters: 'output by cluster', probability: 'chance of reaching the target' },
    fanCaptionDashed: 'Dashed: the comparison\'s median.',
    about: (what) => `About these ${what}`,
    leversWord: 'levers',
    eventsWord: 'events',
    sourcesOf: (n) => `${n} source${n === 1 ? '' : 's'}`,
    estimate: 'How it was estimated',
    adjusted: 'From the link, adjusted: ',
    unknownId: (k) => `${k} (not in this scenario)`,
    clamped: (k, from, to) => `${k} ${from} → ${to}`,
    badValue: (k) => `${k} (not a valid value)`,
    versionGone: (v, latest) => `version ${v} does not exist; showing version ${latest}`,
    upliftHow: 'percentage points of growth a year, on every field; negative: the chance is already higher, and growth could fall that much',
    idTaken: (id) => `${id} is saved already: saving adds a new version of it.`,
    confirmVersion: (id, v, title) => `${id} is saved already (version ${v}, “${title}”). Press “Save as version ${v + 1}” to add a version with these assumptions, or choose another id; every version stays available.`,
    saveVersion: (v) => `Save as version ${v}`,
    versionOption: (v, date, title) => `v${v} · ${date} · ${title}`,
    idBundled: (id) => `${id} is a bundled scenario: choose another id.`,
    linkShown: 'Copy the address bar: this page\'s URL holds every setting.',
    fanCaption: 'Bands: 90% and 50% of simulated worlds. Diamond: the plan\'s 2030 target; triangle: the 2035 milestone (a model assumption).',
    clustersCaption: 'Each cluster\'s median, stacked. Medians do not add up: the median total is in the chart above.',
    probabilityCaption: 'Share of simulated worlds in which the total has reached the target in some year up to each year. It can be a little above the chance of being at or above the target in the target year itself (the key figure): a world can reach it and fall back.',
    fieldsTitle: 'Every field: median and 90% range',
    scrollHint: 'The table is wider than the screen: scroll or swipe it sideways for more columns →',
    exportsTitle: 'Exports',
    runJson: 'Run as JSON',
    runCsv: 'Run as CSV',
    apiDocs: 'API documentation',
    saveTitle: 'Save these assumptions as a scenario',
    aboutScenario: 'About this scenario: what it assumes and where its numbers come from',
    saveName: 'Title',
    saveId: 'Id (letters, digits, hyphens)',
    save: 'Save',
    embedTitle: 'Embed this chart',
    embedHelp: 'The snippet shows this run\'s chart with its caption. Runs never change, so the chart will show the same thing later.',
    embedCode: 'iframe snippet',
    imageUrl: 'Image for documents that cannot hold an iframe (PNG)',
    copySnippet: 'Copy snippet',
    openImage: 'Open image',
    close: 'Close',
    downloadPng: 'Download PNG',
    embed: 'Embed…',
    running: 'Running…',
    progressLabel: 'Running',
    cancel: 'Cancel',
    progressAnnounce: (pct, first) => (first ? `This run takes a while: ${pct}% done. Cancel (or Escape) stops it.` : `${pct}% done.`),
    cancelled: 'Run cancelled: showing the previous results and the assumptions they were run with.',
    cancelledNothing: 'Run cancelled. Choose fewer trials or other assumptions to run again.',
    updated: (ms, cached) => `Updated in ${ms} ms${cached ? ' (stored run)' : ''}.`,
    preview: (n, of) => `Preview: ${n} of ${of} trials. The full run follows; downloads, JSON, CSV and Embed wait for it.`,
    previewBadge: (n, of) => `Preview: ${n} of ${of} trials`,
    previewShort: 'Preview',
    runningFull: (of) => `Preview shown; running all ${of} trials…`,
    loadFailed: (m) => `Cannot load scenarios: ${m}`,
    asScenario: (d) => `as in scenario (${d})`,
    fixed: (v) => `${v}% (fixed)`,
    noShift: '0 (as in scenario)',
    chance: (t, v) => `Chance of ≥ ${v} in ${t.year}`,
    median: (y) => `Median total in ${y}`,
    range: (a, b) => `90% range ${a} to ${b}`,
    gap: (amount, above) => (above ? `${amount} above the target` : `${amount} short of the target`),
    uplift: 'Growth change needed on every field for a 50% / 80% chance',
    beyond: 'beyond ±100 pp',
    vs: (d) => `${d} pp vs comparison`,
    changed: 'Changed from the scenario: ',
    unchanged: 'The scenario as published: no changes.',
    meta: (m) => `${m.trials} trials · seed ${m.seed} · engine ${m.engine} · run ${m.date} · run id ${m.id}`,
    field: 'Field',
    sources: 'Sources',
    medianIn: (y, unit) => `${y}: median (5–95%), ${unit}`,
    noSources: 'no sources given',
    eventInfo: (e) => `${Math.round(e.probabilityPerYear * 1000) / 10}% a year, ${e.years.from}–${e.years.to}`,
    saved: (id, v) => `Saved as ${id}, version ${v}. The sliders now start from it.`,
    unchangedSave: (id, v) => `${id} version ${v} already has these assumptions.`,
  },
  zh: {
    skip: '跳到结果',
    title: '上海未来产业 2035 展望',
    language: '语言',
    units: '单位',
    unitCny: '十亿元',
    unitYi: '亿元',
    unitUsd: '十亿美元',
    intro: '对《上海打造未来产业创新高地 发展壮大未来产业集群行动方案》（沪府发〔2022〕11号）五大方向、十六个领域的蒙特卡洛预测，并对照 2030 年约 5000 亿元产值的目标。调整任一假设，所有数字和图表都会重新计算；每个数字都是模拟世界中的区间。',
    assumptions: '假设',
    scenario: '情景',
    versionLabel: '版本',
    compareWith: '虚线对比',
    compareSelf: '本情景（不含我的调整）',
    shiftsLegend: '各集群年增速调整（百分点）',
    leversLegend: '各项规划举措完成度（占规划的 %）',
    uncertaintyLegend: '不确定性',
    volatility: '波动率倍数',
    eventsLegend: '事件（开启：可能发生）',
    runLegend: '运行',
    trials: '模拟次数',
    seed: '随机种子',
    reset: '重置',
    copyLink: '复制链接',
    linkCopied: '链接已复制。',
    snippetCopied: '代码已复制。',
    badSeed: (max) => `随机种子须为 0 到 ${max} 之间的整数。`,
    pp: '个百分点',
    to: '至',
    sep: '；',
    chartNames: { fan: '总产值（扇形图）', clusters: '各集群产值', probability: '达到目标的概率' },
    fanCaptionDashed: '虚线：对比情景的中位数。',
    about: (what) => `关于这些${what}`,
    leversWord: '举措',
    eventsWord: '事件',
    sourcesOf: (n) => `${n} 个来源`,
    estimate: '估算方法',
    adjusted: '链接中的参数已调整：',
    unknownId: (k) => `${k}（本情景中不存在）`,
    clamped: (k, from, to) => `${k} ${from} → ${to}`,
    badValue: (k) => `${k}（无效值）`,
    versionGone: (v, latest) => `版本 ${v} 不存在，显示版本 ${latest}`,
    upliftHow: '所有领域每年增速的百分点；负值表示概率已更高，增速可下降该幅度',
    idTaken: (id) => `${id} 已保存过：保存将新增一个版本。`,
    confirmVersion: (id, v, title) => `${id} 已保存过（版本 ${v}，“${title}”）。按“保存为版本 ${v + 1}”以这些假设新增一个版本，或换一个标识；各版本都会保留。`,
    saveVersion: (v) => `保存为版本 ${v}`,
    versionOption: (v, date, title) => `v${v} · ${date} · ${title}`,
    idBundled: (id) => `${id} 是内置情景：请换一个标识。`,
    linkShown: '请复制地址栏：本页网址包含全部设置。',
    fanCaption: '色带：90% 和 50% 的模拟世界。菱形：2030 年规划目标；三角形：2035 年里程碑（模型假设）。',
    clustersCaption: '各集群中位数堆叠。中位数不可相加：总量中位数见上图。',
    probabilityCaption: '截至各年，总产值已在某一年达到目标的模拟世界占比。它可能略高于目标年当年达到目标的概率（关键数字）：有的模拟世界达到后又回落。',
    fieldsTitle: '各领域：中位数与 90% 区间',
    scrollHint: '表格宽于屏幕：左右滑动或滚动可查看更多列 →',
    exportsTitle: '导出',
    runJson: '运行结果 JSON',
    runCsv: '运行结果 CSV',
    apiDocs: 'API 文档',
    saveTitle: '将当前假设保存为情景',
    aboutScenario: '关于本情景：假设与数据来源（英文）',
    saveName: '标题',
    saveId: '标识（小写字母、数字、连字符）',
    save: '保存',
    embedTitle: '嵌入此图表',
    embedHelp: '代码片段显示本次运行的图表及说明。运行结果不会改变，图表日后显示的内容相同。',
    embedCode: 'iframe 代码',
    imageUrl: '无法嵌入 iframe 的文档可用的图片（PNG）',
    copySnippet: '复制代码',
    openImage: '打开图片',
    close: '关闭',
    downloadPng: '下载 PNG',
    embed: '嵌入…',
    running: '计算中…',
    progressLabel: '计算中',
    cancel: '取消',
    progressAnnounce: (pct, first) => (first ? `本次运行需要一些时间：已完成 ${pct}%。按“取消”（或 Esc 键）可停止。` : `已完成 ${pct}%。`),
    cancelled: '运行已取消：显示之前的结果及其所用假设。',
    cancelledNothing: '运行已取消。请减少模拟次数或调整假设后再运行。',
    updated: (ms, cached) => `${ms} 毫秒内更新${cached ? '（已存储的运行）' : ''}。`,
    preview: (n, of) => `预览：${of} 次模拟中的前 ${n} 次。完整结果随后显示；下载、JSON、CSV 和嵌入待其完成后可用。`,
    previewBadge: (n, of) => `预览：${of} 次模拟中的 ${n} 次`,
    previewShort: '预览',
    runningFull: (of) => `已显示预览；正在运行全部 ${of} 次模拟…`,
    loadFailed: (m) => `无法加载情景：${m}`,
    asScenario: (d) => `按情景设定（${d}）`,
    fixed: (v) => `${v}%（固定）`,
    noShift: '0（按情景设定）',
    chance: (t, v) => `${t.year}年达到 ${v} 的概率`,
    median: (y) => `${y}年总产值中位数`,
    range: (a, b) => `90% 区间 ${a}–${b}`,
    gap: (amount, above) => (above ? `高于目标 ${amount}` : `低于目标 ${amount}`),
    uplift: '所有领域需要的增速调整（50% / 80% 概率）',
    beyond: '超过 ±100 个百分点',
    vs: (d) => `较对比 ${d} 个百分点`,
    changed: '相对情景的调整：',
    unchanged: '情景原样，未作调整。',
    meta: (m) => `${m.trials} 次模拟 · 随机种子 ${m.seed} · 引擎 ${m.engine} · 运行于 ${m.date} · 运行编号 ${m.id}`,
    field: '领域',
    sources: '来源',
    medianIn: (y, unit) => `${y}年：中位数（5–95%），${unit}`,
    noSources: '未注明来源',
    eventInfo: (e) => `每年 ${Math.round(e.probabilityPerYear * 1000) / 10}%，${e.years.from}–${e.years.to}年`,
    saved: (id, v) => `已保存为 ${id}（版本 ${v}），滑块现以其为起点。`,
    unchangedSave: (id, v) => `${id} 版本 ${v} 已包含这些假设。`,
  },
};

// from about 100,000 trials a run takes seconds: the page shows its progress and can cancel it
// (those above this server's limit are left out: GET /api/limits)
const TRIAL_CHOICES = [1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1000000];
// the page's own floor: fewer trials give percentiles too coarse to draw
const MIN_TRIALS = 100;
// slider ranges: growth shift (pp a year), lever delivery (% of plan), volatility scale
const SHIFT = { min: -10, max: 10, step: 0.5 };
const DELIVERY = { min: 0, max: 150, step: 5 };
const VOL = { min: 0, max: 3, step: 0.1 };
// a pause this long ends a drag: long enough to skip the positions passed over, short enough not to be felt
const DEBOUNCE_MS = 60;
// a change that asks for more trials than this is drawn first from a run of its first this many
// trials (the same seed, so the same first trials), marked as a preview, then redrawn from the full run
const PREVIEW_TRIALS = 2000;

/** The nearest position of a slider with this range and step. */
function onGrid(v, { min, max, step }) {
  return Number(Math.min(max, Math.max(min, Math.round(v / step) * step)).toFixed(6));
}

/** What this server lets a run ask for (GET /api/limits: its MAX_TRIALS, the engine's seed range), read at start. */
let limits;

const validSeed = (seed) => Number.isInteger(seed) && seed >= limits.seed.min && seed <= limits.seed.max;

/** Everything the view depends on; the URL holds all of it. */
const state = { scenario: '', version: undefined, trials: undefined, seed: undefined, compare: '', compareVersion: undefined, shifts: {}, delivery: {}, vol: 1, off: [], unit: 'cny', lang: 'en' };
let scenarios = [];
/** The picked scenario's full definition. */
let scenario;
let current; // {manifest, comparison, cached, preview?: {trials}} (preview: the trials asked for, of which this shows PREVIEW_TRIALS)
const charts = {};
/**
 * For the browser benchmark and tests: input-to-chart latencies of full runs and of previews, the
 * number of renders of full runs (`renders`) and of previews (`previews`).
 */
const probe = { latencies: [], previewLatencies: [], parts: [], renders: 0, previews: 0, runs: 0, gaps: [], lastInputAt: undefined, progressShown: 0, cancelled: 0, stopped: 0 };
/** When the last change came (for `probe.gaps`: the pauses within a drag, which the debounce must bridge). */
let lastChangeAt = -1;
window.__futureSim = probe;

const t = () => UI[state.lang];
const locale = () => (state.lang === 'zh' ? 'zh-CN' : 'en-US');

// ---------- URL state ----------

function readUrl() {
  const q = new URLSearchParams(location.search);
  const num = (k) => (q.get(k) === null || q.get(k) === '' ? undefined : Number(q.get(k)));
  state.scenario = q.get('scenario') ?? '';
  state.version = /^[1-9][0-9]{0,8}$/.test(q.get('version') ?? '') ? Number(q.get('version')) : undefined;
  state.trials = num('trials');
  state.seed = num('seed');
  state.compare = q.get('compare') ?? '';
  state.compareVersion = /^[1-9][0-9]{0,8}$/.test(q.get('cv') ?? '') ? Number(q.get('cv')) : undefined;
  Object.assign(state, readSliders(q));
  state.unit = unitOf(q.get('unit'));
  state.lang = langOf(q.get('lang'));
}

/**
 * Makes the state fit the scenario and the sliders: unknown clusters, levers and events are
 * dropped, values go to the nearest slider position. Returns what changed, for a notice.
 */
function sanitize() {
  const L = t();
  const notes = [];
  const ids = (xs) => new Set((xs ?? []).map((x) => x.id));
  const fit = (map, known, prefix, grid) => {
    for (const [id, v] of Object.entries(map)) {
      if (!known.has(id)) {
        notes.push(L.unknownId(`${prefix}${id}`));
        delete map[id];
        continue;
      }
      const g = onGrid(v, grid);
      if (g !== v) notes.push(L.clamped(`${prefix}${id}`, v, g));
      map[id] = g;
    }
  };
  fit(state.shifts, ids(scenario.clusters), 'g.', SHIFT);
  fit(state.delivery, ids(scenario.levers), 'd.', DELIVERY);
  const events = ids(scenario.events);
  for (const id of state.off.filter((e) => !events.has(e))) notes.push(L.unknownId(`off=${id}`));
  state.off = [...new Set(state.off.filter((e) => events.has(e)))];
  const vol = onGrid(state.vol, VOL);
  if (vol !== state.vol) notes.push(L.clamped('vol', state.vol, vol));
  state.vol = vol;
  if (state.trials !== undefined && !(Number.isInteger(state.trials) && state.trials >= Math.max(MIN_TRIALS, limits.trials.min) && state.trials <= limits.trials.max)) {
    notes.push(L.badValue(`trials=${state.trials}`));
    state.trials = undefined;
  }
  if (state.seed !== undefined && !validSeed(state.seed)) {
    notes.push(L.badValue(`seed=${state.seed}`));
    state.seed = undefined;
  }
  const other = scenarios.find((x) => x.id === state.compare && x.id !== state.scenario);
  if (state.compare && !other) {
    notes.push(L.unknownId(`compare=${state.compare}`));
    state.compare = '';
  }
  // a saved comparison is pinned to a version, so the link keeps showing the same dashed line
  if (other?.source === 'saved') {
    if (state.compareVersion !== undefined && state.compareVersion > other.version) {
      notes.push(L.versionGone(state.compareVersion, other.version));
      state.compareVersion = undefined;
    }
    state.compareVersion ??= other.version;
  } else state.compareVersion = undefined;
  state.trials ??= scenario.simulation.trials;
  state.seed ??= scenario.simulation.seed;
  return notes;
}

function showNotice(notes) {
  $('notice').textContent = notes.length ? t().adjusted + notes.join(t().sep) : '';
}

function urlQuery() {
  const q = new URLSearchParams();
  q.set('scenario', state.scenario);
  if (state.version !== undefined) q.set('version', String(state.version));
  if (state.trials !== undefined) q.set('trials', String(state.trials));
  if (state.seed !== undefined) q.set('seed', String(state.seed));
  if (state.compare) q.set('compare', state.compare);
  if (state.compare && state.compareVersion !== undefined) q.set('cv', String(state.compareVersion));
  writeSliders(q, state);
  if (state.unit !== 'cny') q.set('unit', state.unit);
  if (state.lang !== 'en') q.set('lang', state.lang);
  return q;
}

const writeUrl = () => history.replaceState(null, '', `?${urlQuery()}`);

/** The overrides of the current state, as the API takes them. */
const overrides = () => overridesOf(state);

// ---------- API ----------

async function api(path, init) {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
  if (!res.ok) throw apiError(body);
  return { body, status: res.status, cached: res.headers.get('x-run-cache') === 'hit' };
}

const post = (path, body) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Runs fetched in this page (moving a slider back shows them at once) and runs in flight, streamed with their progress. */
const runs = new RunRequests();

// ---------- controls ----------

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

/** A distribution of the scenario in a few words (for lever defaults). */
function describeParam(p) {
  const pct = (v) => `${Math.round(v * 100)}%`;
  if (typeof p === 'number') return pct(p);
  if (p === undefined) return '100%';
  if (typeof p !== 'object') return String(p);
  if (p.dist === 'fixed' && typeof p.value === 'number') return pct(p.value);
  const lo = p.min ?? p.low;
  const hi = p.max ?? p.high;
  if (typeof lo === 'number' && typeof hi === 'number') return `${pct(lo)}–${pct(hi)}`;
  return p.dist;
}

/** Where a lever's slider rests when the scenario's own delivery applies: its centre, on the slider's 5% grid. */
function centreOf(p) {
  let v = 1;
  if (typeof p === 'number') v = p;
  else if (p && typeof p === 'object') {
    const lo = p.min ?? p.low;
    const hi = p.max ?? p.high;
    if (typeof p.mode === 'number') v = p.mode;
    else if (typeof p.mean === 'number') v = p.mean;
    else if (typeof p.value === 'number') v = p.value;
    else if (typeof lo === 'number' && typeof hi === 'number') v = (lo + hi) / 2;
  }
  return onGrid(v * 100, DELIVERY);
}

function slider({ id, label, min, max, step, value, describe, onInput, detail }) {
  const wrap = document.createElement('div');
  wrap.className = 'slider';
  const l = document.createElement('label');
  l.htmlFor = id;
  l.textContent = label;
  const input = document.createElement('input');
  Object.assign(input, { type: 'range', id, min: String(min), max: String(max), step: String(step), value: String(value) });
  const out = document.createElement('output');
  out.htmlFor = id;
  out.id = `${id}-out`;
  input.setAttribute('aria-describedby', out.id);
  const show = () => {
    out.textContent = describe(Number(input.value));
    input.setAttribute('aria-valuetext', out.textContent);
  };
  input.addEventListener('input', () => {
    onInput(Number(input.value));
    show();
    changed();
  });
  show();
  wrap.append(l, input, out);
  if (detail) {
    l.title = detail;
  }
  return wrap;
}

function legendOnly(fieldset) {
  fieldset.replaceChildren(fieldset.querySelector('legend'));
}

/** Builds the sliders and switches of the picked scenario, set from the state. */
function buildControls() {
  const L = t();
  const shifts = $('shifts');
  legendOnly(shifts);
  for (const c of scenario.clusters) {
    shifts.append(
      slider({
        id: `g-${c.id}`,
        label: nameIn(c, state.lang),
        ...SHIFT,
        value: state.shifts[c.id] ?? 0,
        describe: (v) => (v === 0 ? L.noShift : `${formatPp(v / 100)} ${L.pp}`),
        onInput: (v) => {
          if (v === 0) delete state.shifts[c.id];
          else state.shifts[c.id] = v;
        },
      }),
    );
  }
  const levers = $('levers');
  legendOnly(levers);
  levers.hidden = !(scenario.levers ?? []).length;
  for (const lever of scenario.levers ?? []) {
    const centre = centreOf(lever.delivery);
    levers.append(
      slider({
        id: `d-${lever.id}`,
        label: nameIn(lever, state.lang),
        ...DELIVERY,
        value: state.delivery[lever.id] ?? centre,
        // resting on the scenario's centre means the scenario's own (uncertain) delivery
        describe: (v) => (state.delivery[lever.id] === undefined ? L.asScenario(describeParam(lever.delivery)) : L.fixed(v)),
        onInput: (v) => {
          if (v === centre) delete state.delivery[lever.id];
          else state.delivery[lever.id] = v;
        },
        detail: [lever.planTarget !== undefined ? `${lever.planTarget} ${lever.unit ?? ''}` : '', lever.notes ?? ''].filter(Boolean).join('\n'),
      }),
    );
  }
  levers.append(...notesList(scenario.levers ?? [], L.leversWord));
  const events = $('events');
  legendOnly(events);
  events.hidden = !(scenario.events ?? []).length;
  for (const e of scenario.events ?? []) {
    const wrap = document.createElement('div');
    wrap.className = 'check';
    const input = document.createElement('input');
    Object.assign(input, { type: 'checkbox', id: `e-${e.id}`, checked: !state.off.includes(e.id) });
    const label = document.createElement('label');
    label.htmlFor = input.id;
    label.textContent = nameIn(e, state.lang);
    const info = document.createElement('span');
    info.className = 'help';
    info.id = `e-${e.id}-info`;
    const impact = describeImpact(e.impact);
    info.textContent = impact ? `${L.eventInfo(e)}${L.sep}${impact}` : L.eventInfo(e);
    input.setAttribute('aria-describedby', info.id);
    if (e.notes) label.title = e.notes;
    input.addEventListener('change', () => {
      state.off = input.checked ? state.off.filter((id) => id !== e.id) : [...state.off, e.id];
      changed();
    });
    wrap.append(input, label, info);
    events.append(wrap);
  }
  events.append(...notesList(scenario.events ?? [], L.eventsWord));
  $('vol').value = String(state.vol);
  showVol();
  const trials = $('trials');
  const choices = [...new Set([...TRIAL_CHOICES.filter((n) => n <= limits.trials.max), state.trials ?? scenario.simulation.trials])].sort((a, b) => a - b);
  trials.replaceChildren(...choices.map((n) => new Option(n.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US'), String(n))));
  trials.value = String(state.trials ?? scenario.simulation.trials);
  $('seed').value = String(state.seed ?? scenario.simulation.seed);
  const compare = $('compare');
  compare.replaceChildren(new Option(L.compareSelf, ''), ...scenarios.filter((s) => s.id !== state.scenario).map((s) => new Option(s.title, s.id)));
  compare.value = scenarios.some((s) => s.id === state.compare) ? state.compare : '';
}

/** An event's impact in words: "−20% to −5%", or one number. */
function describeImpact(impact) {
  const pct = (v) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(Math.round(v * 100))}%`;
  if (typeof impact === 'number') return pct(impact);
  if (!impact || typeof impact !== 'object') return '';
  const lo = impact.min ?? impact.low;
  const hi = impact.max ?? impact.high;
  return typeof lo === 'number' && typeof hi === 'number' ? `${pct(lo)} ${t().to} ${pct(hi)}` : '';
}

/** Notes of levers or events, reachable by keyboard, touch and screen reader (not only on hover). */
function notesList(items, word) {
  const withNotes = items.filter((x) => x.notes);
  if (!withNotes.length) return [];
  const details = document.createElement('details');
  details.className = 'notes';
  const summary = cell('summary', t().about(word));
  const dl = document.createElement('dl');
  for (const x of withNotes) dl.append(cell('dt', nameIn(x, state.lang)), cell('dd', x.notes));
  details.append(summary, dl);
  return [details];
}

function showVol() {
  $('vol-out').textContent = `×${Number(state.vol).toFixed(1)}`;
  $('vol').setAttribute('aria-valuetext', $('vol-out').textContent);
}

function applyLanguage() {
  const L = t();
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const text = L[el.dataset.i18n];
    if (typeof text === 'string') el.textContent = text;
  }
  document.title = `future-industry-sim: ${L.title}`;
  $('lang').value = state.lang;
  $('unit').value = state.unit;
  for (const box of document.querySelectorAll('.chart-actions')) buildChartActions(box);
}

function buildChartActions(box) {
  const L = t();
  const chart = box.dataset.chart;
  const png = document.createElement('button');
  png.type = 'button';
  png.className = 'secondary';
  png.textContent = L.downloadPng;
  png.id = `png-${chart}`;
  png.addEventListener('click', () => downloadPng(chart));
  const embed = document.createElement('button');
  embed.type = 'button';
  embed.className = 'secondary';
  embed.textContent = L.embed;
  embed.id = `embed-${chart}`;
  embed.addEventListener('click', () => openEmbed(chart, embed));
  // a preview's charts are neither downloaded nor embedded: they wait for the full run
  png.disabled = embed.disabled = Boolean(current?.preview);
  box.replaceChildren(png, embed);
}

// ---------- running ----------

let timer;
/** One run at a time from this page: changes during a run are run together when it ends. */
let running = false;
let again = false;
/** While a scenario loads the state is half switched: no run starts (the load ends with one). */
let loading = false;
/** The run in flight: when it started, its share done (0 to 1) and why it was stopped ('cancel' or 'stale'). */
let flight;
/** The full results last drawn ({state, scenario, current}: what they were run with), so Cancel can go back to them. */
let shown;
/** The control last changed, for focus to return to after Cancel. */
let lastControl;
// a run not done after this long shows its progress and Cancel; a shorter one shows nothing
const PROGRESS_DELAY_MS = 1000;
// a stale run that will take longer than this is stopped rather than awaited; a shorter one is
// awaited (stopping a run on the server replaces its worker threads, which costs more than it saves)
const STALE_MS = 1000;
const RUN_STATE = ['scenario', 'version', 'trials', 'seed', 'compare', 'compareVersion', 'shifts', 'delivery', 'vol', 'off'];

const progress = new ProgressView(
  { box: $('progress'), bar: $('progress-bar'), percent: $('progress-percent'), live: $('progress-live') },
  {
    delayMs: PROGRESS_DELAY_MS,
    announce: (pct, first) => t().progressAnnounce(pct, first),
    onShow: () => {
      probe.progressShown += 1;
      if (again) stopStale();
    },
  },
);

/** Something the run depends on changed: update the URL now and rerun after a short pause. */
function changed() {
  probe.lastInputAt = performance.now();
  if (lastChangeAt >= 0 && probe.gaps.length < 1000) probe.gaps.push(probe.lastInputAt - lastChangeAt);
  lastChangeAt = probe.lastInputAt;
  if (document.activeElement?.id && $('form').contains(document.activeElement)) lastControl = document.activeElement.id;
  writeUrl();
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

function requestBody(withOverrides) {
  const body = { scenarioId: state.scenario };
  if (state.version !== undefined) body.version = state.version;
  body.trials = state.trials ?? scenario.simulation.trials;
  body.seed = state.seed ?? scenario.simulation.seed;
  const o = withOverrides ? overrides() : {};
  if (Object.keys(o).length) body.overrides = o;
  return body;
}

function comparisonBody() {
  if (state.compare) {
    const body = requestBody(false);
    return { scenarioId: state.compare, ...(state.compareVersion !== undefined ? { version: state.compareVersion } : {}), trials: body.trials, seed: body.seed };
  }
  return requestBody(false);
}

/** The preview's request of a run request: the same, with PREVIEW_TRIALS trials. */
const previewOf = (body) => ({ ...body, trials: PREVIEW_TRIALS });

/** Whether the run in flight is a long one: its progress is shown (it took a second already), or its progress says over a second remains. */
function isLong(f) {
  const elapsed = performance.now() - f.started;
  if (elapsed >= PROGRESS_DELAY_MS) return true;
  return f.fraction >= 0.05 && (elapsed * (1 - f.fraction)) / f.fraction > STALE_MS;
}

/** Newer assumptions wait: a long run in flight for older ones is stopped rather than awaited (a request the new ones need too keeps running). */
function stopStale() {
  if (!flight || flight.why || !isLong(flight)) return;
  flight.why = 'stale';
  const keep = [requestBody(true), comparisonBody()];
  if (runs.abort([...keep, ...keep.map(previewOf)])) probe.stopped += 1;
  // the next run starts now, joining the requests that were kept
  flight.end(new Error('stale'));
}

/** Whether the next run shows its progress at once: the stale run it replaces was showing it. */
let progressCarries = false;

/**
 * Runs the state's assumptions and draws them. After a change (`preview`), a run of more than
 * PREVIEW_TRIALS trials that this page has not fetched yet is drawn first from its preview (the
 * same request with PREVIEW_TRIALS trials, marked as such), then from the full run.
 */
async function run({ preview = true } = {}) {
  clearTimeout(timer);
  if (loading) return;
  if (running) {
    again = true;
    stopStale();
    return;
  }
  running = true;
  probe.runs += 1;
  const inputAt = probe.lastInputAt;
  const started = performance.now();
  const ran = { state: structuredClone(Object.fromEntries(RUN_STATE.map((k) => [k, state[k]]))), scenario };
  const f = { started, fraction: 0, why: undefined, end: undefined };
  const ended = new Promise((_resolve, reject) => {
    f.end = reject;
  });
  flight = f;
  setStatus(t().running);
  $('content').setAttribute('aria-busy', 'true');
  progress.start(progressCarries);
  progressCarries = false;
  try {
    const body = requestBody(true);
    const cmp = comparisonBody();
    const same = JSON.stringify(cmp) === JSON.stringify(body);
    const bodies = same ? [body] : [body, cmp];
    // the share done of the run and its comparison together
    const shares = bodies.map(() => 0);
    const follow = (k) => (share) => {
      // a request kept from a stale run reports to the run that joined it
      if (flight !== f) return;
      shares[k] = share;
      f.fraction = shares.reduce((a, b) => a + b, 0) / shares.length;
      progress.update(f.fraction);
      if (again) stopStale();
    };
    const full = () => Promise.all(bodies.map((b, k) => runs.get(b, follow(k)).then((r) => (follow(k)(1), r))));
    /** The preview drawn by this run: when it was drawn and how long its API call and drawing took. */
    let drawn;
    let fullRuns;
    if (preview && body.trials > PREVIEW_TRIALS && bodies.some((b) => !runs.has(b))) {
      const [pm, pc] = await Promise.race([Promise.all(bodies.map((b) => runs.get(previewOf(b)))), ended]);
      // newer assumptions came meanwhile: they run next, and this preview is not drawn
      if (again) return;
      const fetched = performance.now();
      // the full run starts before the preview is drawn: the server works while the page draws
      fullRuns = full();
      current = { manifest: pm.body, comparison: pc?.body, cached: pm.cached, preview: { trials: body.trials } };
      render();
      const now = performance.now();
      drawn = { latency: inputAt === undefined ? undefined : now - inputAt, api: fetched - started, draw: now - fetched };
      if (inputAt !== undefined && probe.lastInputAt === inputAt) probe.previewLatencies.push(drawn.latency);
      setStatus(t().runningFull(body.trials.toLocaleString(locale())));
    }
    const requested = performance.now();
    const [main, comparison] = await Promise.race([fullRuns ?? full(), ended]);
    // newer assumptions came while the full run ran: it is dropped (their preview replaces this one's)
    if (drawn && again) return;
    current = { manifest: main.body, comparison: comparison?.body, cached: main.cached };
    shown = { ...ran, current };
    const fetched = performance.now();
    render();
    const now = performance.now();
    // the latency of the last input, unless another input came while this ran
    if (inputAt !== undefined && probe.lastInputAt === inputAt && !again) {
      probe.latencies.push(now - inputAt);
      // where the time went: waiting for more input, the API, drawing; and the preview's share (when one was drawn)
      const part = { wait: started - inputAt, api: fetched - started, draw: now - fetched, cached: main.cached };
      if (drawn) part.preview = { latency: drawn.latency, api: drawn.api, draw: drawn.draw, fullApi: fetched - requested };
      probe.parts.push(part);
      probe.lastInputAt = undefined;
    }
    setStatus(t().updated(Math.round(now - started), main.cached));
  } catch (err) {
    if (f.why === 'cancel') restoreShown();
    else if (f.why !== 'stale' && !again) {
      // a failed full run leaves the results drawn before it on screen, as a failed run always did, not its preview
      dropPreview();
      setStatus(err.message, true);
    }
  } finally {
    progressCarries = f.why === 'stale' && progress.visible;
    progress.stop();
    flight = undefined;
    running = false;
    if (again && !loading) {
      again = false;
      run();
    } else {
      $('content').removeAttribute('aria-busy');
    }
  }
}

/** Cancel: stops the run in flight (the server stops it too) and changes nothing else. */
function cancelRun() {
  if (!flight || flight.why === 'cancel') return;
  clearTimeout(timer);
  again = false;
  flight.why = 'cancel';
  runs.abort();
  flight.end(new Error('cancelled'));
}

/** A preview on screen gives way to the full results drawn before it (or to none). */
function dropPreview() {
  if (!current?.preview) return;
  current = shown?.current;
  if (current) render();
  else $('content').hidden = true;
}

/** After Cancel: the assumptions go back to those of the results on screen, which stay, and a notice says so. */
function restoreShown() {
  const L = t();
  probe.cancelled += 1;
  probe.lastInputAt = undefined;
  setStatus('');
  const focused = document.activeElement?.id;
  if (shown) {
    Object.assign(state, structuredClone(shown.state));
    scenario = shown.scenario;
    fillScenarioPicker();
    buildControls();
    writeUrl();
  }
  dropPreview();
  $('notice').textContent = shown ? L.cancelled : L.cancelledNothing;
  // the Cancel button goes, and the controls were rebuilt: focus goes back to the control last changed
  if (focused === 'cancel-run' || document.activeElement === document.body) {
    const control = $(focused === 'cancel-run' ? lastControl : focused) ?? $(lastControl);
    if (control) control.focus();
    else $('results').focus({ preventScroll: true });
  }
}

// ---------- rendering ----------

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function figure(label, value, detail) {
  const div = document.createElement('div');
  const dd = cell('dd', value);
  if (detail) dd.append(cell('span', detail));
  div.append(cell('dt', label), dd);
  return div;
}

function signedPp(d) {
  return d === null ? t().beyond : formatPp(d, 1);
}

function render() {
  const { manifest, comparison, preview } = current;
  const { result } = manifest;
  const sc = manifest.scenario;
  const L = t();
  const v = (x) => withUnit(x, state.unit, sc, state.lang);
  showPreview(preview, result.meta.trials);
  $('results-title').textContent = sc.title;
  $('run-meta').textContent = L.meta({ trials: result.meta.trials.toLocaleString(locale()), seed: result.meta.seed, engine: manifest.engineVersion, date: manifest.createdAt.slice(0, 10), id: manifest.id.slice(0, 12) });
  const changes = describeChanges(result.meta.overrides, sc, state.lang);
  const own = scenarioShifts(sc, state.lang);
  $('changes').textContent = (changes.length ? L.changed + changes.join(L.sep) : L.unchanged) + (own.length ? ` ${strings(state.lang).ownChanges}: ${own.join(L.sep)}.` : '');
  $('about-text').textContent = sc.description ?? '';
  $('about').hidden = !sc.description;

  const target = primaryTarget(result);
  const last = result.years.length - 1;
  const at = (y) => result.years.indexOf(y);
  const figures = [];
  if (target) {
    const other = comparison?.result.targets.find((x) => x.id === target.id);
    const delta = other && hasComparison(manifest, comparison) ? L.vs(formatPp(target.probability - other.probability, 1)) : '';
    figures.push(figure(L.chance(target, v(target.value)), formatPct(target.probability), delta));
    const i = at(target.year);
    const gap = target.gapAtMedian;
    figures.push(figure(L.median(target.year), v(target.p50), `${L.gap(v(Math.abs(gap)), gap >= 0)}${L.sep}${L.range(v(result.total.p5[i]), v(result.total.p95[i]))}`));
  }
  const lastYear = result.years[last];
  figures.push(figure(L.median(lastYear), v(result.total.p50[last]), L.range(v(result.total.p5[last]), v(result.total.p95[last]))));
  if (target) {
    const u = target.requiredGrowthUplift;
    figures.push(figure(L.uplift, `${signedPp(u.p50)} / ${signedPp(u.p80)}`, L.upliftHow));
  }
  $('figures').replaceChildren(...figures);
  // the narrow layout keeps the headline figure in view while the sliders are on screen
  $('mini').textContent = target ? `${preview ? `${L.previewShort} · ` : ''}${L.chance(target, v(target.value))}: ${formatPct(target.probability)} · ${L.median(target.year)}: ${v(target.p50)}` : '';

  for (const name of CHARTS) drawChart(name);
  $('fan-caption').textContent = L.fanCaption + (hasComparison(manifest, comparison) ? ` ${L.fanCaptionDashed}` : '');
  fieldTable();
  exportsOf(preview ? undefined : manifest);
  if (!$('save-title-input').dataset.touched) {
    $('save-title-input').value = changes.length ? `${sc.title} (${state.lang === 'zh' ? '调整' : 'my changes'})` : sc.title;
    $('save-id').value = slug($('save-title-input').value, sc.id);
    checkSaveId();
  }
  $('content').hidden = false;
  if (preview) probe.previews += 1;
  else probe.renders += 1;
}

/** The preview's marks (a note by the key figures, a badge on each chart and the table), or none for a full run. */
function showPreview(preview, trials) {
  const L = t();
  const n = trials.toLocaleString(locale());
  const of = preview?.trials.toLocaleString(locale());
  $('content').classList.toggle('is-preview', Boolean(preview));
  $('preview-note').hidden = !preview;
  $('preview-note').textContent = preview ? L.preview(n, of) : '';
  for (const badge of document.querySelectorAll('[data-preview-badge]')) {
    badge.hidden = !preview;
    badge.textContent = preview ? L.previewBadge(n, of) : '';
  }
}

/**
 * The run's exports (JSON, CSV, each chart's PNG and Embed), or, while a preview is on screen,
 * none: they wait for the full run, so nothing made from a preview leaves the page.
 */
function exportsOf(manifest) {
  for (const [id, href] of [
    ['json-link', manifest && `/api/runs/${manifest.id}`],
    ['csv-link', manifest && `/api/runs/${manifest.id}.csv`],
  ]) {
    const a = $(id);
    if (href) {
      a.href = href;
      a.removeAttribute('aria-disabled');
    } else {
      a.removeAttribute('href');
      a.setAttribute('aria-disabled', 'true');
    }
  }
  for (const button of document.querySelectorAll('.chart-actions button')) button.disabled = !manifest;
}

function viewOf(extra = {}) {
  return { unit: state.unit, lang: state.lang, interactive: true, caption: false, ...extra };
}

function drawChart(name) {
  const { manifest, comparison } = current;
  const config = chartConfig(name, manifest, comparison, viewOf());
  const canvas = $(`chart-${name}`);
  const badge = current.preview ? `${t().previewBadge(manifest.result.meta.trials.toLocaleString(locale()), current.preview.trials.toLocaleString(locale()))}. ` : '';
  canvas.setAttribute('aria-label', badge + describeChart(name, manifest, viewOf()));
  const existing = charts[name];
  if (existing) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update('none');
  } else {
    charts[name] = new window.Chart(canvas, config);
  }
}

/**
 * An id for a title: its Latin letters and digits, or (for a title without them, e.g. in Chinese)
 * the scenario's id with the first free number, so two saves never share an id by accident.
 */
function slug(title, scenarioId) {
  const s = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (s && s !== scenarioId && !scenarios.some((x) => x.id === s && x.source === 'bundled')) return s;
  const stem = scenarioId.replace(/-\d+$/, '').slice(0, 58);
  for (let n = 2; ; n++) if (!scenarios.some((x) => x.id === `${stem}-${n}`)) return `${stem}-${n}`;
}

function fieldTable() {
  const { manifest } = current;
  const { result } = manifest;
  const sc = manifest.scenario;
  const L = t();
  const n = (x) => formatValue(x, state.unit, sc, state.lang);
  const range = (stats, i) => `${n(stats.p50[i])} (${n(stats.p5[i])}–${n(stats.p95[i])})`;
  const target = primaryTarget(result);
  const years = [...new Set([target?.year, result.years[result.years.length - 1]].filter((y) => result.years.includes(y)))];
  const table = $('field-table');
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  const unit = strings(state.lang).unitShort[state.unit];
  for (const h of [L.field, ...years.map((y) => L.medianIn(y, unit)), L.sources]) {
    const th = cell('th', h);
    th.scope = 'col';
    head.append(th);
  }
  // one group of rows per cluster, headed by its name and its own median and range
  for (const c of sc.clusters) {
    const body = table.createTBody();
    const group = body.insertRow();
    group.className = 'group';
    const cname = cell('th', nameIn(c, state.lang));
    cname.scope = 'rowgroup';
    group.append(cname);
    for (const y of years) {
      const i = result.years.indexOf(y);
      const cs = result.clusters[c.id];
      group.append(cell('td', cs ? range(cs, i) : ''));
    }
    group.append(cell('td', ''));
    for (const f of c.fields) {
      const stats = result.fields[f.id];
      if (!stats) continue;
      const tr = body.insertRow();
      const name = cell('th', nameIn(f, state.lang));
      name.scope = 'row';
      const sources = f.sources ?? [];
      // hover shows everything; the Sources cell has the same, for keyboard and touch
      name.title = [sources.length ? sources.join('\n') : L.noSources, f.provenance?.base, f.provenance?.growth].filter(Boolean).join('\n\n');
      tr.append(name);
      for (const y of years) {
        const i = result.years.indexOf(y);
        tr.append(cell('td', range(stats, i)));
      }
      const td = document.createElement('td');
      td.append(fieldSources(f, sources));
      tr.append(td);
    }
  }
  markOverflow();
}

/** Says so, in words and with an edge shadow, when the field table is wider than its box (a phone). */
function markOverflow() {
  const box = $('fields-scroll');
  const overflows = box.scrollWidth > box.clientWidth + 1;
  box.classList.toggle('overflows', overflows);
  $('fields-scroll-hint').hidden = !overflows;
}

/** A field's sources and how it was estimated, folded. */
function fieldSources(f, sources) {
  const L = t();
  const estimate = [f.provenance?.base, f.provenance?.growth].filter(Boolean);
  if (!sources.length && !estimate.length) return cell('span', '—');
  const details = document.createElement('details');
  details.append(cell('summary', sources.length ? L.sourcesOf(sources.length) : L.estimate));
  if (sources.length) {
    const list = document.createElement('ol');
    for (const text of sources) {
      const li = document.createElement('li');
      const url = text.match(/https?:\/\/[^\s,;)]+/)?.[0];
      if (url) {
        const a = document.createElement('a');
        a.href = url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        a.textContent = text;
        li.append(a);
      } else li.textContent = text;
      list.append(li);
    }
    details.append(list);
  }
  if (estimate.length) details.append(cell('p', `${L.estimate}: ${estimate.join(' ')}`));
  return details;
}

// ---------- exports ----------

function chartQuery(chart) {
  const { manifest, comparison } = current;
  const q = new URLSearchParams({ run: manifest.id, chart });
  if (hasComparison(manifest, comparison)) q.set('compare', comparison.id);
  if (state.unit !== 'cny') q.set('unit', state.unit);
  if (state.lang !== 'en') q.set('lang', state.lang);
  return q;
}

function imageUrl(chart) {
  const q = chartQuery(chart);
  q.delete('run');
  q.delete('chart');
  const s = q.toString();
  return `${location.origin}/api/runs/${current.manifest.id}/charts/${chart}.png${s ? `?${s}` : ''}`;
}

/** A PNG of the chart as it will look in a report: white background and the caption, at twice the pixels. */
function downloadPng(chart) {
  if (current.preview) return;
  const { manifest, comparison } = current;
  const config = chartConfig(chart, manifest, comparison, viewOf({ interactive: false, caption: true, devicePixelRatio: 2 }));
  const canvas = document.createElement('canvas');
  canvas.width = 900;
  // as the server's images: taller when a long caption needs the room
  canvas.height = Math.max(540, heightFor(canvas.getContext('2d'), config, 900));
  const instance = new window.Chart(canvas, config);
  const a = document.createElement('a');
  a.href = instance.toBase64Image('image/png');
  a.download = `${manifest.scenario.id}-${chart}-${manifest.id.slice(0, 12)}.png`;
  instance.destroy();
  document.body.append(a);
  a.click();
  a.remove();
}

/** Text as an HTML attribute value (between double quotes). */
const attr = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let embedOpener;
function openEmbed(chart, opener) {
  if (current.preview) return;
  embedOpener = opener;
  const src = `${location.origin}/embed?${chartQuery(chart)}`;
  const title = `${current.manifest.scenario.title}: ${t().chartNames[chart]}`;
  $('embed-code').value = `<iframe src="${attr(src)}" width="900" height="600" style="border:0;max-width:100%" title="${attr(title)}" loading="lazy"></iframe>`;
  $('image-url').value = imageUrl(chart);
  $('open-image').href = imageUrl(chart);
  $('embed-status').textContent = '';
  $('embed-dialog').showModal();
  $('embed-code').select();
}

async function copy(text, statusEl, done, fallback) {
  try {
    await navigator.clipboard.writeText(text);
    statusEl.textContent = done;
  } catch {
    statusEl.textContent = fallback;
  }
}

/** The saved id a first press of Save found taken, so the next press adds its new version (saving over an id asks first). */
let confirmedId = '';

async function save(event) {
  event.preventDefault();
  const title = $('save-title-input').value.trim();
  const id = $('save-id').value.trim();
  const taken = scenarios.find((x) => x.id === id && x.source === 'saved');
  if (taken && confirmedId !== id) {
    confirmedId = id;
    $('save').textContent = t().saveVersion(taken.version + 1);
    $('save-status').textContent = t().confirmVersion(id, taken.version, taken.title);
    return;
  }
  confirmedId = '';
  $('save').textContent = t().save;
  const from = state.scenario;
  const body = { id, title, trials: state.trials ?? scenario.simulation.trials, seed: state.seed ?? scenario.simulation.seed, overrides: overrides() };
  if (state.version !== undefined) body.version = state.version;
  $('save').disabled = true;
  try {
    const { body: saved, status } = await post(`/api/scenarios/${encodeURIComponent(from)}/variants`, body);
    ({ body: { scenarios } } = await api('/api/scenarios'));
    // the saved scenario holds the trials and seed it was saved with: its own defaults from now on
    await switchScenario({ scenario: saved.id, version: saved.version, shifts: {}, delivery: {}, vol: 1, off: [], compare: '', trials: undefined, seed: undefined });
    fillScenarioPicker();
    $('save-status').textContent = status === 201 ? t().saved(saved.id, saved.version) : t().unchangedSave(saved.id, saved.version);
    writeUrl();
    await run();
  } catch (err) {
    $('save-status').textContent = err.message;
  } finally {
    $('save').disabled = false;
    $('save').focus();
  }
}

/** Says when the id is taken: a saved id gets a new version, a bundled one is refused. */
function checkSaveId() {
  const id = $('save-id').value.trim();
  // another id (or a new title) asks again before saving over a taken one
  if (confirmedId) {
    confirmedId = '';
    $('save').textContent = t().save;
    $('save-status').textContent = '';
  }
  const taken = scenarios.find((x) => x.id === id);
  $('save-id-hint').textContent = !taken ? '' : taken.source === 'bundled' ? t().idBundled(id) : t().idTaken(id);
}

// ---------- start ----------

function fillScenarioPicker() {
  $('scenario').replaceChildren(...scenarios.map((s) => new Option(`${s.title}${s.source === 'saved' ? ` (v${s.version})` : ''}`, s.id)));
  $('scenario').value = state.scenario;
}

/** Loads the picked scenario, fits the state to it and builds its controls; notes what it had to change. */
async function loadScenario(notes = []) {
  const entry = scenarios.find((x) => x.id === state.scenario);
  // saved versions are numbered 1 … latest: a link past the latest shows the latest, and says so
  if (entry?.source === 'saved' && state.version !== undefined && state.version > entry.version) {
    notes.push(t().versionGone(state.version, entry.version));
    state.version = entry.version;
  }
  const q = state.version !== undefined ? `?version=${state.version}` : '';
  try {
    ({ body: scenario } = await api(`/api/scenarios/${encodeURIComponent(state.scenario)}${q}`));
  } catch (err) {
    // a saved version that is not there after all: show the latest one and say so
    if (state.version === undefined || entry?.source !== 'saved' || entry.version === state.version) throw err;
    notes.push(t().versionGone(state.version, entry.version));
    state.version = entry.version;
    ({ body: scenario } = await api(`/api/scenarios/${encodeURIComponent(state.scenario)}?version=${state.version}`));
  }
  notes.push(...sanitize());
  showNotice(notes);
  await fillVersionPicker(entry);
  buildControls();
}

/** Every version of a saved scenario, to pick from (bundled ones have none: the picker hides). */
async function fillVersionPicker(entry) {
  const saved = entry?.source === 'saved';
  $('version-field').hidden = !saved;
  if (!saved) return;
  const { body: { versions } } = await api(`/api/scenarios/${encodeURIComponent(entry.id)}/versions`);
  $('version').replaceChildren(...versions.map((v) => new Option(t().versionOption(v.version, v.createdAt.slice(0, 10), v.title), String(v.version))));
  $('version').value = String(state.version ?? entry.version);
}

/**
 * Switches to another scenario (or version) with `changes` to the state. Trials and seed carry
 * over unless `changes` says otherwise (the same seed keeps two scenarios on the same random
 * numbers). No run starts while the state is half switched.
 */
async function switchScenario(changes) {
  clearTimeout(timer);
  loading = true;
  Object.assign(state, changes);
  $('save-title-input').dataset.touched = '';
  try {
    await loadScenario();
  } finally {
    loading = false;
    again = false;
  }
}

function resetAssumptions() {
  Object.assign(state, { shifts: {}, delivery: {}, vol: 1, off: [], trials: scenario.simulation.trials, seed: scenario.simulation.seed, compare: '' });
  buildControls();
  changed();
}

async function init() {
  readUrl();
  applyLanguage();
  try {
    [{ body: { scenarios } }, { body: limits }] = await Promise.all([api('/api/scenarios'), api('/api/limits')]);
  } catch (err) {
    setStatus(t().loadFailed(err.message), true);
    return;
  }
  $('seed').max = String(limits.seed.max);
  // a turned phone or a resized window can make the table fit, or not
  new ResizeObserver(markOverflow).observe($('fields-scroll'));
  const notes = [];
  if (!scenarios.some((s) => s.id === state.scenario)) {
    if (state.scenario) notes.push(t().unknownId(`scenario=${state.scenario}`));
    state.scenario = (scenarios.find((s) => s.id === 'baseline') ?? scenarios[0]).id;
    state.version = undefined;
  }
  const entry = scenarios.find((s) => s.id === state.scenario);
  if (entry.source === 'saved' && state.version === undefined) state.version = entry.version;
  if (entry.source === 'bundled') state.version = undefined;
  fillScenarioPicker();
  const loaded = await loadScenario(notes).then(
    () => true,
    (err) => {
      setStatus(err.message, true);
      return false;
    },
  );
  writeUrl();
  // a form that is never submitted: Enter in a field applies that field (see the listeners)
  $('form').addEventListener('submit', (e) => e.preventDefault());

  $('scenario').addEventListener('change', async () => {
    const picked = scenarios.find((s) => s.id === $('scenario').value);
    try {
      // changes carry over where the new scenario has the same clusters, levers and events
      await switchScenario({ scenario: picked.id, version: picked.source === 'saved' ? picked.version : undefined, compare: state.compare === picked.id ? '' : state.compare });
    } catch (err) {
      setStatus(err.message, true);
      return;
    }
    changed();
  });
  $('version').addEventListener('change', async () => {
    try {
      await switchScenario({ version: Number($('version').value) });
    } catch (err) {
      setStatus(err.message, true);
      return;
    }
    changed();
  });
  $('compare').addEventListener('change', () => {
    state.compare = $('compare').value;
    const other = scenarios.find((x) => x.id === state.compare);
    state.compareVersion = other?.source === 'saved' ? other.version : undefined;
    changed();
  });
  $('vol').addEventListener('input', () => {
    state.vol = Number($('vol').value);
    showVol();
    changed();
  });
  $('trials').addEventListener('change', () => {
    state.trials = Number($('trials').value);
    changed();
  });
  $('seed').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') $('seed').dispatchEvent(new Event('change'));
  });
  $('seed').addEventListener('change', () => {
    const seed = Number($('seed').value);
    if ($('seed').value === '' || !validSeed(seed)) {
      setStatus(t().badSeed(limits.seed.max), true);
      return;
    }
    state.seed = seed;
    changed();
  });
  $('reset').addEventListener('click', () => {
    showNotice([]);
    resetAssumptions();
  });
  $('copy-link').addEventListener('click', () => copy(location.href, $('copy-status'), t().linkCopied, t().linkShown));
  $('lang').addEventListener('change', () => {
    state.lang = langOf($('lang').value);
    // messages written in the other language go
    for (const id of ['copy-status', 'status', 'save-status', 'notice']) $(id).textContent = '';
    writeUrl();
    applyLanguage();
    buildControls();
    if (current) render();
  });
  $('unit').addEventListener('change', () => {
    state.unit = unitOf($('unit').value);
    writeUrl();
    if (current) render();
  });
  $('save-form').addEventListener('submit', save);
  $('save-title-input').addEventListener('input', () => {
    $('save-title-input').dataset.touched = '1';
    $('save-id').value = slug($('save-title-input').value, state.scenario);
    checkSaveId();
  });
  $('copy-embed').addEventListener('click', () => copy($('embed-code').value, $('embed-status'), t().snippetCopied, t().linkShown));
  $('close-embed').addEventListener('click', () => $('embed-dialog').close());
  // focus goes back to the Embed button that opened the dialog, unless it has moved on already:
  // the close event comes a task after close() (which itself returns focus to the opener), so
  // focusing unconditionally here would take focus from a control focused in between. A render
  // while the dialog was open replaces the buttons: then the new button of the same chart.
  $('embed-dialog').addEventListener('close', () => {
    const focused = document.activeElement;
    if (focused && focused !== document.body && !$('embed-dialog').contains(focused)) return;
    (embedOpener?.isConnected ? embedOpener : embedOpener && $(embedOpener.id))?.focus();
  });
  $('save-id').addEventListener('input', checkSaveId);
  $('cancel-run').addEventListener('click', cancelRun);
  document.addEventListener('keydown', (e) => {
    // Escape cancels a long run whose progress is shown (unless it closes a dialog)
    if (e.key === 'Escape' && progress.visible && !document.querySelector('dialog[open]')) cancelRun();
  });
  // a link's run is usually stored: it is drawn at once, without a preview
  if (loaded) await run({ preview: false });
}

// chart.js loads with `defer`, this module after it
init();
