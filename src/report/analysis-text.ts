/**
 * The analyses as text a reader acts on: sensitivity (given data or Sobol) as tables sorted by
 * effect, scenario discovery as sentences, a paired comparison as tables with their standard
 * errors and the gap by channel; as a terminal table or Markdown, in English or Chinese (words:
 * public/lib/strings/*-analysis.js; names: analysis-labels.ts).
 */
import { formatPct, strings, withUnit } from '../../public/lib/text.js';
import type { ByYearSensitivity } from '../core/analysis/by-year.ts';
import { CHANNELS } from '../core/analysis/channels.ts';
import type { PairedComparison } from '../core/analysis/compare-paired.ts';
import type { Discovery } from '../core/analysis/discover.ts';
import type { GivenDataSensitivity } from '../core/analysis/sensitivity.ts';
import { trialsForStableShares } from '../core/analysis/sensitivity.ts';
import type { SobolSensitivity } from '../core/analysis/sobol-run.ts';
import { grouped } from '../core/format.ts';
import type { ModelInput } from '../core/model.ts';
import type { Scenario } from '../schema/scenario.ts';
import { featureLabel, featureValue, groupLabel, inputLabel, outputLabel, type Lang, type Unit } from './analysis-labels.ts';
import { mdCell, mdTable, pad } from './text-table.ts';

export interface TextOptions {
  readonly scenario: Scenario;
  readonly lang: Lang;
  readonly unit: Unit;
  readonly markdown: boolean;
  /** Rows per output (the largest effects), default 10. */
  readonly top?: number;
}

const fixed = (x: number, digits = 3) => (Math.abs(x) < 0.5 * 10 ** -digits ? (0).toFixed(digits) : x.toFixed(digits));

/** A table as Markdown or padded text, the first row its head. */
function table(rows: string[][], o: TextOptions): string[] {
  return o.markdown ? mdTable(rows.map((r) => r.map(mdCell))) : pad(rows, (c) => c > 0);
}

/** An output's values as a reader reads them: a target's as chances, a scope's in the unit. */
function valueOf(output: string, o: TextOptions): (v: number) => string {
  return output.startsWith('target:') ? formatPct : (v) => withUnit(v, o.unit, o.scenario, o.lang);
}

const heading = (text: string, o: TextOptions) => (o.markdown ? `### ${mdCell(text)}` : text);

/** Given-data sensitivity: per output, its inputs by swing (tornado order) and its groups. */
export function renderGivenData(s: GivenDataSensitivity, inputs: readonly ModelInput[], groupOf: (i: number) => string, o: TextOptions): string {
  const w = strings(o.lang).analysis;
  const out: string[] = [];
  for (const os of s.outputs) {
    const v = valueOf(os.output, o);
    out.push(heading(w.givenTitle(outputLabel(os.output, o.scenario, o.lang)), o), '');
    const ranked = [...os.inputs].sort((a, b) => Math.abs(b.tornado.swing.estimate) - Math.abs(a.tornado.swing.estimate)).slice(0, o.top ?? 10);
    const rows = [[w.head.parameter, w.head.group, w.head.share, w.head.se, w.head.low, w.head.high, w.head.swing]];
    for (const e of ranked) {
      rows.push([
        inputLabel(inputs[e.input].path, o.scenario, o.lang),
        groupLabel(groupOf(e.input), o.scenario, o.lang),
        fixed(e.share.estimate),
        fixed(e.share.se),
        v(e.tornado.low),
        v(e.tornado.high),
        v(e.tornado.swing.estimate),
      ]);
    }
    out.push(...table(rows, o), '');
    const groups = [
      [w.head.group, w.head.share, w.head.se],
      ...[...os.groups].sort((a, b) => b.share.estimate - a.share.estimate).map((g) => [groupLabel(g.id, o.scenario, o.lang), fixed(g.share.estimate), fixed(g.share.se)]),
      [w.rest, fixed(os.rest.estimate), fixed(os.rest.se)],
    ];
    out.push(...table(groups, o), '');
  }
  out.push(w.givenNote(grouped(s.trials), s.bins));
  const needed = trialsForStableShares(s);
  if (needed) out.push('', w.unstable(grouped(needed)));
  return out.join('\n') + '\n';
}

