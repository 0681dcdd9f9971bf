/// <reference lib="dom" />
/** What the browser tests share: a page that records console problems, waiting for renders, a chart's data. */
import type { Browser, Page } from 'playwright-core';

/** Opens `url` in a new page of this size that records console errors, warnings and page errors in `problems`. */
export async function openPage(browser: Browser, problems: string[], url: string, width = 1280, height = 800): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return page;
}

/** Waits until the page has rendered more than `before` times and no input is waiting for its run. */
export async function settled(page: Page, before: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const probe = (window as unknown as { __futureSim: { renders: number; lastInputAt?: number } }).__futureSim;
      return probe.renders > n && probe.lastInputAt === undefined;
    },
    before,
    { timeout: 60_000 },
  );
}

/** How many full runs the page has drawn. */
export const renders = (page: Page) => page.evaluate(() => (window as unknown as { __futureSim: { renders: number } }).__futureSim.renders);

/** A chart's datasets as chart.js holds them: label → data. */
export function chartData(page: Page, chart: string): Promise<Record<string, (number | null)[]>> {
  return page.evaluate((id) => {
    const c = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: { label: string; data: (number | null)[] }[] } } } }).Chart.getChart(id);
    return Object.fromEntries(c.data.datasets.map((d) => [d.label, d.data]));
  }, `chart-${chart}`);
}
