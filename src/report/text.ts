/** Human-readable renderings of results and comparisons: a terminal table and Markdown for reports. */
import type { Comparison } from '../core/compare.ts';
import type { Result } from '../schema/result.ts';
import { grouped } from '../core/format.ts';
import { formatValue, strings, unitFactor } from '../../public/lib/text.js';

/** Names of scopes, in English, from the scenario (optional: ids are used otherwise). */
export type Names = Readonly<Record<string, string>>;

/** The unit values are shown in: billions of yuan (the model's), 亿元, or billions of US dollars at the scenario's rate. */
export interface TextUnit {
  readonly unit: 'cny' | 'yi' | 'usd';
  /** The scenario's currency (its US dollar rate). */
  readonly scenario: { readonly currency?: { readonly usdRate: number } };
}

const BN_YUAN: TextUnit = { unit: 'cny', scenario: {} };

/** A value (bn yuan) in the unit: billions of yuan as before (1 decimal), other units as the page shows them. */
function valueIn(u: TextUnit): (v: number) => string {
  return u.unit === 'cny' ? bn : (v) => formatValue(v, u.unit, u.scenario, 'en');
}

const bn = (v: number): string => grouped(v, 1);
const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;
const pp = (d: number | null): string => (d === null ? 'beyond +100 pp' : `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(2)} pp/yr`);

/** How the required uplift for a chance reads in words: more growth needed, or slack. */
function upliftWords(d: number | null, chance: string): string {
  if (d === null) return `not reachable at ${chance} even with 100 pp/yr more growth`;
  if (d <= -1) return `met at ${chance} even with 100 pp/yr less growth`;
  if (d > 0) return `${pp(d)} more growth needed for ${chance}`;
  return `met at ${chance} even with ${Math.abs(d * 100).toFixed(2)} pp/yr less growth`;
}

/** The overrides of a result in words ("" when none). */
export function describeOverrides(result: Result): string {
  const o = result.meta.overrides ?? {};
  const parts = [
    ...Object.entries(o.leverDelivery ?? {}).map(([id, v]) => `lever ${id} delivered at ${Math.round(v * 100)}%`),
    ...Object.entries(o.growthShift ?? {}).map(([id, v]) => `growth ${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(2)} pp/yr in ${id}`),
    ...(o.volatilityScale !== undefined && o.volatilityScale !== 1 ? [`volatility ×${o.volatilityScale}`] : []),
    ...Object.entries(o.events ?? {}).filter(([, on]) => !on).map(([id]) => `event ${id} off`),
  ];
  return parts.length ? `changed from the scenario: ${parts.join('; ')}` : '';
}

/** Escapes text for a Markdown table cell. */
const mdCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A difference with its sign, its size written by `value` (bn yuan by default). */
const signedWith = (value: (x: number) => string) => (v: number): string => `${v >= 0 ? '+' : '−'}${value(Math.abs(v))}`;
const signed = signedWith(bn);

/** Years worth a column: target years and the last year. */
export function keyYears(result: Result): number[] {
  const years = new Set(result.targets.map((t) => t.year));
  years.add(result.years[result.years.length - 1]);
  return [...years].filter((y) => result.years.includes(y)).sort((a, b) => a - b);
}

function pad(rows: string[][], alignRight: (col: number) => boolean): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((v, c) => (alignRight(c) ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd());
}

function targetLines(result: Result, v: (x: number) => string = bn): string[] {
  const sv = signedWith(v);
  return result.targets.map((t) => {
    const reached = t.reachedByYear[String(t.year)];
    return [
      `${t.label ?? t.id}: ${t.scope} ≥ ${v(t.value)} in ${t.year}`,
      `  probability ${pct(t.probability)} · median ${v(t.p50)} (gap ${sv(t.gapAtMedian)}) · reached in some year by ${t.year}: ${pct(reached ?? 0)}`,
      `  growth change on every field${t.scope === 'total' ? '' : ` of ${t.scope}`}: ${upliftWords(t.requiredGrowthUplift.p50, '50%')}; ${upliftWords(t.requiredGrowthUplift.p80, '80%')}`,
    ].join('\n');
  });
}

function header(result: Result, unit: string): string {
  const m = result.meta;
  const changed = describeOverrides(result);
  return `${result.scenario.title} (${result.scenario.id})${changed ? `\n${changed}` : ''}\n${grouped(m.trials)} trials · seed ${m.seed} · engine ${m.engineVersion} · ${m.durationMs} ms · ${unit}, nominal`;
}

/** A terminal report: totals per year, clusters and fields in key years, targets (values in `u`, bn yuan by default). */
export function renderTable(result: Result, names: Names = {}, u: TextUnit = BN_YUAN): string {
  const bn = valueIn(u);
  const unit = strings('en').unit[u.unit];
  const out: string[] = [header(result, unit), ''];
  out.push(`Total output by year (${unit})`);
  const rows = [['year', 'p5', 'p25', 'median', 'p75', 'p95', 'mean', 'no-shock path']];
  result.years.forEach((y, i) => {
    const s = result.total;
    rows.push([String(y), bn(s.p5[i]), bn(s.p25[i]), bn(s.p50[i]), bn(s.p75[i]), bn(s.p95[i]), bn(s.mean[i]), bn(result.central.total[i])]);
  });
  out.push(...pad(rows, (c) => c > 0));
  out.push('(no-shock path: every parameter at its median, no annual noise and no events)', '');
  const years = keyYears(result);
  const scopeTable = (title: string, entries: [string, Result['total']][]) => {
    out.push(title);
    const r = [['', ...years.map((y) => `${y} median [p5–p95]`)]];
    for (const [id, s] of entries) {
      r.push([names[id] ?? id, ...years.map((y) => {
        const i = result.years.indexOf(y);
        return `${bn(s.p50[i])} [${bn(s.p5[i])}–${bn(s.p95[i])}]`;
      })]);
    }
    out.push(...pad(r, (c) => c > 0), '');
  };
  scopeTable(`Clusters (${unit})`, Object.entries(result.clusters));
  scopeTable(`Fields (${unit})`, Object.entries(result.fields));
  if (result.targets.length) out.push('Targets', ...targetLines(result, bn), '');
  return out.join('\n');
}

