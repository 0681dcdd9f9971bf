// Chart.js configurations of the three charts (fan, clusters, probability), shared by the page,
// the embed and the server's PNG images, so all three look the same. Pure: run manifests in,
// plain chart configs out; no DOM, no Chart import.
import { chartFont, GRID, INK } from './chart-style.js';
import { shareSe, withSe } from './mc-error.js';
import { backgroundPlugin, captionPlugin } from './plugins.js';
import { captionLines, formatValue, nameIn, strings, unitFactor, withUnit } from './text.js';

export { heightFor } from './plugins.js';

/** The charts, in the order the page shows them. */
export const CHARTS = ['fan', 'clusters', 'probability'];

/** Colours: blue fan, Okabe–Ito for clusters (distinguishable with colour-blindness). */
const BLUE = '#0b57a4';
const CLUSTER_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999'];
const TARGET_COLOURS = ['#a11d1d', '#7a4d00', '#4b0082'];

/** The target the page is about: the first one on the total in 2030, else the first on the total, else the first. */
export function primaryTarget(result) {
  return result.targets.find((t) => t.scope === 'total' && t.year === 2030) ?? result.targets.find((t) => t.scope === 'total') ?? result.targets[0];
}

/**
 * Options every chart shares.
 * @param view {unit, lang, caption (draw the caption into the image), fontFamily, interactive}
 */
function baseOptions(title, yTitle, view, captions, yTicks) {
  // captions: the caption's lines, drawn into the image when view.caption is set
  const font = chartFont(view);
  return {
    responsive: view.interactive === true,
    maintainAspectRatio: false,
    animation: false,
    devicePixelRatio: view.devicePixelRatio,
    font,
    color: INK,
    interaction: { mode: 'index', intersect: false },
    layout: { padding: { top: 4, right: 12, bottom: 4, left: 4 } },
    scales: {
      x: { title: { display: true, text: strings(view.lang).yearAxis, color: INK, font }, ticks: { color: INK, font }, grid: { color: GRID } },
      y: { title: { display: true, text: yTitle, color: INK, font }, ticks: { color: INK, font, callback: yTicks }, grid: { color: GRID }, beginAtZero: true },
    },
    plugins: {
      title: { display: true, text: title, color: INK, font: { ...font, size: 16, weight: 'bold' }, align: 'start' },
      legend: {
        position: 'bottom',
        align: 'start',
        labels: {
          color: INK,
          font,
          boxWidth: 18,
          usePointStyle: true,
          pointStyleWidth: 22,
          filter: (item) => !item.text.startsWith('_'),
          sort: (a, b) => a.datasetIndex - b.datasetIndex,
        },
      },
      tooltip: { enabled: view.interactive === true },
      background: { color: '#fff' },
      caption: { lines: view.caption ? captions : [], fontFamily: font.family },
    },
  };
}

/** Label of the dashed comparison line (a median, or a chance): the same scenario without changes, or another scenario. */
function comparisonLabel(manifest, comparison, lang, chance = false) {
  const s = strings(lang);
  const same = comparison.scenario.id === manifest.scenario.id;
  if (chance) return same ? s.comparisonChance : s.comparisonChanceOther(comparison.scenario.title);
  return same ? s.comparison : s.comparisonOther(comparison.scenario.title);
}

/** The comparison's line: dark grey, dashed. */
const dashed = (label, data) => ({
  label,
  data,
  borderColor: '#3d4550',
  backgroundColor: 'transparent',
  borderDash: [6, 4],
  borderWidth: 2,
  pointRadius: 0,
  pointStyle: 'line',
  fill: false,
});

/** Whether a comparison run is drawn: there is one, and it is not the run itself. */
export const hasComparison = (manifest, comparison) => comparison !== undefined && comparison !== null && comparison.id !== manifest.id;

/** What a fan chart can show: the total, each cluster, each field (their ids, in the scenario's order). */
export function scopesOf(scenario) {
  return ['total', ...(scenario.clusters ?? []).flatMap((c) => [c.id, ...(c.fields ?? []).map((f) => f.id)])];
}

/** The percentiles of a scope (total, a cluster or a field) in a run's result, or undefined. */
export const statsOf = (result, scope = 'total') => (scope === 'total' ? result.total : (result.clusters[scope] ?? result.fields[scope]));

