// The tornado chart of a run's free sensitivity figures (result.sensitivity): for one output (a
// target's chance, the total or a cluster in a target year), the ten inputs with the largest
// swing, each a bar from the output's mean when the input is in its bottom tenth to its mean when
// the input is in its top tenth, around the output's mean over all worlds. Shared by the page, the
// embed and the server's PNG images. Pure: a run manifest in, a chart.js config out; no DOM.
import { chartFont, GRID, INK } from './chart-style.js';
import { groupLabel, inputLabel, outputLabel } from './analysis-labels.js';
import { primaryTarget } from './charts.js';
import { backgroundPlugin, captionPlugin } from './plugins.js';
import { captionLines, formatPct, formatValue, strings, unitFactor } from './text.js';

/** How many inputs a tornado shows. */
const TORNADO_BARS = 10;
const RAISES = '#0072B2';
const LOWERS = '#D55E00';

/** The outputs a run's tornado can show ('target:<id>', 'total@<year>', '<cluster>@<year>'), or [] for a run without sensitivity figures. */
export const tornadoOutputs = (result) => (result.sensitivity?.outputs ?? []).map((o) => o.output);

/** The output a tornado shows first: the page's target's chance, else the first output. */
export function defaultOutput(result) {
  const outputs = tornadoOutputs(result);
  const target = primaryTarget(result);
  const preferred = target && `target:${target.id}`;
  return outputs.includes(preferred) ? preferred : outputs[0];
}

/** The output a tornado shows when `picked` was asked for: it, when the run has it, else the default. */
export const outputShown = (result, picked) => (picked && tornadoOutputs(result).includes(picked) ? picked : defaultOutput(result));

/** Throws naming the valid outputs unless `output` is one of the run's. */
function outputOf(result, output) {
  const found = result.sensitivity?.outputs.find((o) => o.output === output);
  if (found) return found;
  const valid = tornadoOutputs(result);
  throw new Error(valid.length ? `unknown output ${output}; outputs: ${valid.join(', ')}` : 'this run has no sensitivity figures');
}

/** How an output's values are shown: a target's chance in percent, a value in the display unit. */
function scaleOf(output, manifest, view) {
  if (output.startsWith('target:')) return { k: 100, text: (x) => formatPct(x / 100), axis: strings(view.lang).chanceAxis };
  const k = unitFactor(view.unit, manifest.scenario);
  return { k, text: (x) => formatValue(x / k, view.unit, manifest.scenario, view.lang), axis: strings(view.lang).unit[view.unit] };
}

/**
 * The tornado's rows for one output, largest swing first: [{path, group, label, low, high, share, shareSe, swingSe}]
 * (low/high: the output's mean in the input's bottom/top tenth, in the output's own unit).
 */
export function tornadoRows(manifest, output, lang = 'en', top = TORNADO_BARS) {
  const s = manifest.result.sensitivity;
  const o = outputOf(manifest.result, output);
  return s.inputs
    .map((input, i) => ({
      path: input.path,
      group: input.group,
      label: inputLabel(input.path, manifest.scenario, lang),
      low: o.low[i],
      high: o.high[i],
      share: o.first[i],
      shareSe: o.firstSe[i],
      swingSe: o.swingSe[i],
    }))
    .sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low) || (a.path < b.path ? -1 : 1))
    .slice(0, top);
}

/**
 * Text broken into lines of at most about `max` characters (at spaces; text without spaces, as
 * Chinese, every `max` characters), so that a narrow chart's labels and titles are not clipped.
 */
