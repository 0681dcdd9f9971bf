/// <reference lib="dom" />
/**
 * The page's comparison, fan chart picker, run status and delete buttons in real Chromium: a second
 * scenario shows on every chart and as Δ in the key figures and the table; the fan chart of a
 * field comes from the run on screen (no rerun) and its image and embed name the scope; the
 * status says where a run came from; a saved scenario and a stored run are deleted after a
 * confirming second press, and a server with ADMIN_TOKEN gets the token asked for.
 */
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/node/pool.ts';
import { testApp } from '../api/helpers.ts';
import { hasChromium, launch, SCREENSHOTS } from './chromium.ts';
import { chartData, openPage, renders, settled } from './helpers.ts';

const required = process.env.CI === 'true';
const pool = new WorkerPool(2);
let app: FastifyInstance;
let guarded: FastifyInstance;
let browser: Browser;
let base: string;
let guardedBase: string;
const problems: string[] = [];
const TOKEN = 'a-long-admin-token-for-the-test';

beforeAll(async () => {
  if (!hasChromium && !required) return;
  app = await testApp(pool);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  guarded = await testApp(pool, { adminToken: TOKEN });
  guardedBase = await guarded.listen({ port: 0, host: '127.0.0.1' });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await guarded?.close();
  await pool.close();
});

const open = (url: string, width = 1280, height = 800): Promise<Page> => openPage(browser, problems, url, width, height);
const text = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? '';