/** The name of a scope (total, a cluster or a field) in a language. */
export function scopeName(scenario, scope, lang) {
  for (const c of scenario.clusters ?? []) {
    if (c.id === scope) return nameIn(c, lang);
    const f = (c.fields ?? []).find((x) => x.id === scope);
    if (f) return nameIn(f, lang);
  }
  return scope;
}

/**
 * The fan chart of the total (or of `view.scope`: a cluster or a field): 5–95% and 25–75% bands,
 * the median, the targets on that scope as markers, and the comparison run's median dashed.
 */
function fanChart(manifest, comparison, view) {
  const { result, scenario } = manifest;
  const s = strings(view.lang);
  const scope = view.scope ?? 'total';
  const stats = statsOf(result, scope);
  if (!stats) throw new Error(`unknown scope ${scope}; scopes: ${scopesOf(scenario).join(', ')}`);
  const k = unitFactor(view.unit, scenario);
  const scale = (xs) => xs.map((v) => v * k);
  const labels = result.years.map(String);
  const datasets = [
    { label: '_p5', data: scale(stats.p5), borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: 'transparent' },
    {
      label: s.band90,
      data: scale(stats.p95),
      borderWidth: 0,
      pointRadius: 0,
      pointStyle: 'rect',
      fill: '-1',
      backgroundColor: 'rgba(11, 87, 164, 0.16)',
      borderColor: 'rgba(11, 87, 164, 0.16)',
    },
    { label: '_p25', data: scale(stats.p25), borderWidth: 0, pointRadius: 0, fill: false, backgroundColor: 'transparent' },
    {
      label: s.band50,
      data: scale(stats.p75),
      borderWidth: 0,
      pointRadius: 0,
      pointStyle: 'rect',
      fill: '-1',
      backgroundColor: 'rgba(11, 87, 164, 0.34)',
      borderColor: 'rgba(11, 87, 164, 0.34)',
    },
    { label: s.median, data: scale(stats.p50), borderColor: BLUE, backgroundColor: BLUE, borderWidth: 2.5, pointRadius: 0, pointStyle: 'line', fill: false },
  ];
  const other = hasComparison(manifest, comparison) ? statsOf(comparison.result, scope) : undefined;
  if (other) {
    const byYear = new Map(comparison.result.years.map((y, i) => [y, other.p50[i]]));
    datasets.push(
      dashed(
        comparisonLabel(manifest, comparison, view.lang),
        result.years.map((y) => (byYear.has(y) ? byYear.get(y) * k : null)),
      ),
    );
  }
  const primary = primaryTarget(result);
  result.targets
    .filter((t) => t.scope === scope && result.years.includes(t.year))
    .forEach((t, i) => {
      const colour = TARGET_COLOURS[i % TARGET_COLOURS.length];
      datasets.push({
        label: (t === primary ? s.target : s.milestone)(t, withUnit(t.value, view.unit, scenario, view.lang)),
        order: -1, // markers on top of the bands and lines
        data: result.years.map((y) => (y === t.year ? t.value * k : null)),
        showLine: false,
        pointStyle: i === 0 ? 'rectRot' : 'triangle',
        pointRadius: 9,
        pointHoverRadius: 10,
        pointBorderWidth: 2,
        borderColor: colour,
        backgroundColor: i === 0 ? colour : '#fff',
        fill: false,
      });
    });
  const title = scope === 'total' ? s.fanTitle : s.fanTitleOf(scopeName(scenario, scope, view.lang));
  const options = baseOptions(title, s.unit[view.unit], view, chartCaption('fan', manifest, comparison, view.lang), (v) => formatAxis(v, view));
  options.plugins.tooltip.callbacks = {
    label: (item) => (item.dataset.label.startsWith('_') ? null : `${item.dataset.label}: ${formatValue(item.raw / k, view.unit, scenario, view.lang)}`),
  };
  options.plugins.tooltip.filter = (item) => !item.dataset.label.startsWith('_') && item.raw !== null;
  return { type: 'line', data: { labels, datasets }, options };
}