function wrapText(text, max) {
  // a word longer than a line (Chinese has no spaces) is cut every `max` characters
  const pieces = text.split(' ').flatMap((word) => (word.length <= max ? [word] : (word.match(new RegExp(`.{1,${max}}`, 'gu')) ?? [word])));
  const lines = [];
  for (const word of pieces) {
    const last = lines.length ? lines[lines.length - 1] : undefined;
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A variance share with its standard error, in percent: "12.3% ± 1.1%". */
const shareText = (share, se) => `${formatPct(share)} ± ${formatPct(se)}`;

/** The group shares of an output with their s.e. (label, text), in the run's group order, the rest last. */
export function groupShares(manifest, output, lang = 'en') {
  const s = manifest.result.sensitivity;
  const o = outputOf(manifest.result, output);
  const rows = s.groups.map((g, i) => ({ id: g, label: groupLabel(g, manifest.scenario, lang), share: o.groupFirst[i], se: o.groupSe[i] }));
  rows.push({ id: 'rest', label: strings(lang).analysis.rest, share: o.rest, se: o.restSe });
  return rows.map((r) => ({ ...r, text: shareText(r.share, r.se) }));
}

/** The height in CSS pixels the tornado's plot needs for its bars' labels (title, legend and axis included). */
const plotHeight = (labels) => 150 + labels.length * (Math.max(1, ...labels.map((l) => l.length)) * 15 + 10);

/** Draws the output's mean over all worlds as a dashed vertical line across the bars. */
const meanLinePlugin = {
  id: 'meanLine',
  afterDatasetsDraw(chart, _args, options) {
    if (options.value === undefined) return;
    const { ctx, chartArea } = chart;
    const x = chart.scales.x.getPixelForValue(options.value);
    ctx.save();
    ctx.strokeStyle = INK;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/**
 * The tornado chart's config for `view.output` (default: the page's target's chance).
 * @param view {unit, lang, output, caption (draw the caption into the image), fontFamily, interactive, devicePixelRatio}
 */
export function tornadoConfig(manifest, view) {
  const { result, scenario } = manifest;
  const output = view.output ?? defaultOutput(result);
  const o = outputOf(result, output);
  const s = strings(view.lang);
  const w = s.analysis.page;
  const rows = tornadoRows(manifest, output, view.lang);
  const { k, text, axis } = scaleOf(output, manifest, view);
  const font = chartFont(view);
  const bar = (raises, label) => ({
    label,
    data: rows.map((r) => (r.high >= r.low === raises ? [Math.min(r.low, r.high) * k, Math.max(r.low, r.high) * k] : null)),
    backgroundColor: raises ? RAISES : LOWERS,
    borderColor: raises ? RAISES : LOWERS,
    borderWidth: 0,
    borderSkipped: false,
    grouped: false,
    barPercentage: 0.8,
    categoryPercentage: 0.9,
  });
  const how = output.startsWith('target:') ? w.tornadoHowChance : w.tornadoHowValue;
  // an image is drawn wide; on the page the column's width (`view.widthPx`) says how long a line may be
  const wide = view.caption === true || (view.widthPx ?? 0) > 800;
  const narrow = !wide && view.widthPx > 0 && view.widthPx < 480;
  const captions = view.caption ? captionLines(manifest, view.lang) : [];
  // each bar's label: the input's name and its share ± s.e., wrapped to the room a label has
  const chars = Math.round((wide ? 76 : narrow ? 22 : 34) / (view.lang === 'zh' ? 1.6 : 1));
  const labels = rows.map((r) => wrapText(`${r.label} · ${w.shareShort(formatPct(r.share), formatPct(r.shareSe))}`, chars));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [bar(true, w.raises), bar(false, w.lowers)],
    },
    options: {
      indexAxis: 'y',
      responsive: view.interactive === true,
      maintainAspectRatio: false,
      animation: false,
      devicePixelRatio: view.devicePixelRatio,
      font,
      color: INK,
      layout: { padding: { top: 4, right: 16, bottom: 4, left: 4 } },
      scales: {
        x: {
          title: { display: true, text: axis, color: INK, font },
          ticks: { color: INK, font, callback: (v) => (k === 100 ? `${v}%` : Number(v).toLocaleString(view.lang === 'zh' ? 'zh-CN' : 'en-US')) },
          grid: { color: GRID },
        },
        y: { ticks: { color: INK, font, autoSkip: false }, grid: { display: false } },
      },
      plugins: {
        // titles wrap: the tornado often sits in a narrow column beside the key figures
        title: {
          display: true,
          text: wrapText(w.tornadoTitle(outputLabel(output, scenario, view.lang)), wide ? 90 : narrow ? 36 : 55),
          color: INK,
          font: { ...font, size: 15, weight: 'bold' },
          align: 'start',
        },
        subtitle: { display: true, text: wrapText(how, wide ? 120 : narrow ? 50 : 80), color: '#3d4550', font, align: 'start', padding: { bottom: 8 } },
        legend: { position: 'bottom', align: 'start', labels: { color: INK, font, boxWidth: 18 } },
        tooltip: {
          enabled: view.interactive === true,
          callbacks: {
            title: (items) => rows[items[0].dataIndex].label,
            label: (item) => {
              const r = rows[item.dataIndex];
              return [
                `${w.lowTenth}: ${text(r.low * k)} · ${w.highTenth}: ${text(r.high * k)}`,
                `${w.mean}: ${text(o.mean * k)}`,
                w.shareOf(formatPct(r.share), formatPct(r.shareSe)),
              ];
            },
          },
        },
        background: { color: '#fff' },
        caption: { lines: captions, fontFamily: font.family, plotPx: plotHeight(labels) },
        meanLine: { value: o.mean * k },
      },
    },
    plugins: [backgroundPlugin, captionPlugin, meanLinePlugin],
  };
}

/** A short text description of the tornado, for screen readers and alt text. */
export function describeTornado(manifest, view) {
  const output = view.output ?? defaultOutput(manifest.result);
  if (!output) return strings(view.lang).analysis.page.noSensitivity;
  const [first] = tornadoRows(manifest, output, view.lang, 1);
  const { k, text } = scaleOf(output, manifest, view);
  const label = outputLabel(output, manifest.scenario, view.lang);
  return first ? strings(view.lang).analysis.page.describeTornado(label, first.label, `${text(first.low * k)} – ${text(first.high * k)}`) : label;
}
