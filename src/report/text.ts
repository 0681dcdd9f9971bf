/** Human-readable renderings of results and comparisons: a terminal table and Markdown for reports. */
import type { Comparison } from '../core/compare.ts';
import type { Result } from '../schema/result.ts';
import { grouped } from '../core/format.ts';
import { probabilitySe } from '../core/analysis/paired.ts';
import { describeChanges, formatValue, strings, unitFactor } from '../../public/lib/text.js';
import { mdCell, mdTable, pad } from './text-table.ts';

type ReportWords = ReturnType<typeof strings>['report'];

/** Names of scopes in the report's language, from the scenario (optional: ids are used otherwise). */
export type Names = Readonly<Record<string, string>>;

/** The unit values are shown in (billions of yuan, the model's; 亿元; or billions of US dollars at the scenario's rate) and the language of the words. */
export interface TextUnit {
  readonly unit: 'cny' | 'yi' | 'usd';
  /** The scenario's currency (its US dollar rate) and, for the words on overrides, its names. */
  readonly scenario: Parameters<typeof describeChanges>[1];
  /** Language of the words (en by default; the words are public/lib/text.js's). */
  readonly lang?: 'en' | 'zh';
}

const BN_YUAN: TextUnit = { unit: 'cny', scenario: {} };

/** A value (bn yuan) in the unit: billions of yuan in English as before (1 decimal, grouped), otherwise as the page shows it. */
function valueIn(u: TextUnit): (v: number) => string {
  return u.unit === 'cny' && (u.lang ?? 'en') === 'en' ? bn : (v) => formatValue(v, u.unit, u.scenario, u.lang ?? 'en');
}

const bn = (v: number): string => grouped(v, 1);
const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
/** A probability with its Monte Carlo standard error in percentage points: "37.7% ± 0.5" (the reports' seNote says what ± means). */
export const pctSe = (p: number, se: number): string => `${pct(p)} ± ${(se * 100).toFixed(1)}`;
const signedPp = (d: number): string => `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(2)}`;
const ppIn =
  (w: ReportWords) =>
  (d: number | null): string =>
    d === null ? w.beyond : w.ppYr(signedPp(d));

/** How the required uplift for a chance reads in words: more growth needed, or slack. */
function upliftWords(w: ReportWords, d: number | null, chance: string): string {
  if (d === null) return w.unreachable(chance);
  if (d <= -1) return w.metEvenSlower(chance, '100');
  if (d > 0) return w.needed(w.ppYr(signedPp(d)), chance);
  return w.metEvenSlower(chance, Math.abs(d * 100).toFixed(2));
}

/** The overrides of a result in words, in the language ("" when none): public/lib/text.js describeChanges, the one place for them. */
export function describeOverrides(result: Result, scenario: TextUnit['scenario'] = {}, lang: 'en' | 'zh' = 'en'): string {
  const s = strings(lang);
  const parts = describeChanges(result.meta.overrides, scenario, lang);
  return parts.length ? s.report.changed(parts.join(s.sep)) : '';
}

/** Escapes text for a Markdown table cell. */
/** A difference with its sign, its size written by `value` (bn yuan by default). */
const signedWith =
  (value: (x: number) => string) =>
  (v: number): string =>
    `${v >= 0 ? '+' : '−'}${value(Math.abs(v))}`;
const signed = signedWith(bn);

/** Years worth a column: target years and the last year. */
function keyYears(result: Result): number[] {
  const years = new Set(result.targets.map((t) => t.year));
  years.add(result.years[result.years.length - 1]);
  return [...years].filter((y) => result.years.includes(y)).sort((a, b) => a - b);
}

function targetLines(result: Result, names: Names, w: ReportWords, v: (x: number) => string): string[] {
  const sv = signedWith(v);
  return result.targets.map((t) => {
    const reached = t.reachedByYear[String(t.year)];
    const scope = names[t.scope] ?? t.scope;
    return [
      w.targetLine(t.label ?? t.id, scope, v(t.value), t.year),
      `  ${w.targetStats(pctSe(t.probability, t.probabilitySe), v(t.p50), sv(t.gapAtMedian), t.year, pctSe(reached ?? 0, probabilitySe(reached ?? 0, result.meta.trials)))}`,
      `  ${w.upliftHead(t.scope === 'total' ? '' : scope)}: ${upliftWords(w, t.requiredGrowthUplift.p50, '50%')}; ${upliftWords(w, t.requiredGrowthUplift.p80, '80%')}`,
    ].join('\n');
  });
}