/** The clusters' medians as a stacked area chart. */
function clustersChart(manifest, comparison, view) {
  const { result, scenario } = manifest;
  const s = strings(view.lang);
  const k = unitFactor(view.unit, scenario);
  const clusters = scenario.clusters.filter((c) => result.clusters[c.id]);
  const datasets = clusters.map((c, i) => {
    const colour = CLUSTER_COLOURS[i % CLUSTER_COLOURS.length];
    return {
      label: nameIn(c, view.lang),
      data: result.clusters[c.id].p50.map((v) => v * k),
      borderColor: colour,
      backgroundColor: `${colour}b3`,
      borderWidth: 1.5,
      pointRadius: 0,
      pointStyle: 'rect',
      fill: i === 0 ? 'origin' : '-1',
    };
  });
  if (hasComparison(manifest, comparison)) {
    // the top of the comparison's stack (the sum of its clusters' medians), dashed, in a stack of its own
    const other = comparison.result;
    const byYear = new Map(other.years.map((y, i) => [y, clusters.reduce((sum, c) => sum + (other.clusters[c.id]?.p50[i] ?? 0), 0)]));
    const same = comparison.scenario.id === manifest.scenario.id;
    datasets.push({
      ...dashed(
        same ? s.comparisonStack : s.comparisonStackOther(comparison.scenario.title),
        result.years.map((y) => (byYear.has(y) ? byYear.get(y) * k : null)),
      ),
      stack: 'comparison',
    });
  }
  const options = baseOptions(s.clustersTitle, s.unit[view.unit], view, chartCaption('clusters', manifest, comparison, view.lang), (v) => formatAxis(v, view));
  options.scales.y.stacked = true;
  options.plugins.tooltip.callbacks = { label: (item) => `${item.dataset.label}: ${formatValue(item.raw / k, view.unit, scenario, view.lang)}` };
  return { type: 'line', data: { labels: result.years.map(String), datasets }, options };
}

/** The chance that the primary target's value has been reached in some year up to each year. */
function probabilityChart(manifest, comparison, view) {
  const { result, scenario } = manifest;
  const s = strings(view.lang);
  const target = primaryTarget(result);
  const years = result.years.slice(1);
  const datasets = [];
  if (target) {
    const label = s.reached(withUnit(target.value, view.unit, scenario, view.lang), target.year);
    datasets.push({
      label,
      data: years.map((y) => 100 * (target.reachedByYear[String(y)] ?? 0)),
      borderColor: BLUE,
      backgroundColor: BLUE,
      borderWidth: 2.5,
      pointRadius: 0,
      pointHoverRadius: 4,
      pointStyle: 'line',
      fill: false,
    });
    const other = hasComparison(manifest, comparison) ? comparison.result.targets.find((t) => t.id === target.id) : undefined;
    if (other) {
      datasets.push(
        dashed(
          comparisonLabel(manifest, comparison, view.lang, true),
          years.map((y) => (other.reachedByYear[String(y)] === undefined ? null : 100 * other.reachedByYear[String(y)])),
        ),
      );
    }
  }
  const options = baseOptions(s.probabilityTitle, s.chanceAxis, view, chartCaption('probability', manifest, comparison, view.lang), (v) => `${v}%`);
  options.scales.y.max = 100;
  // each chance ± its Monte Carlo error, √(p(1 − p)/N) with the trials of the run it comes from
  const trialsOf = (item) => (item.datasetIndex === 0 ? manifest : comparison).result.meta.trials;
  options.plugins.tooltip.callbacks = { label: (item) => `${item.dataset.label}: ${withSe(item.raw / 100, shareSe(item.raw / 100, trialsOf(item)), view.lang)}` };
  return { type: 'line', data: { labels: years.map(String), datasets }, options };
}

/** The caption of a chart: run, changes, the comparison when the chart draws one, how to read it. */
export function chartCaption(chart, manifest, comparison, lang) {
  const other = hasComparison(manifest, comparison) ? comparison : undefined;
  return captionLines(manifest, lang, other, chart === 'clusters' ? [strings(lang).stackNote] : []);
}

const BUILDERS = { fan: fanChart, clusters: clustersChart, probability: probabilityChart };

/** The config of a chart by name (fan, clusters, probability). */
export function chartConfig(chart, manifest, comparison, view) {
  const build = BUILDERS[chart];
  if (!build) throw new Error(`unknown chart ${chart}; charts: ${CHARTS.join(', ')}`);
  const config = build(manifest, comparison, view);
  config.plugins = [backgroundPlugin, captionPlugin];
  return config;
}

function formatAxis(value, view) {
  return Number(value).toLocaleString(view.lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 });
}
