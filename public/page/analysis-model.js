// What the analysis panels show, as plain rows of text: the discovery sentences with their
// figures, the Sobol indices with their intervals, and the paired comparison (each target's change
// with its paired s.e., P(b > a) and quantiles of b − a for the total, the gap by channel). Pure: documents in
// (as POST /api/discover, /api/sensitivity and /api/compare/paired answer), words out; no DOM.
import { groupLabel, inputLabel, outputLabel } from '../lib/analysis-labels.js';
import { changeWithSe, isNoise, withSe } from '../lib/mc-error.js';
import { formatPct, formatPp, formatValue, signedWithUnit, strings } from '../lib/text.js';

/** The outputs an analysis can ask for: the run's sensitivity outputs, else each target's chance and the total in the target years. */
export function analysisOutputs(result) {
  const own = (result.sensitivity?.outputs ?? []).map((o) => o.output);
  if (own.length) return own;
  const years = [...new Set(result.targets.map((t) => t.year))];
  return [...result.targets.map((t) => `target:${t.id}`), ...years.map((y) => `total@${y}`)];
}

/** A sentence with its first letter in capitals (the documents' sentences start in lower case). */
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** The discovery document as {lines: [{sentence, figures}], empty?} in the words of `lang`. */
export function discoverModel(doc, lang) {
  const w = strings(lang).analysis;
  if (!doc.boxes.length) return { lines: [], empty: w.noBox(formatPct(doc.probability)) };
  return {
    lines: doc.boxes.map((b) => ({
      sentence: capital(b.sentence),
      figures: w.page.discoverFigures(formatPct(b.coverage), formatPct(b.density), formatPct(b.mass)),
    })),
  };
}

/** An index to three decimals, with a true minus sign. */
const fixed3 = (x) => `${x < 0 ? '−' : ''}${Math.abs(x).toFixed(3)}`;

/** An index with its interval: "0.457 (0.359 to 0.555)". */
const indexText = (x, lang) => `${fixed3(x.estimate)} (${strings(lang).analysis.page.interval(fixed3(x.low), fixed3(x.high))})`;

/**
 * The Sobol document as tables, one per output: {title, head, rows: [[name, first, total]], note, warning?},
 * the factors with the largest total index first.
 */
export function sobolModel(doc, scenario, lang) {
  const w = strings(lang).analysis;
  const pct = Math.round(doc.confidence * 100);
  return doc.outputs.map((o) => ({
    title: w.sobolTitle(outputLabel(o.output, scenario, lang)),
    head: [doc.by === 'input' ? w.head.parameter : w.head.group, `${w.head.first} (${w.head.interval(pct)})`, `${w.head.total} (${w.head.interval(pct)})`],
    rows: [...o.indices]
      .sort((a, b) => b.total.estimate - a.total.estimate)
      .map((i) => [i.path ? inputLabel(i.path, scenario, lang) : groupLabel(i.group, scenario, lang), indexText(i.first, lang), indexText(i.total, lang)]),
    note: w.sobolNote(doc.n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US'), doc.evaluations.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US'), pct),
    ...(doc.trialsNeeded ? { warning: w.unstable(doc.trialsNeeded) } : {}),
  }));
}

/** Whether a paired value output is the total in a year (clusters and fields are left to the CLI's fuller table). */
const isTotal = (output) => output.startsWith('total@');

/**
 * The paired document as three tables: the targets' chances (a, b, change ± paired s.e., noise),
 * the total in the target years (P(b > a) ± s.e., quantiles of b − a), and the gap by channel.
 * @param view {unit, lang}
 */
export function pairedModel(doc, scenario, view) {
  const { unit, lang } = view;
  const w = strings(lang).analysis;
  const money = (x) => signedWithUnit(x, unit, scenario, lang);
  // the quantiles' table names its unit once, in its note
  const signed = (x) => `${x >= 0 ? '+' : '−'}${formatValue(Math.abs(x), unit, scenario, lang)}`;
  const label = (o) => outputLabel(o.output, scenario, lang);
  const targets = doc.outputs.filter((o) => o.kind === 'target');
  const values = doc.outputs.filter((o) => o.kind === 'value' && isTotal(o.output));
  const ch = ['growth', 'levers', 'events', 'noise', 'base'];
  return {
    title: w.page.pairedTitle(doc.a.title, doc.b.title),
    note: w.compareNote(doc.trials.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US'), doc.seed),
    targets: {
      head: w.page.pairedHead,
      rows: targets.map((o) => {
        const { estimate, se } = o.probability.change;
        const noise = o.probability.distinguishable === undefined ? isNoise(estimate, se) : !o.probability.distinguishable;
        return { noise, cells: [label(o), formatPct(o.probability.a), formatPct(o.probability.b), changeWithSe(estimate, se, lang), noise ? w.page.noise : ''] };
      }),
    },
    values: {
      head: w.page.valueHead,
      note: w.page.valueNote(strings(lang).unit[unit]),
      rows: values.map((o) => [label(o), withSe(o.difference.pGreater.estimate, o.difference.pGreater.se, lang), ...o.difference.quantiles.map(signed)]),
    },
    channels: {
      head: w.page.channelsHead,
      rows: [...targets, ...values]
        .filter((o) => o.channels)
        .map((o) => [label(o), ...ch.map((c) => (o.kind === 'target' ? w.pp(formatPp(o.channels[c], 1)) : money(o.channels[c])))]),
    },
  };
}
