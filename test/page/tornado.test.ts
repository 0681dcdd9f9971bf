/** The tornado of a run's free sensitivity figures, and the Monte Carlo error beside a probability. */
import { describe, expect, it } from 'vitest';
import { changeWithSe, isNoise, shareSe, targetSe, unpairedSe, withSe } from '../../public/lib/mc-error.js';
import { heightFor } from '../../public/lib/plugins.js';
import { defaultOutput, describeTornado, groupShares, tornadoConfig, tornadoOutputs, tornadoRows } from '../../public/lib/tornado-chart.js';
import { analysedManifest, manifest } from './fixtures.ts';

const m = analysedManifest('a');
type Row = { label: string; low: number; high: number };
type Config = { data: { labels: string[][]; datasets: { label: string; data: ([number, number] | null)[] }[] }; options: Record<string, never> };

describe('the tornado', () => {
  it("shows the page's target first, and every output of the run in the picker", () => {
    expect(defaultOutput(m.result)).toBe('target:plan');
    expect(tornadoOutputs(m.result)).toEqual(['target:plan', 'total@2026']);
    expect(tornadoOutputs(manifest('b').result)).toEqual([]);
  });

  it('sorts the inputs by swing, largest first, with their names and shares', () => {
    const rows = tornadoRows(m, 'target:plan', 'en');
    expect(rows.map((r: Row) => [r.label, Math.round(Math.abs(r.high - r.low) * 100)])).toEqual([
      ['Biosafety: 2024 value', 60],
      ['Advanced nuclear: growth rate r', 40],
      ['Advanced nuclear: 2024 value', 20],
      ['Shock: impact', 15],
      ['Innovation centres: delivery', 3],
    ]);
    expect(tornadoRows(m, 'total@2026', 'zh', 2).map((r: Row) => r.label)).toEqual(['先进核能：2024年基数', '生物安全：2024年基数']);
  });

  it('draws each bar from the bottom-tenth to the top-tenth mean, in percent for a chance, coloured by direction', () => {
    const c = tornadoConfig(m, { unit: 'cny', lang: 'en' }) as unknown as Config;
    const [raises, lowers] = c.data.datasets;
    expect(raises.label).toBe('higher assumption, higher outcome');
    expect(raises.data[0]?.map((x) => Math.round(x))).toEqual([10, 70]);
    expect(raises.data[3]).toBeNull();
    expect(lowers.data[3]?.map((x) => Math.round(x))).toEqual([30, 45]);
    expect(c.data.labels[0]).toEqual(['Biosafety: 2024 value · share', '30.0% ± 2.0%']);
    expect(tornadoConfig(m, { unit: 'cny', lang: 'en', caption: true }).data.labels[0]).toEqual(['Biosafety: 2024 value · share 30.0% ± 2.0%']);
    const meanLine = (c.options.plugins as unknown as { meanLine: { value: number } }).meanLine;
    expect(meanLine.value).toBeCloseTo(40, 10);
    const yi = tornadoConfig(m, { unit: 'yi', lang: 'zh', output: 'total@2026' }) as unknown as Config;
    expect(yi.data.datasets[0].data[0]).toEqual([1100, 1700]);
    expect((yi.options.plugins as unknown as { title: { text: string[] } }).title.text).toEqual(['哪些假设影响2026年总产值']);
  });

  it('lists the group shares with their errors, the rest last', () => {
    expect(groupShares(m, 'target:plan', 'en').map((g: { label: string; text: string }) => `${g.label}: ${g.text}`)).toEqual([
      'base values: 40.0% ± 2.5%',
      'growth in Future energy: 20.0% ± 1.8%',
      'lever deliveries: 1.0% ± 0.5%',
      'event impacts: 5.0% ± 1.0%',
      'annual noise, event occurrence and interactions: 34.0% ± 4.0%',
    ]);
  });

  it('says which assumption moves the output most, and refuses an unknown output naming the valid ones', () => {
    expect(describeTornado(m, { unit: 'cny', lang: 'en' })).toBe(
      'Tornado of chance of 150 bn by 2026: the assumption that moves it most is Biosafety: 2024 value (10.0% – 70.0%).',
    );
    expect(() => tornadoConfig(m, { unit: 'cny', lang: 'en', output: 'total@2031' })).toThrow('unknown output total@2031; outputs: target:plan, total@2026');
    expect(() => tornadoConfig(manifest('b'), { unit: 'cny', lang: 'en', output: 'total@2026' })).toThrow('this run has no sensitivity figures');
  });

  it('leaves room for its ten bars and its caption in an image', () => {
    const c = tornadoConfig(m, { unit: 'cny', lang: 'en', caption: true });
    const ctx = { save() {}, restore() {}, measureText: (s: string) => ({ width: s.length * 7 }), font: '' };
    // five one-line labels, three caption lines
    expect(heightFor(ctx, c, 2000)).toBe(150 + 5 * (15 + 10) + 3 * 16 + 10);
  });
});

describe('Monte Carlo error', () => {
  it('is √(p(1 − p)/N), shown in points beside the chance', () => {
    expect(shareSe(0.382, 10000)).toBeCloseTo(0.004859, 6);
    expect(withSe(0.382, shareSe(0.382, 10000), 'en')).toBe('38.2% ± 0.5 pt');
    expect(withSe(0.5, 0.0002, 'zh')).toBe('50.0% ± 0.02 个百分点');
    expect(targetSe({ probability: 0.4, probabilitySe: 0.01 }, 1000)).toBe(0.01);
    expect(targetSe({ probability: 0.4 }, 1000)).toBeCloseTo(Math.sqrt(0.24 / 1000), 12);
  });

  it('calls a change under 3 standard errors of the difference noise', () => {
    const se = unpairedSe(0.005, 0.005);
    expect(se).toBeCloseTo(0.0070711, 6);
    expect(isNoise(0.02, se)).toBe(true);
    expect(isNoise(0.022, se)).toBe(false);
    expect(isNoise(0, 0)).toBe(true);
    expect(isNoise(0.001, 0)).toBe(false);
    expect(changeWithSe(-0.041, 0.007, 'en')).toBe('−4.1 ± 0.7 pp');
  });
});
