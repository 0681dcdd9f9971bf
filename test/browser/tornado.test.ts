/// <reference lib="dom" />
/**
 * The tornado beside the key figures in real Chromium, from the run's own sensitivity figures:
 * ten bars with their inputs' names and shares ± s.e., the chance ± its Monte Carlo error in the
 * key figures, the output picker, the group shares (the rest last), Chinese labels, and the
 * tornado as a download, an embed and a server-rendered image. Screenshots (en, zh) go to
 * test-output/screenshots.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, SCREENSHOTS } from './chromium.ts';
import { pageSuite, settled } from './helpers.ts';

const required = process.env.CI === 'true';
const suite = pageSuite();

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface Tornado {
  title: string[];
  labels: string[];
  bars: ([number, number] | null)[][];
  mean: number;
}

/** The tornado as chart.js holds it: its title, its bars' labels (lines joined), each dataset's bars, the mean line. */
const tornado = (page: Page): Promise<Tornado> =>
  page.evaluate(() => {
    type C = { data: { labels: string[][]; datasets: { data: ([number, number] | null)[] }[] }; options: { plugins: { title: { text: string[] }; meanLine: { value: number } } } };
    const c = (window as unknown as { Chart: { getChart(id: string): C } }).Chart.getChart('chart-tornado');
    return { title: c.options.plugins.title.text, labels: c.data.labels.map((l) => l.join(' ')), bars: c.data.datasets.map((d) => d.data), mean: c.options.plugins.meanLine.value };
  });

describe.skipIf(!hasChromium && !required)('the tornado in Chromium', () => {
  it("shows which assumptions move the target's chance beside the key figures, each chance ± its error", async () => {
    const page = await suite.open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    expect(await page.locator('#fig-tornado').isVisible()).toBe(true);
    const chance = page.locator('#figures dd').first();
    const [, p, se] = /^(\d+\.\d)% ± (\d\.\d) pt$/.exec((await chance.textContent()) ?? '') ?? [];
    // √(p(1 − p)/N) at 2,000 trials
    expect(Number(se)).toBeCloseTo(100 * Math.sqrt(((Number(p) / 100) * (1 - Number(p) / 100)) / 2000), 1);
    expect(await chance.getAttribute('title')).toMatch(/^± one Monte Carlo standard error, .*N = 2,000 trials/);

    const t = await tornado(page);
    expect(t.title.join(' ')).toBe('What moves chance of ~500bn yuan of future-industry output by 2030 (action plan target)');
    expect(t.labels).toHaveLength(10);
    for (const label of t.labels) expect(label).toMatch(/^.+: .+ · share −?\d+\.\d% ± \d+\.\d%$|^shared error of .+ · share −?\d+\.\d% ± \d+\.\d%$/);
    expect(t.labels[0]).toMatch(/^shared error of base values \(all fields\)/);
    // each bar spans the chance in the input's bottom and top tenth, around the chance over all worlds
    const bars = t.labels.map((_, i) => t.bars[0][i] ?? t.bars[1][i]);
    for (const bar of bars) expect(bar && bar[0] <= bar[1]).toBe(true);
    const swings = bars.map((b) => (b ? b[1] - b[0] : 0));
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
    expect(t.mean).toBeCloseTo(Number(p), 1);
    const groups = await page.locator('#tornado-groups li').allTextContents();
    expect(groups[0]).toMatch(/^base values\d+\.\d% ± \d+\.\d%$/);
    expect(groups.at(-1)).toMatch(/^annual noise, event occurrence and interactions\d+\.\d% ± \d+\.\d%$/);
    expect(await page.locator('#chart-tornado').getAttribute('aria-label')).toMatch(/^Tornado of chance of .+: the assumption that moves it most is shared error of base values/);
    // at 2,000 trials every share is within ±0.02 (the run names no trials needed); at 1,000 the note says how many would do
    expect(await page.locator('#tornado-note').textContent()).toBe("From the run's first 2,000 trials.");
    await page.locator('.key-row').screenshot({ path: `${SCREENSHOTS}tornado-en.png` });

    // another output: the total in 2030, in the display unit
    await page.selectOption('#tornado-output', 'total@2030');
    const total = await tornado(page);
    expect(total.title.join(' ')).toBe('What moves total output in 2030');
    expect(total.mean).toBeGreaterThan(100);
    // the link keeps the picked output
    expect(new URL(page.url()).searchParams.get('tornado')).toBe('total@2030');

    await page.selectOption('#trials', '1000');
    await page.locator('#tornado-note', { hasText: 'would make them stable' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('#tornado-note').textContent()).toBe(
      "From the run's first 1,000 trials. Some shares are uncertain by more than ±0.02 at 1,000 trials; 2,000 would make them stable.",
    );

    // in Chinese: the names of the inputs and groups
    await page.selectOption('#lang', 'zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const zh = await tornado(page);
    expect(zh.title.join('')).toBe('哪些假设影响2030年总产值');
    expect(zh.labels.some((l) => /^基数的共同误差（全部领域） · 贡献 \d+\.\d% ± \d+\.\d%$/.test(l))).toBe(true);
    expect((await page.locator('#tornado-groups li').first().textContent()) ?? '').toMatch(/^基数/);
    expect(await page.locator('#figures dd').first().textContent()).toMatch(/^\d+\.\d% ± \d\.\d 个百分点$/);
    await page.locator('.key-row').screenshot({ path: `${SCREENSHOTS}tornado-zh.png` });
    expect(suite.problems).toEqual([]);
    await page.close();
  });

  it('downloads, embeds and serves the tornado of the picked output', async () => {
    const page = await suite.open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    await page.selectOption('#tornado-output', 'total@2030');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#png-tornado')]);
    expect(download.suggestedFilename()).toMatch(/^baseline-tornado-total-2030-[0-9a-f]{12}\.png$/);
    const png = readFileSync((await download.path()) as string);
    expect(pngSize(png).width).toBe(1800);
    writeFileSync(`${SCREENSHOTS}download-tornado.png`, png);

    await page.click('#embed-tornado');
    await page.locator('#embed-dialog[open]').waitFor();
    const snippet = await page.locator('#embed-code').inputValue();
    expect(snippet).toMatch(
      /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?run=[0-9a-f]{64}&amp;chart=tornado&amp;output=total%402030" [^>]*title="Baseline: plan delivered as announced: which assumptions matter \(tornado\)"/,
    );
    const imageUrl = await page.locator('#image-url').inputValue();
    expect(imageUrl).toMatch(/\/api\/runs\/[0-9a-f]{64}\/charts\/tornado\.png\?output=total%402030$/);
    await page.click('#close-embed');

    const embed = await suite.open(/src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&') ?? '', 960, 700);
    await embed.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await embed.locator('#chart').getAttribute('aria-label')).toMatch(/^Tornado of total output in 2030: the assumption that moves it most is /);
    await embed.screenshot({ path: `${SCREENSHOTS}embed-tornado.png` });

    const res = await page.request.get(`${imageUrl}&lang=zh&scale=1`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
    const image = Buffer.from(await res.body());
    expect(pngSize(image).width).toBe(900);
    writeFileSync(`${SCREENSHOTS}server-tornado-zh.png`, image);
    const bad = await page.request.get(imageUrl.replace('total%402030', 'total%402040'));
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { details: { path: string; message: string }[] }).details[0]).toMatchObject({
      path: 'output',
      message: expect.stringContaining('outputs: target:plan-2030, target:milestone-2035, total@2030'),
    });
    expect(suite.problems).toEqual([]);
    await embed.close();
    await page.close();
  });
});