/** Saves a scenario through the API of `at` (the page's own save is tested in page.test.ts). */
async function saveScenario(at: string, id: string): Promise<void> {
  const res = await fetch(`${at}/api/scenarios/baseline/variants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, title: `Saved ${id}`, trials: 1000, seed: 3, overrides: { growthShift: { energy: 0.01 } } }),
  });
  expect(res.status).toBe(201);
}

describe.skipIf(!hasChromium && !required)("the page's comparison, fan chart picker, status and deletes", () => {
  it('shows a second scenario on every chart, and as Δ in the key figures and the field table, in the chosen unit', async () => {
    const page = await open(`${base}/?scenario=baseline&trials=2000&seed=5&compare=accelerated&unit=yi`);
    await settled(page, 0);
    const fan = await chartData(page, 'fan');
    const clusters = await chartData(page, 'clusters');
    const chance = await chartData(page, 'probability');
    expect(Object.keys(fan)).toContain('Median of Accelerated: plan over-delivered, kinder markets, fewer shocks');
    expect(Object.keys(clusters)).toContain('Sum of medians of Accelerated: plan over-delivered, kinder markets, fewer shocks');
    expect(Object.keys(chance)).toContain('Accelerated: plan over-delivered, kinder markets, fewer shocks');
    const figures = await text(page, '#figures');
    expect(figures).toMatch(/−\d+(\.\d)? ± \d+\.\d pp vs comparison/);
    expect(figures).toMatch(/−[\d,]+ 亿 vs comparison/);
    expect(await page.locator('#field-table thead th').allTextContents()).toEqual([
      'Field',
      '2030: median (5–95%), 亿',
      'Δ 2030, 亿',
      '2035: median (5–95%), 亿',
      'Δ 2035, 亿',
      'Sources',
    ]);
    const deltas = await page.locator('#field-table td.delta').allTextContents();
    expect(deltas).toHaveLength(2 * 21);
    expect(deltas.every((d) => /^[+−][\d,]+(\.\d)?$/.test(d))).toBe(true);
    expect(await page.locator('#fields-delta-note').isVisible()).toBe(true);
    // the same scenario, nothing changed: no comparison, no Δ
    await page.selectOption('#compare', '');
    await page.waitForFunction(() => document.querySelectorAll('#field-table thead th').length === 4);
    expect(await page.locator('#fields-delta-note').isHidden()).toBe(true);
    await page.close();
  }, 120_000);

  it('draws the fan chart of a cluster or a field from the run on screen, and names it in the link, the image and the embed', async () => {
    const page = await open(`${base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    const n = await renders(page);
    const runs = await page.evaluate(() => (window as unknown as { __futureSim: { runs: number } }).__futureSim.runs);
    expect(await page.locator('#fan-scope option').count()).toBe(1 + 5 + 16);
    await page.selectOption('#fan-scope', 'quantum');
    await page.waitForFunction(
      () =>
        (window as unknown as { Chart: { getChart(id: string): { options: { plugins: { title: { text: string } } } } } }).Chart.getChart('chart-fan').options.plugins.title.text ===
        'Output of Quantum technology',
    );
    expect(new URL(page.url()).searchParams.get('fan')).toBe('quantum');
    const run = await page.evaluate(() => fetch(document.querySelector<HTMLAnchorElement>('#json-link')!.href).then((r) => r.json()));
    expect((await chartData(page, 'fan')).Median).toEqual(run.result.fields.quantum.p50);
    expect(await page.locator('#chart-fan').getAttribute('aria-label')).toMatch(/^Fan chart of Quantum technology: median/);
    // no rerun, no redraw of the rest
    expect(await renders(page)).toBe(n);
    expect(await page.evaluate(() => (window as unknown as { __futureSim: { runs: number } }).__futureSim.runs)).toBe(runs);
    await page.click('#embed-fan');
    expect(await page.locator('#image-url').inputValue()).toContain('/charts/fan.png?scope=quantum');
    expect(await page.locator('#embed-code').inputValue()).toContain('scope=quantum');
    const image = await page.evaluate((url) => fetch(url).then((r) => r.status), await page.locator('#image-url').inputValue());
    expect(image).toBe(200);
    await page.click('#close-embed');
    // a fresh page from the link shows the same
    const again = await open(page.url());
    await settled(again, 0);
    expect(await again.locator('#fan-scope').inputValue()).toBe('quantum');
    expect((await chartData(again, 'fan')).Median).toEqual(run.result.fields.quantum.p50);
    // an embed of the field's fan chart, and its link back to the page
    await again.goto(`${base}/embed?run=${run.id}&chart=fan&scope=quantum`);
    await again.waitForFunction(() => document.body.dataset.ready === 'true');
    expect(await again.locator('#caption a').getAttribute('href')).toContain('fan=quantum');
    await page.close();
    await again.close();
  }, 120_000);

  it('says "fresh run" for a run made now, "stored run" only for one the server had, and when it is this page\'s earlier run', async () => {
    const url = `${base}/?scenario=headwinds&trials=1000&seed=987654`;
    const page = await open(url);
    await settled(page, 0);
    expect(await text(page, '#status')).toMatch(/^Updated in \d+ ms \(fresh run\)\.$/);
    const n = await renders(page);
    await page.focus('#g-space');
    await page.keyboard.press('ArrowRight');
    await settled(page, n);
    expect(await text(page, '#status')).toMatch(/\(fresh run\)\.$/);
    const m = await renders(page);
    await page.keyboard.press('ArrowLeft');
    await settled(page, m);
    expect(await text(page, '#status')).toMatch(/\(run earlier on this page\)\.$/);
    const again = await open(url);
    await settled(again, 0);
    expect(await text(again, '#status')).toMatch(/^Updated in \d+ ms \(stored run\)\.$/);
    await page.close();
    await again.close();
  }, 120_000);

  it('deletes a saved scenario (every version) and a stored run after a confirming second press; bundled ones have no button', async () => {
    await saveScenario(base, 'to-delete');
    const page = await open(`${base}/?scenario=baseline&trials=1000&seed=11`);
    await settled(page, 0);
    expect(await page.locator('#delete-scenario').isHidden()).toBe(true);
    // the stored run: the first press asks, the second deletes
    const run = await page.evaluate(() => document.querySelector<HTMLAnchorElement>('#json-link')!.href);
    await page.click('#delete-run');
    expect(await text(page, '#delete-run-status')).toMatch(/^Delete run [0-9a-f]{12} from the server\?/);
    expect(await text(page, '#delete-run')).toBe('Yes, delete the run');
    expect((await fetch(run)).status).toBe(200);
    await page.click('#delete-run');
    await page.locator('#delete-run-status', { hasText: 'is deleted from the server' }).waitFor();
    expect((await fetch(run)).status).toBe(404);
    expect(await page.locator('#json-link').getAttribute('href')).toBeNull();
    expect(await page.locator('#png-fan').isDisabled()).toBe(true);
    expect(await page.locator('#delete-run').isDisabled()).toBe(true);

    // a saved scenario: the button shows on it, a change takes back the first press
    const n = await renders(page);
    await page.selectOption('#scenario', 'to-delete');
    await settled(page, n);
    expect(await page.locator('#delete-scenario').isVisible()).toBe(true);
    await page.click('#delete-scenario');
    expect(await text(page, '#delete-scenario-status')).toBe('Delete to-delete? This cannot be undone: press the button again to delete, or change anything to keep it.');
    const moved = await renders(page);
    await page.focus('#g-health');
    await page.keyboard.press('ArrowRight');
    expect(await text(page, '#delete-scenario')).toBe('Delete this saved scenario');
    // the slider's run drawn first, so nothing else happens between the two presses
    await settled(page, moved);
    await page.click('#delete-scenario');
    const m = await renders(page);
    await page.click('#delete-scenario');
    await settled(page, m);
    expect(await text(page, '#delete-scenario-status')).toBe('to-delete is deleted, every version of it.');
    expect(await page.locator('#scenario').inputValue()).toBe('baseline');
    expect(await page.locator('#scenario option').allTextContents()).not.toContain('Saved to-delete (v1)');
    expect((await fetch(`${base}/api/scenarios/to-delete`)).status).toBe(404);
    expect(await page.locator('#delete-scenario').isHidden()).toBe(true);
    await page.close();
  }, 120_000);

  it('asks for the admin token when the server wants one, keeps it for the tab only, and retries', async () => {
    await saveScenario(guardedBase, 'guarded');
    const page = await open(`${guardedBase}/?scenario=guarded`);
    await settled(page, 0);
    await page.click('#delete-scenario');
    await page.click('#delete-scenario');
    await page.locator('#token-dialog[open]').waitFor();
    expect(await text(page, '#token-reason')).toContain('admin token');
    // a wrong token: asked again, with the server's reason
    await page.fill('#token-input', 'wrong');
    await page.click('#token-send');
    await page.locator('#token-dialog[open]').waitFor();
    await page.waitForFunction(() => document.getElementById('token-reason')?.textContent?.includes('does not match'));
    await page.screenshot({ path: `${SCREENSHOTS}page-token-1280x800.png` });
    // giving up deletes nothing
    await page.click('#token-cancel');
    await page.locator('#delete-scenario-status', { hasText: 'Nothing was deleted.' }).waitFor();
    expect((await fetch(`${guardedBase}/api/scenarios/guarded`)).status).toBe(200);
    // the right one deletes, and is kept for this tab (sessionStorage), not for the site
    await page.click('#delete-scenario');
    await page.click('#delete-scenario');
    await page.locator('#token-dialog[open]').waitFor();
    await page.fill('#token-input', TOKEN);
    const n = await renders(page);
    await page.click('#token-send');
    await settled(page, n);
    expect(await text(page, '#delete-scenario-status')).toBe('guarded is deleted, every version of it.');
    expect((await fetch(`${guardedBase}/api/scenarios/guarded`)).status).toBe(404);
    expect(await page.evaluate(() => [window.sessionStorage.length, window.localStorage.length])).toEqual([1, 0]);
    // the next delete in this tab needs no asking
    await page.click('#delete-run');
    await page.click('#delete-run');
    await page.locator('#delete-run-status', { hasText: 'is deleted from the server' }).waitFor();
    expect(await page.locator('#token-dialog[open]').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('logged no console errors or warnings on any page', () => {
    // but Chromium's note of each refused delete the token test asks for (one 401, then a wrong token's 403 twice)
    const refused = problems.filter((p) => /status of (401|403)/.test(p));
    expect(refused.length).toBeLessThanOrEqual(3);
    expect(problems.filter((p) => !refused.includes(p))).toEqual([]);
  });
});