/** Group shares of each target's success year by year (by-year.ts): a row a year, P and each group's share ± its s.e. */
export function renderByYear(s: ByYearSensitivity, o: TextOptions): string {
  const w = strings(o.lang).analysis;
  const cell = (e: { estimate: number; se: number }) => `${fixed(e.estimate)} ± ${fixed(e.se)}`;
  const out: string[] = [];
  for (const t of s.targets) {
    out.push(heading(w.givenTitle(outputLabel(`target:${t.target}`, o.scenario, o.lang)), o), '');
    const groups = t.years[0]?.groups.map((g) => g.id) ?? [];
    const rows = [[strings(o.lang).report.year, 'P', ...groups.map((g) => groupLabel(g, o.scenario, o.lang)), w.rest]];
    for (const y of t.years)
      rows.push([String(y.year), `${formatPct(y.probability.estimate)} ± ${fixed(y.probability.se * 100, 1)}`, ...y.groups.map((g) => cell(g.share)), cell(y.rest)]);
    out.push(...table(rows, o), '');
  }
  out.push(w.givenNote(grouped(s.trials), s.bins));
  if (s.trialsNeeded) out.push('', w.unstable(grouped(s.trialsNeeded)));
  return out.join('\n') + '\n';
}

/** Sobol indices: per output, its factors by total index, each with its interval. */
export function renderSobol(s: SobolSensitivity, o: TextOptions): string {
  const w = strings(o.lang).analysis;
  const pct = Math.round(s.confidence * 100);
  const out: string[] = [];
  const label = (i: number) => {
    const f = s.factors[i];
    return f.path ? inputLabel(f.path, o.scenario, o.lang) : groupLabel(f.id, o.scenario, o.lang);
  };
  for (const os of s.outputs) {
    out.push(heading(w.sobolTitle(outputLabel(os.output, o.scenario, o.lang)), o), '');
    const order = os.indices
      .map((_, i) => i)
      .sort((a, b) => os.indices[b].total.estimate - os.indices[a].total.estimate)
      .slice(0, o.top ?? 15);
    const rows = [[s.by === 'group' ? w.head.group : w.head.parameter, w.head.first, w.head.interval(pct), w.head.total, w.head.interval(pct)]];
    for (const i of order) {
      const x = os.indices[i];
      rows.push([label(i), fixed(x.first.estimate), `${fixed(x.first.low)} … ${fixed(x.first.high)}`, fixed(x.total.estimate), `${fixed(x.total.low)} … ${fixed(x.total.high)}`]);
    }
    out.push(...table(rows, o), '');
  }
  out.push(w.sobolNote(grouped(s.n), grouped(s.evaluations), pct));
  return out.join('\n') + '\n';
}

/** The sentence of each discovery box: where the target is met, in the reader's words. */
export function discoverySentences(d: Discovery, o: Omit<TextOptions, 'markdown'>): string[] {
  const w = strings(o.lang).analysis;
  const t = o.scenario.targets?.find((x) => x.id === d.target);
  const target = t ? w.targetName(t.year) : d.target;
  return d.boxes.map((b) => {
    const conditions = b.limits.map((r) => {
      const f = d.features[r.input];
      const what = featureLabel(f, o.scenario, o.lang);
      const at = (x: number) => featureValue(f, x, o.scenario, o.lang, o.unit);
      if (r.high === Infinity) return w.above(what, at(r.low));
      if (r.low === -Infinity) return w.below(what, at(r.high));
      return w.between(what, at(r.low), at(r.high));
    });
    return w.sentence(target, formatPct(b.density), conditions.join(w.and), formatPct(b.mass), formatPct(b.coverage));
  });
}

