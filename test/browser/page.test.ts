/**
 * The page in real Chromium, served by a listening app: it loads under the Content Security
 * Policy without console errors, runs the chosen scenario and shows the key figures and tables;
 * the URL reproduces the view. Screenshots at 1280×800 and 390×844 go to test-output/screenshots.
 */
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { testApp } from '../api/helpers.ts';
import { hasChromium, launch, SCREENSHOTS } from './chromium.ts';

const required = process.env.CI === 'true';
const pool = new WorkerPool(2);
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!hasChromium && !required) return;
  app = await testApp(pool);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await pool.close();
});

describe.skipIf(!hasChromium && !required)('the page in Chromium', () => {
  it('runs a scenario under the CSP with no console errors, and its URL reproduces the view', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/?scenario=baseline&trials=2000&seed=5`);
    await page.locator('#results:not([hidden])').waitFor({ timeout: 60_000 });
    expect(await page.locator('#results-title').textContent()).toContain('Baseline');
    expect(await page.locator('#run-meta').textContent()).toContain('2,000 trials · seed 5');
    const figures = await page.locator('#figures').textContent();
    expect(figures).toMatch(/Chance of ≥ 500\.0 bn in 2030\s*\d+\.\d%/);
    expect(await page.locator('#total-table tbody tr').count()).toBe(12);
    expect(await page.locator('#cluster-table tbody tr').count()).toBe(5);
    const csv = await page.locator('#csv-link').getAttribute('href');
    expect(csv).toMatch(/^\/api\/runs\/[0-9a-f]{64}\.csv$/);
    await page.screenshot({ path: `${SCREENSHOTS}page-1280x800.png`, fullPage: true });

    // change the scenario and run: the URL follows
    await page.selectOption('#scenario', 'headwinds');
    await page.click('#run');
    await page.locator('#results-title', { hasText: 'Headwinds' }).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).searchParams.get('scenario')).toBe('headwinds');
    const shown = await page.locator('#figures').textContent();

    // a fresh page on that URL shows the same figures
    const again = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await again.goto(page.url());
    await again.locator('#results-title', { hasText: 'Headwinds' }).waitFor({ timeout: 60_000 });
    expect(await again.locator('#figures').textContent()).toBe(shown);
    await again.screenshot({ path: `${SCREENSHOTS}page-390x844.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  it('serves the API docs under the same CSP', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('future-industry-sim API');
    expect(problems).toEqual([]);
  }, 60_000);
});