/** A terminal report: totals per year, clusters and fields in key years, targets (values in `u`, bn yuan in English by default). */
export function renderTable(result: Result, names: Names = {}, u: TextUnit = BN_YUAN): string {
  const bn = valueIn(u);
  const lang = u.lang ?? 'en';
  const w = strings(lang).report;
  const unit = strings(lang).unit[u.unit];
  const m = result.meta;
  const changed = describeOverrides(result, u.scenario, lang);
  const out: string[] = [
    `${result.scenario.title} (${result.scenario.id})${changed ? `\n${changed}` : ''}\n${w.header(grouped(m.trials), m.seed, m.engineVersion, m.durationMs, unit)}`,
    '',
  ];
  out.push(w.totalByYear(unit));
  const rows = [[w.year, w.percentile(5), w.percentile(25), w.median, w.percentile(75), w.percentile(95), w.mean, w.noShock]];
  result.years.forEach((y, i) => {
    const s = result.total;
    rows.push([String(y), bn(s.p5[i]), bn(s.p25[i]), bn(s.p50[i]), bn(s.p75[i]), bn(s.p95[i]), bn(s.mean[i]), bn(result.central.total[i])]);
  });
  out.push(...pad(rows, (c) => c > 0));
  out.push(w.noShockNote, '');
  const years = keyYears(result);
  const scopeTable = (title: string, entries: [string, Result['total']][]) => {
    out.push(title);
    const r = [['', ...years.map((y) => w.medianRange(y))]];
    for (const [id, s] of entries) {
      r.push([
        names[id] ?? id,
        ...years.map((y) => {
          const i = result.years.indexOf(y);
          return `${bn(s.p50[i])} [${bn(s.p5[i])}–${bn(s.p95[i])}]`;
        }),
      ]);
    }
    out.push(...pad(r, (c) => c > 0), '');
  };
  scopeTable(w.clusters(unit), Object.entries(result.clusters));
  scopeTable(w.fields(unit), Object.entries(result.fields));
  if (result.targets.length) out.push(w.targets, ...targetLines(result, names, w, bn), w.seNote, '');
  return out.join('\n');
}

/** The same report as Markdown tables, for pasting into a document (values in `u`, bn yuan in English by default). */
export function renderMarkdown(result: Result, names: Names = {}, u: TextUnit = BN_YUAN): string {
  const bn = valueIn(u);
  const lang = u.lang ?? 'en';
  const w = strings(lang).report;
  const signed = signedWith(bn);
  const pp = ppIn(w);
  const m = result.meta;
  const changed = describeOverrides(result, u.scenario, lang);
  const unit = `${w.mdUnit[u.unit]}${u.unit === 'usd' ? w.atRate(grouped(1 / unitFactor('usd', u.scenario), 3)) : ''}`;
  const out = [`## ${mdCell(result.scenario.title)}`, '', w.mdIntro(result.scenario.id, changed, grouped(m.trials), m.seed, m.engineVersion, unit), ''];
  const years = keyYears(result);
  const rows = [['', ...years.map((y) => w.mdMedian(y)), ...years.map((y) => w.mdRange(y))]];
  const add = (label: string, s: Result['total']) => {
    const idx = years.map((y) => result.years.indexOf(y));
    rows.push([label, ...idx.map((i) => bn(s.p50[i])), ...idx.map((i) => `${bn(s.p5[i])}–${bn(s.p95[i])}`)]);
  };
  add(w.mdTotal, result.total);
  for (const [id, s] of Object.entries(result.clusters)) add(mdCell(names[id] ?? id), s);
  out.push(...mdTable(rows), '');
  if (result.targets.length) {
    const t: (readonly string[])[] = [w.mdTargetHead];
    for (const x of result.targets) {
      t.push([
        mdCell(w.mdTarget(x.label ?? x.id, names[x.scope] ?? x.scope, bn(x.value), x.year)),
        pctSe(x.probability, x.probabilitySe),
        bn(x.p50),
        signed(x.gapAtMedian),
        pp(x.requiredGrowthUplift.p50),
        pp(x.requiredGrowthUplift.p80),
      ]);
    }
    out.push(...mdTable(t), '', w.mdUpliftNote, w.seNote, '');
  }
  const path: (readonly string[])[] = [w.mdPathHead];
  result.years.forEach((y, i) =>
    path.push([String(y), bn(result.total.p5[i]), bn(result.total.p50[i]), bn(result.total.p95[i]), bn(result.total.mean[i]), bn(result.central.total[i])]),
  );
  out.push(w.mdTotalByYear, '', ...mdTable(path), '', w.mdNoShockNote, '');
  const f = [[w.mdField, ...years.map((y) => w.mdFieldYear(y))]];
  for (const [id, s] of Object.entries(result.fields)) {
    f.push([
      mdCell(names[id] ?? id),
      ...years.map((y) => {
        const i = result.years.indexOf(y);
        return `${bn(s.p50[i])} [${bn(s.p5[i])}–${bn(s.p95[i])}]`;
      }),
    ]);
  }
  out.push(...mdTable(f), '');
  return out.join('\n');
}

