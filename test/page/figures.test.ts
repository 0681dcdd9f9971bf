/** The key figures and the field table, with the comparison's change beside each value in the chosen unit. */
import { describe, expect, it } from 'vitest';
import { formatValue, signedWithUnit, strings } from '../../public/lib/text.js';
import { keyFigures } from '../../public/page/figures.js';
import { slug } from '../../public/page/slug.js';
import { fieldTableModel } from '../../public/page/table-model.js';
import { analysedManifest, manifest } from './fixtures.ts';

const a = manifest('a', 100);
const b = manifest('b', 80);

describe('key figures', () => {
  it('without a comparison: the chance, the medians and their ranges, the growth change needed', () => {
    const figures = keyFigures(a, undefined, { unit: 'cny', lang: 'en' }, strings('en'));
    expect(figures.map((f) => [f.label, f.value])).toEqual([
      ['Chance of ≥ 150.0 bn in 2026', '40.0% ± 1.5 pt'],
      ['Median total in 2026', '140.0 bn'],
      ['Median total in 2026', '140.0 bn'],
      ['Growth change needed on every field for a 50% / 80% chance', '+2.0 / beyond ±100 pp'],
    ]);
    expect(figures[1].detail).toBe('10.0 bn short of the target; 90% range 70.0 bn to 224.0 bn');
    expect(figures[0].title).toMatch(/^± one Monte Carlo standard error, .* N = 1,000 trials/);
  });

  it("gives the chance its run's own standard error, and a change within 3 standard errors is noise", () => {
    const c = analysedManifest('c');
    c.result.targets[0] = { ...c.result.targets[0], probability: 0.45, probabilitySe: 0.01 };
    const d = analysedManifest('d');
    d.result.targets[0] = { ...d.result.targets[0], probabilitySe: 0.01 };
    const close = keyFigures(c, d, { unit: 'cny', lang: 'en' }, strings('en'));
    expect(close[0].value).toBe('45.0% ± 1.0 pt');
    // √(0.01² + 0.01²) = 1.41 pt; 5 pt is more than 3 of them
    expect(close[0].detail).toBe('+5.0 ± 1.4 pp vs comparison');
    c.result.targets[0] = { ...c.result.targets[0], probability: 0.44 };
    expect(keyFigures(c, d, { unit: 'cny', lang: 'zh' }, strings('zh'))[0].detail).toBe('较对比 +4.0 ± 1.4 个百分点；与抽样误差无法区分');
  });

  it('with one: this run minus the comparison beside the chance and each median, in the chosen unit', () => {
    const figures = keyFigures(a, b, { unit: 'yi', lang: 'en' }, strings('en'));
    expect(figures[0].detail).toBe('+0.0 ± 2.2 pp vs comparison; indistinguishable from sampling noise');
    expect(figures[1].detail).toBe('100 亿 short of the target; 90% range 700 亿 to 2,240 亿; +200 亿 vs comparison');
    expect(figures[2].detail.endsWith('+200 亿 vs comparison')).toBe(true);
    const zh = keyFigures(b, a, { unit: 'usd', lang: 'zh' }, strings('zh'));
    expect(zh[2].detail.endsWith('较对比 −2.5 十亿美元')).toBe(true);
  });
});

describe('the field table', () => {
  it("has a column of Δ beside each year's values when there is a comparison, in the chosen unit", () => {
    const plain = fieldTableModel(a, undefined, { unit: 'cny', lang: 'en' }, strings('en'));
    expect(plain.head).toEqual(['Field', '2026: median (5–95%), bn', 'Sources']);
    type Group = { name: string; cells: string[]; rows: { name: string }[] };
    expect(plain.groups.map((g: Group) => [g.name, g.cells, g.rows.map((r) => r.name)])).toEqual([
      ['Future health', ['70.0 (35.0–112.0)'], ['Biosafety']],
      ['Future energy', ['70.0 (35.0–112.0)'], ['Advanced nuclear']],
    ]);
    const compared = fieldTableModel(a, b, { unit: 'yi', lang: 'zh' }, strings('zh'));
    expect(compared.head).toEqual(['领域', '2026年：中位数（5–95%），亿元', 'Δ 2026年，亿元', '来源']);
    expect(compared.groups[0].cells).toEqual(['700 (350–1,120)', '+100']);
    expect(compared.groups[1].rows[0].cells).toEqual(['700 (350–1,120)', '+100']);
  });

  it('says — where the comparison has no such field', () => {
    const other = manifest('c', 80);
    other.result.fields = { biosafety: other.result.fields.biosafety } as typeof other.result.fields;
    const model = fieldTableModel(a, other, { unit: 'cny', lang: 'en' }, strings('en'));
    expect(model.groups[1].rows[0].cells[1]).toBe('—');
  });
});

describe('formatting', () => {
  it('writes values and differences in each unit and language', () => {
    const sc = { currency: { usdRate: 8 } };
    expect(formatValue(1234.5, 'cny', sc, 'en')).toBe('1,234.5');
    expect(formatValue(0.123, 'cny', sc, 'en')).toBe('0.12');
    expect(formatValue(123.45, 'yi', sc, 'zh')).toBe('1,235');
    expect(formatValue(0.5, 'yi', sc, 'en')).toBe('5.0');
    expect(formatValue(80, 'usd', sc, 'en')).toBe('10.0');
    expect(signedWithUnit(-12.34, 'cny', sc, 'en')).toBe('−12.3 bn');
    expect(signedWithUnit(4, 'yi', sc, 'zh')).toBe('+40 亿元');
  });

  it("makes an id from a title, or a free numbered one from the scenario's id", () => {
    const catalog = [
      { id: 'baseline', source: 'bundled' },
      { id: 'baseline-2', source: 'saved' },
    ];
    expect(slug('My Plan: 2030!', 'baseline', catalog)).toBe('my-plan-2030');
    expect(slug('我的方案', 'baseline', catalog)).toBe('baseline-3');
    expect(slug('Baseline', 'baseline', catalog)).toBe('baseline-3');
  });
});