/** Scenario discovery: each box's sentence, then its numbers and peeling trajectory. */
export function renderDiscovery(d: Discovery, o: TextOptions): string {
  const w = strings(o.lang).analysis;
  const t = o.scenario.targets?.find((x) => x.id === d.target);
  const out = [heading(w.discoverTitle(t?.label ?? d.target), o), ''];
  if (!d.boxes.length) return [...out, w.noBox(formatPct(d.probability))].join('\n') + '\n';
  discoverySentences(d, o).forEach((sentence, k) => {
    const box = d.boxes[k];
    out.push(`${k + 1}. ${sentence}`, '');
    const steps = box.trajectory.filter((_, i) => i % 5 === 0 || i === box.chosenStep || i === box.trajectory.length - 1);
    const rows = [
      w.trajectoryHead,
      ...steps.map((s) => [
        String(box.trajectory.indexOf(s)) + (box.trajectory.indexOf(s) === box.chosenStep ? ' ←' : ''),
        formatPct(s.coverage),
        formatPct(s.density),
        formatPct(s.mass),
        String(s.restricted),
      ]),
    ];
    out.push(...table(rows, o), '');
  });
  return out.join('\n');
}

/** A paired comparison: targets' changes with paired and unpaired standard errors, outputs' differences, and the gap by channel. */
export function renderPaired(c: PairedComparison, titles: { a: string; b: string }, o: TextOptions): string {
  const w = strings(o.lang).analysis;
  const out = [heading(w.compareTitle(titles.a, titles.b), o), '', w.compareNote(grouped(c.trials), c.seed), ''];
  const targets = c.outputs.filter((x) => x.probability);
  if (targets.length) {
    // a change within sampling noise says so in its own cell: every column has a head
    const rows = [w.probabilityHead.slice(0, 6)];
    for (const t of targets) {
      const p = t.probability!;
      const change = w.pp(`${p.change.estimate >= 0 ? '+' : '−'}${fixed(Math.abs(p.change.estimate) * 100, 1)}`);
      rows.push([
        outputLabel(t.output, o.scenario, o.lang),
        formatPct(p.a),
        formatPct(p.b),
        p.distinguishable ? change : `${change}${strings(o.lang).sep}${w.noise}`,
        w.pp(fixed(p.change.se * 100, 1)),
        w.pp(fixed(p.unpairedSe * 100, 1)),
      ]);
    }
    out.push(...table(rows, o), '');
  }
  const values = c.outputs.filter((x) => x.difference && (x.output.startsWith('total@') || o.scenario.clusters.some((cl) => x.output.startsWith(`${cl.id}@`))));
  if (values.length) {
    const v = (x: number) => withUnit(x, o.unit, o.scenario, o.lang);
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${v(Math.abs(x))}`;
    const rows = [w.compareHead];
    for (const x of values) {
      const d = x.difference!;
      rows.push([
        outputLabel(x.output, o.scenario, o.lang),
        v(x.a),
        v(x.b),
        signed(d.quantiles[2]),
        `${signed(d.quantiles[0])} … ${signed(d.quantiles[4])}`,
        formatPct(d.pGreater.estimate),
      ]);
    }
    out.push(...table(rows, o), '');
  }
  if (c.noChannels) out.push(w.noChannels(c.noChannels));
  else {
    out.push(heading(w.channelsTitle, o), '');
    const shown = c.outputs.filter((x) => x.channels && (x.probability || x.output.startsWith('total@')));
    const channels = CHANNELS;
    const rows = [[w.compareHead[0], ...channels.map((k) => (w.channel as Record<string, string>)[k])]];
    for (const x of shown) {
      const fmt = x.probability
        ? (d: number) => w.pp(`${d >= 0 ? '+' : '−'}${fixed(Math.abs(d) * 100, 1)}`)
        : (d: number) => `${d >= 0 ? '+' : '−'}${withUnit(Math.abs(d), o.unit, o.scenario, o.lang)}`;
      rows.push([outputLabel(x.output, o.scenario, o.lang), ...channels.map((k) => fmt(x.channels![k]))]);
    }
    out.push(...table(rows, o));
  }
  return out.join('\n') + '\n';
}