/** A comparison as a terminal table (or Markdown with `markdown: true`). */
export function renderComparison(c: Comparison, markdown = false, names: Names = {}, overridesNote = ''): string {
  const years = c.years.filter((y, i) => i === c.years.length - 1 || c.targets.some((t) => t.year === y));
  const head = `${c.b.title} (${c.b.id}) minus ${c.a.title} (${c.a.id}) · same ${grouped(c.trials)} trials and seed ${c.seed} (common random numbers)${overridesNote ? ` · on both sides, ${overridesNote}` : ''}`;
  const rows = [['median, bn yuan', ...years.flatMap((y) => [`${y} ${c.a.id}`, `${y} ${c.b.id}`, `${y} diff`])]];
  const add = (label: string, d: Comparison['total']) => {
    rows.push([
      label,
      ...years.flatMap((y) => {
        const i = c.years.indexOf(y);
        return [bn(d.p50.a[i]), bn(d.p50.b[i]), signed(d.p50.diff[i])];
      }),
    ]);
  };
  add('total', c.total);
  for (const [id, d] of Object.entries(c.clusters)) add(names[id] ?? id, d);
  const trows = [['target', `P(${c.a.id})`, `P(${c.b.id})`, 'diff', '± s.e. (unpaired)', 'note']];
  for (const t of c.targets) {
    // the difference of the shown (rounded) percentages, so the columns add up
    const diff = Number((t.probability.b * 100).toFixed(1)) - Number((t.probability.a * 100).toFixed(1));
    trows.push([
      `${t.id} (${t.scope} ≥ ${bn(t.value)} in ${t.year})`,
      pctSe(t.probability.a, t.probabilitySe.a),
      pctSe(t.probability.b, t.probabilitySe.b),
      `${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)} pp`,
      (t.probabilitySe.diff * 100).toFixed(1),
      Math.abs(t.probability.diff) < 3 * t.probabilitySe.diff ? 'within 3 s.e.: run --paired to tell it from noise' : '',
    ]);
  }
  const notes = [...c.onlyIn.a.map((x) => `only in ${c.a.id}: ${x}`), ...c.onlyIn.b.map((x) => `only in ${c.b.id}: ${x}`)];
  if (markdown) return [`## ${head}`, '', ...mdTable(rows), '', ...(c.targets.length ? [...mdTable(trows), ''] : []), ...notes.map((n) => `- ${n}`)].join('\n') + '\n';
  return [head, '', ...pad(rows, (col) => col > 0), '', ...(c.targets.length ? [...pad(trows, (col) => col > 0), ''] : []), ...notes].join('\n') + '\n';
}
