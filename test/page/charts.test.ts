/** The shared chart configs (page, embed, server PNGs): the fan of any scope, the comparison on every chart, words in both languages. */
import { describe, expect, it } from 'vitest';
import { chartCaption, chartConfig, CHARTS, scopesOf, statsOf } from '../../public/lib/charts.js';
import { describeChart } from '../../public/lib/describe-chart.js';
import { manifest, scenario } from './fixtures.ts';

type Config = {
  data: { labels: string[]; datasets: { label: string; data: (number | null)[]; stack?: string; borderDash?: number[] }[] };
  options: { plugins: { title: { text: string } } };
};
const config = (chart: string, m: object, c: object | undefined, view: object) => chartConfig(chart, m, c, { unit: 'cny', lang: 'en', ...view }) as Config;
const byLabel = (cfg: Config) => Object.fromEntries(cfg.data.datasets.map((d) => [d.label, d.data]));

const a = manifest('a', 100);
/** Another scenario's run (the same clusters and fields). */
const b = { ...manifest('b', 80), scenario: { ...scenario, id: 'other', title: 'Other' } };

describe('the fan chart of any scope', () => {
  it('lists the total, then each cluster followed by its fields', () => {
    expect(scopesOf(scenario)).toEqual(['total', 'health', 'biosafety', 'energy', 'nuclear']);
    expect(statsOf(a.result, 'nuclear')).toBe(a.result.fields.nuclear);
    expect(statsOf(a.result)).toBe(a.result.total);
  });

  it("draws the scope's bands and median in the chosen unit, titled with its name, with the target only on the total", () => {
    const total = config('fan', a, undefined, {});
    expect(byLabel(total).Median).toEqual([100, 120, 140]);
    expect(total.data.datasets.some((d) => d.label.startsWith('Target'))).toBe(true);
    const field = config('fan', a, undefined, { scope: 'nuclear', unit: 'yi' });
    expect(field.options.plugins.title.text).toBe('Output of Advanced nuclear');
    expect(byLabel(field).Median).toEqual([500, 600, 700]);
    expect(byLabel(field)['90% range (5–95%)']).toEqual([800, 960, 1120]);
    expect(field.data.datasets.some((d) => d.label.startsWith('Target'))).toBe(false);
    expect(config('fan', a, undefined, { scope: 'health', lang: 'zh' }).options.plugins.title.text).toBe('未来健康产值');
  });

  it('refuses a scope the scenario does not have, naming those it has', () => {
    expect(() => config('fan', a, undefined, { scope: 'mars' })).toThrow('unknown scope mars; scopes: total, health, biosafety, energy, nuclear');
  });
});

describe('the comparison on every chart', () => {
  it('is dashed on the fan chart of the same scope', () => {
    expect(byLabel(config('fan', a, b, { scope: 'health' }))['Median of Other']).toEqual([40, 50, 60]);
  });

  it("is the top of its stack on the clusters chart (the sum of its clusters' medians), in a stack of its own", () => {
    const cfg = config('clusters', a, b, {});
    const line = cfg.data.datasets.find((d) => d.stack === 'comparison');
    expect(line?.label).toBe('Sum of medians of Other');
    expect(line?.data).toEqual([80, 100, 120]);
    expect(line?.borderDash).toBeDefined();
    // the same scenario without changes
    const same = config('clusters', a, { ...b, scenario: a.scenario }, {});
    expect(same.data.datasets.at(-1)?.label).toBe('Sum of medians without the changes');
    expect(config('clusters', a, undefined, {}).data.datasets.some((d) => d.stack === 'comparison')).toBe(false);
  });

  it("is on the chance chart, and named in every chart's caption", () => {
    expect(Object.keys(byLabel(config('probability', a, b, {})))).toEqual(['Reached 150.0 bn by 2026', 'Other']);
    for (const chart of CHARTS) expect(chartCaption(chart, a, b, 'en').some((l) => l.startsWith(`Dashed: Other · run ${b.id.slice(0, 12)}`))).toBe(true);
    // a run compared with itself draws no comparison
    expect(chartCaption('fan', a, a, 'en').some((l) => l.startsWith('Dashed'))).toBe(false);
  });
});

describe('chart descriptions for screen readers', () => {
  it('say what each chart shows, in both languages', () => {
    expect(describeChart('fan', a, { unit: 'cny', lang: 'en' })).toBe(
      'Fan chart of total output: median 140.0 bn in 2026, 90% range 70.0 bn to 224.0 bn. Target 150.0 bn in 2026: chance 40.0% ± 1.5 pt.',
    );
    expect(describeChart('fan', a, { unit: 'cny', lang: 'en', scope: 'biosafety' })).toBe('Fan chart of Biosafety: median 70.0 bn in 2026, 90% range 35.0 bn to 112.0 bn.');
    expect(describeChart('clusters', a, { unit: 'usd', lang: 'zh' })).toBe('各集群2026年中位数：未来健康 8.8 十亿美元；未来能源 8.8 十亿美元。');
    expect(describeChart('probability', a, { unit: 'yi', lang: 'zh' })).toBe('截至2026年达到 1,500 亿元 的概率为 40.0% ± 1.5 个百分点。');
  });
});
