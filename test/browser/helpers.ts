/// <reference lib="dom" />
/** What the browser tests share: the app and Chromium for a file, a page that records console problems, waiting for renders, a chart's data. */
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { testApp } from '../api/helpers.ts';
import { hasChromium, launch, SCREENSHOTS } from './chromium.ts';

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

/** The page on a test app over a real socket, and Chromium, for one file's tests. */
export interface PageSuite {
  /** The app's address, once the file's tests start. */
  base: string;
  browser: Browser;
  /** Console errors, warnings and page errors of every page opened. */
  readonly problems: string[];
  /** A page at a size that records its problems. */
  readonly open: (url: string, width?: number, height?: number) => Promise<Page>;
}

/**
 * Starts the app (with a pool of two workers) and Chromium before the file's tests and stops them
 * after. Without Chromium nothing starts (the tests skip), except on CI, where that fails.
 */
export function pageSuite(): PageSuite {
  const pool = new WorkerPool(2);
  let app: FastifyInstance | undefined;
  const suite: PageSuite = {
    base: '',
    browser: undefined as unknown as Browser,
    problems: [],
    open: (url, width, height) => openPage(suite.browser, suite.problems, url, width, height),
  };
  beforeAll(async () => {
    if (!hasChromium && process.env.CI !== 'true') return;
    app = await testApp(pool);
    suite.base = await app.listen({ port: 0, host: '127.0.0.1' });
    suite.browser = await launch();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await suite.browser?.close();
    await app?.close();
    await pool.close();
  });
  return suite;
}