function mdTable(rows: string[][]): string[] {
  return [`| ${rows[0].join(' | ')} |`, `|${rows[0].map((_, c) => (c === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)];
}

/** The same report as Markdown tables, for pasting into a document (values in `u`, bn yuan by default). */
export function renderMarkdown(result: Result, names: Names = {}, u: TextUnit = BN_YUAN): string {
  const bn = valueIn(u);
  const signed = signedWith(bn);
  const m = result.meta;
  const changed = describeOverrides(result);
  const out = [
    `## ${mdCell(result.scenario.title)}`,
    '',
    `Scenario \`${result.scenario.id}\`${changed ? ` (${changed})` : ''}, ${grouped(m.trials)} trials, seed ${m.seed}, engine ${m.engineVersion}. Output in ${u.unit === 'cny' ? 'billions of yuan' : strings('en').unitName[u.unit]}${u.unit === 'usd' ? ` at ${grouped(1 / unitFactor('usd', u.scenario), 3)} yuan per dollar` : ''}, nominal; ranges are the 5th–95th percentiles over trials.`,
    '',
  ];
  const years = keyYears(result);
  const rows = [['', ...years.map((y) => `${y} median`), ...years.map((y) => `${y} 90% range`)]];
  const add = (label: string, s: Result['total']) => {
    const idx = years.map((y) => result.years.indexOf(y));
    rows.push([label, ...idx.map((i) => bn(s.p50[i])), ...idx.map((i) => `${bn(s.p5[i])}–${bn(s.p95[i])}`)]);
  };
  add('**Total**', result.total);
  for (const [id, s] of Object.entries(result.clusters)) add(mdCell(names[id] ?? id), s);
  out.push(...mdTable(rows), '');
  if (result.targets.length) {
    const t = [['Target', 'Probability', 'Median', 'Gap at median', 'Growth change for 50%', 'Growth change for 80%']];
    for (const x of result.targets) {
      t.push([mdCell(`${x.label ?? x.id} (${x.scope} ≥ ${bn(x.value)} in ${x.year})`), pct(x.probability), bn(x.p50), signed(x.gapAtMedian), pp(x.requiredGrowthUplift.p50), pp(x.requiredGrowthUplift.p80)]);
    }
    out.push(...mdTable(t), '', 'Growth change: percentage points added to every field\'s annual growth (in the target\'s scope) at which the chance reaches 50% or 80%; negative means the target is met with that much slower growth.', '');
  }
  const path = [['Year', 'p5', 'Median', 'p95', 'Mean', 'No-shock path']];
  result.years.forEach((y, i) => path.push([String(y), bn(result.total.p5[i]), bn(result.total.p50[i]), bn(result.total.p95[i]), bn(result.total.mean[i]), bn(result.central.total[i])]));
  out.push('### Total by year', '', ...mdTable(path), '', 'No-shock path: every parameter at its median, no annual noise and no events.', '');
  const f = [['Field', ...years.map((y) => `${y} median [90%]`)]];
  for (const [id, s] of Object.entries(result.fields)) {
    f.push([mdCell(names[id] ?? id), ...years.map((y) => {
      const i = result.years.indexOf(y);
      return `${bn(s.p50[i])} [${bn(s.p5[i])}–${bn(s.p95[i])}]`;
    })]);
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
    rows.push([label, ...years.flatMap((y) => {
      const i = c.years.indexOf(y);
      return [bn(d.p50.a[i]), bn(d.p50.b[i]), signed(d.p50.diff[i])];
    })]);
  };
  add('total', c.total);
  for (const [id, d] of Object.entries(c.clusters)) add(names[id] ?? id, d);
  const trows = [['target', `P(${c.a.id})`, `P(${c.b.id})`, 'diff']];
  for (const t of c.targets) {
    // the difference of the shown (rounded) percentages, so the columns add up
    const diff = Number((t.probability.b * 100).toFixed(1)) - Number((t.probability.a * 100).toFixed(1));
    trows.push([`${t.id} (${t.scope} ≥ ${bn(t.value)} in ${t.year})`, pct(t.probability.a), pct(t.probability.b), `${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)} pp`]);
  }
  const notes = [...c.onlyIn.a.map((x) => `only in ${c.a.id}: ${x}`), ...c.onlyIn.b.map((x) => `only in ${c.b.id}: ${x}`)];
  if (markdown) return [`## ${head}`, '', ...mdTable(rows), '', ...(c.targets.length ? [...mdTable(trows), ''] : []), ...notes.map((n) => `- ${n}`)].join('\n') + '\n';
  return [head, '', ...pad(rows, (col) => col > 0), '', ...(c.targets.length ? [...pad(trows, (col) => col > 0), ''] : []), ...notes].join('\n') + '\n';
}
