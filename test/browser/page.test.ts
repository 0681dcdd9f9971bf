/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page in real Chromium, served by a listening app: it loads under the Content Security
 * Policy without console errors; moving a slider reruns and changes the figures and charts; the
 * URL reproduces the view; a chart downloads as PNG, embeds in an iframe and comes as a
 * server-rendered image; the assumptions save as a scenario; controls are labelled, in a sensible
 * focus order and of enough contrast. Screenshots at 1280×800 and 390×844 go to
 * test-output/screenshots.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEED_MAX } from '../../src/core/limits.ts';
import { hasChromium, SCREENSHOTS } from './chromium.ts';
import { chartData, pageSuite, renders, settled } from './helpers.ts';

const required = process.env.CI === 'true';
const suite = pageSuite();
const open = suite.open;

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.skipIf(!hasChromium && !required)('the page in Chromium', () => {
  // the view the first test builds with sliders; the others start from its link
  const permalink = () => `${suite.base}/?scenario=baseline&trials=2000&seed=5&g.intelligence=2&lever.pioneer-areas=0.8&off=chip-export-controls`;

  it('loads, and a slider moved by keyboard reruns: figures, charts and URL change', async () => {
    const page = await open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    expect(await page.locator('#results-title').textContent()).toContain('Baseline');
    expect(await page.locator('#run-meta').textContent()).toContain('2,000 trials · seed 5');
    const before = await page.locator('#figures').textContent();
    expect(before).toMatch(/Chance of ≥ 500\.0 bn in 2030\s*\d+\.\d%/);
    expect(await page.locator('#field-table tbody tr:not(.group)').count()).toBe(16);
    expect(await page.locator('#field-table tbody tr.group th').allTextContents()).toEqual([
      'Future health',
      'Future intelligence',
      'Future energy',
      'Future space',
      'Future materials',
    ]);
    const fanBefore = await chartData(page, 'fan');
    expect(fanBefore.Median).toHaveLength(12);
    expect(Object.keys(fanBefore).some((l) => l === 'Median without the changes')).toBe(false); // nothing changed yet
    expect(Object.keys(await chartData(page, 'clusters'))).toEqual(['Future health', 'Future intelligence', 'Future energy', 'Future space', 'Future materials']);

    // +2 pp a year for future intelligence, by keyboard: four steps of 0.5
    const n = await renders(page);
    await page.focus('#g-intelligence');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await settled(page, n);
    expect(await page.locator('#g-intelligence-out').textContent()).toBe('+2 pp');
    expect(new URL(page.url()).searchParams.get('g.intelligence')).toBe('2');
    let figuresAfterMove = (await page.locator('#figures').textContent()) ?? '';
    expect(figuresAfterMove).not.toBe(before);
    expect(figuresAfterMove).toMatch(/\+\d+\.\d+ ± \d+\.\d pp vs comparison/);
    expect(await page.locator('#changes').textContent()).toContain('growth +2 pp/yr in Future intelligence');
    const fanAfter = await chartData(page, 'fan');
    expect(fanAfter.Median[11]).toBeGreaterThan(fanBefore.Median[11] as number);
    // the unchanged scenario is the dashed line: its median is the old median
    const dashed = Object.entries(fanAfter).find(([l]) => l === 'Median without the changes');
    expect(dashed?.[1]).toEqual(fanBefore.Median);
    expect((await chartData(page, 'probability'))['Reached 500.0 bn by 2030'][5]).toBeGreaterThan((await chartData(page, 'probability'))['Without the changes'][5] as number);

    // switch an event off and a lever down: both reach the URL and the caption
    const m = await renders(page);
    await page.click('#e-chip-export-controls');
    await page.focus('#d-pioneer-areas');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await settled(page, m);
    const q = new URL(page.url()).searchParams;
    expect(q.get('off')).toBe('chip-export-controls');
    // lever delivery is a ratio in the link, as in the API, the CLI and scenario files (the slider shows %)
    expect(q.get('lever.pioneer-areas')).toBe('0.8');
    expect(await page.locator('#changes').textContent()).toMatch(/Future-industry pioneer areas delivered at 80%.*Tighter chip export controls off/);
    figuresAfterMove = (await page.locator('#figures').textContent()) ?? '';
    expect([...q.keys()].sort()).toEqual(['g.intelligence', 'lever.pioneer-areas', 'off', 'scenario', 'seed', 'trials']);
    expect(Object.fromEntries(q)).toEqual(Object.fromEntries(new URL(permalink()).searchParams));
    // on a wide screen the table fits and nothing says otherwise
    expect(await page.locator('#fields-scroll-hint').isHidden()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}page-1280x800.png`, fullPage: true });
    await page.screenshot({ path: `${SCREENSHOTS}page-1280x800-viewport.png` });

    // the same URL in a fresh page, on a phone-sized screen, shows the same view
    const again = await open(page.url(), 390, 844);
    await page.close();
    await settled(again, 0);
    expect(await again.locator('#figures').textContent()).toBe(figuresAfterMove);
    await checkPhone(again);
  }, 120_000);

  async function checkPhone(page: Page): Promise<void> {
    expect(await page.locator('#g-intelligence').inputValue()).toBe('2');
    expect(await page.locator('#d-pioneer-areas').inputValue()).toBe('80');
    expect(await page.locator('#e-chip-export-controls').isChecked()).toBe(false);
    // nothing wider than the screen but the table's own scroll box
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // the table does not fit: the page says it scrolls, and its box scrolls
    expect(await page.locator('#fields-scroll-hint').isVisible()).toBe(true);
    expect(await page.locator('#fields-scroll-hint').textContent()).toContain('scroll or swipe it sideways');
    expect(await page.locator('#fields-scroll').evaluate((el) => el.scrollWidth > el.clientWidth && el.classList.contains('overflows'))).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}page-390x844.png`, fullPage: true });
    await page.screenshot({ path: `${SCREENSHOTS}page-390x844-viewport.png` });
    await page.close();
  }

  it('downloads a chart as PNG, embeds it in an iframe, and links the server-rendered image', async () => {
    const page = await open(permalink());
    await settled(page, 0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#png-fan')]);
    expect(download.suggestedFilename()).toMatch(/^baseline-fan-[0-9a-f]{12}\.png$/);
    const png = readFileSync((await download.path()) as string);
    expect(pngSize(png)).toEqual({ width: 1800, height: 1080 });
    writeFileSync(`${SCREENSHOTS}download-fan.png`, png);

    await page.click('#embed-clusters');
    await page.locator('#embed-dialog[open]').waitFor();
    const snippet = await page.locator('#embed-code').inputValue();
    expect(snippet).toMatch(
      /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?run=[0-9a-f]{64}&amp;chart=clusters&amp;compare=[0-9a-f]{64}" width="900" height="600" [^>]*title="Baseline: plan delivered as announced: output by cluster"/,
    );
    const imageUrl = await page.locator('#image-url').inputValue();
    expect(imageUrl).toMatch(/\/api\/runs\/[0-9a-f]{64}\/charts\/clusters\.png\?compare=[0-9a-f]{64}$/);
    await page.click('#close-embed');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('embed-clusters');

    // the snippet in a report on another origin renders the chart with its caption
    const report = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>report</title><h1>A report</h1>${snippet}<img id="chart" alt="chart" width="450" src="${imageUrl}">`),
    );
    await new Promise<void>((resolve) => report.listen(0, 'localhost', resolve));
    const host = await open(`http://localhost:${(report.address() as AddressInfo).port}/`, 960, 760);
    const frame = host.frameLocator('iframe');
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    const caption = await frame.locator('#caption').textContent();
    expect(caption).toMatch(/Baseline: plan delivered as announced · 2,000 trials · seed 5 · engine \d+\.\d+\.\d+ · run \d{4}-\d\d-\d\d/);
    expect(caption).toContain('Changed from the scenario: growth +2 pp/yr in Future intelligence');
    await host.screenshot({ path: `${SCREENSHOTS}embed-clusters.png` });
    // the server-rendered image shows on the other origin too
    await host.waitForFunction(() => (document.getElementById('chart') as HTMLImageElement).complete);
    expect(await host.evaluate(() => (document.getElementById('chart') as HTMLImageElement).naturalWidth)).toBe(1800);

    // the server-rendered image of the same chart
    const res = await page.request.get(imageUrl);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/png');
    const image = Buffer.from(await res.body());
    expect(pngSize(image)).toEqual({ width: 1800, height: 1080 });
    writeFileSync(`${SCREENSHOTS}server-clusters.png`, image);
    await host.close();
    report.close();
    await page.close();
  }, 120_000);

  it('keeps the trials and seed when another scenario is picked, so the two run on the same random numbers', async () => {
    const page = await open(`${suite.base}/?scenario=baseline&trials=2000&seed=43`);
    await settled(page, 0);
    const n = await renders(page);
    await page.selectOption('#scenario', 'accelerated');
    await settled(page, n);
    const q = new URL(page.url()).searchParams;
    expect([q.get('scenario'), q.get('trials'), q.get('seed')]).toEqual(['accelerated', '2000', '43']);
    expect(await page.locator('#run-meta').textContent()).toMatch(/2,000 trials.*seed 43/);
    await page.close();
  }, 60_000);

  it('switches language and units without a rerun, and keeps them in the URL', async () => {
    const page = await open(permalink());
    await settled(page, 0);
    const runId = await page.locator('#json-link').getAttribute('href');
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST') posts++;
    });
    await page.selectOption('#lang', 'zh');
    await page.selectOption('#unit', 'yi');
    expect(await page.locator('#figures').textContent()).toMatch(/2030年达到 5,000 亿元 的概率/);
    expect(await page.locator('#field-table thead').textContent()).toContain('亿元');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(
      await page.evaluate(
        () =>
          (window as unknown as { Chart: { getChart(id: string): { options: { plugins: { title: { text: string } } } } } }).Chart.getChart('chart-fan').options.plugins.title.text,
      ),
    ).toBe('未来产业总产值');
    expect(await page.locator('#json-link').getAttribute('href')).toBe(runId);
    expect(posts).toBe(0);
    const q = new URL(page.url()).searchParams;
    expect([q.get('lang'), q.get('unit')]).toEqual(['zh', 'yi']);
    await page.screenshot({ path: `${SCREENSHOTS}page-zh-1280x800.png`, fullPage: true });
    await page.close();
  }, 120_000);

  it('saves the assumptions as a scenario that shows the same figures with the sliders at rest', async () => {
    const page = await open(permalink());
    await settled(page, 0);
    const chance = await page
      .locator('#figures dd')
      .first()
      .evaluate((dd) => dd.firstChild?.textContent);
    await page.fill('#save-title-input', 'Test variant');
    expect(await page.locator('#save-id').inputValue()).toBe('test-variant');
    const n = await renders(page);
    await page.click('#save');
    await settled(page, n);
    expect(await page.locator('#save-status').textContent()).toContain('Saved as test-variant, version 1');
    expect(await page.locator('#scenario').inputValue()).toBe('test-variant');
    expect(await page.locator('#g-intelligence').inputValue()).toBe('0');
    expect(new URL(page.url()).searchParams.get('g.intelligence')).toBeNull();
    expect(new URL(page.url()).searchParams.get('version')).toBe('1');
    expect(
      await page
        .locator('#figures dd')
        .first()
        .evaluate((dd) => dd.firstChild?.textContent),
    ).toBe(chance);
    // what the saved scenario carries itself is shown, and where it came from
    expect(await page.locator('#changes').textContent()).toBe('The scenario as published: no changes. The scenario itself shifts growth: growth +2 pp/yr in Future intelligence.');
    expect(await page.locator('#about-text').textContent()).toMatch(
      /^Derived from Baseline: plan delivered as announced \(baseline, bundled\) on \d{4}-\d\d-\d\d with: growth \+2 pp\/yr in Future intelligence; Future-industry pioneer areas delivered at 80%; Tighter chip export controls off\./,
    );

    // saving under an id that is saved already asks first, then adds a version
    let posts = 0;
    const countPosts = (r: { method(): string; url(): string }) => {
      if (r.method() === 'POST' && r.url().includes('/variants')) posts++;
    };
    page.on('request', countPosts);
    await page.fill('#save-title-input', 'Test variant, again');
    await page.fill('#save-id', 'test-variant');
    await page.click('#save');
    expect(await page.locator('#save-status').textContent()).toBe(
      'test-variant is saved already (version 1, “Test variant”). Press “Save as version 2” to add a version with these assumptions, or choose another id; every version stays available.',
    );
    expect(await page.locator('#save').textContent()).toBe('Save as version 2');
    expect(posts).toBe(0);
    const v = await renders(page);
    await page.click('#save');
    await settled(page, v);
    expect(posts).toBe(1);
    expect(await page.locator('#save-status').textContent()).toContain('test-variant, version 2');
    expect(await page.locator('#save').textContent()).toBe('Save');
    page.off('request', countPosts);
    // every version is listed, and an earlier one can be picked
    expect(await page.locator('#version-field').isVisible()).toBe(true);
    expect(await page.locator('#version option').allTextContents()).toEqual([
      expect.stringMatching(/^v1 · \d{4}-\d\d-\d\d · Test variant$/),
      expect.stringMatching(/^v2 · .* · Test variant, again$/),
    ]);
    expect(await page.locator('#version').inputValue()).toBe('2');
    const w = await renders(page);
    await page.selectOption('#version', '1');
    await settled(page, w);
    expect(new URL(page.url()).searchParams.get('version')).toBe('1');
    expect(await page.locator('#scenario').inputValue()).toBe('test-variant');
    expect(await page.locator('#results-title').textContent()).toBe('Test variant');

    // a title with quotes and markup is text everywhere, and stays one attribute in the embed snippet
    const hostile = 'Mine "quoted" <img src=x onerror=alert(1)> & co';
    await page.fill('#save-title-input', hostile);
    await page.fill('#save-id', 'hostile-title');
    const m = await renders(page);
    await page.click('#save');
    await settled(page, m);
    expect(await page.locator('#results-title').textContent()).toBe(hostile);
    await page.click('#embed-fan');
    const snippet = await page.locator('#embed-code').inputValue();
    const parsed = await page.evaluate((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      return { frames: doc.querySelectorAll('iframe').length, images: doc.querySelectorAll('img').length, title: doc.querySelector('iframe')?.title };
    }, snippet);
    expect(parsed).toEqual({ frames: 1, images: 0, title: `${hostile}: total output (fan chart)` });
    await page.close();
  }, 120_000);

  it('is usable by keyboard and screen reader: labels, focus order, contrast', async () => {
    const page = await open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => !(el as HTMLElement).closest('dialog:not([open])'))
        .filter((el) => {
          const e = el as HTMLInputElement;
          const name = (e.labels?.length ? [...e.labels].map((l) => l.textContent).join('') : '') || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' ? e.textContent : '');
          return !name?.trim();
        })
        .map((el) => el.id || el.outerHTML.slice(0, 60)),
    );
    expect(unlabelled).toEqual([]);
    expect(
      await page.evaluate(() => [...document.querySelectorAll('canvas')].every((c) => c.getAttribute('role') === 'img' && (c.getAttribute('aria-label') ?? '').length > 20)),
    ).toBe(true);

    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
    }
    expect(order).toEqual(['skip', 'lang', 'unit', 'scenario', 'compare', 'g-health']);

    // WCAG AA: 4.5:1 for text against the background it sits on
    const low = await page.evaluate(() => {
      const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el: Element | null): number[] => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      return [...document.querySelectorAll('label, legend, output, .help, dt, dd, th, td, button, a, h1, h2, h3, p')]
        .filter((el) => (el as HTMLElement).offsetParent !== null && el.textContent?.trim())
        .map((el) => {
          const fg = lum(rgb(getComputedStyle(el).color));
          const bg = lum(background(el));
          return { el: el.id || el.className || el.tagName, ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) };
        })
        .filter((x) => x.ratio < 4.5);
    });
    expect(low).toEqual([]);
    await page.close();
  }, 120_000);

  it('fits a link with unknown or out-of-range values to the scenario and says so, never a blank page', async () => {
    const page = await open(
      `${suite.base}/?scenario=nope&g.nope=5&g.health=5.3&d.innovation-centres=999&vol=-1&trials=abc&seed=1.5&compare=nope&off=chip-export-controls,nope&lang=en`,
    );
    await settled(page, 0);
    expect(await page.locator('#scenario').inputValue()).toBe('baseline');
    expect(await page.locator('#content').isHidden()).toBe(false);
    const notice = (await page.locator('#notice').textContent()) ?? '';
    for (const part of [
      'scenario=nope (not in this scenario)',
      'g.nope (not in this scenario)',
      'g.health 5.3 → 5.5',
      'lever.innovation-centres 9.99 → 1.5',
      'vol -1 → 0',
      'trials=NaN (not a valid value)',
      'seed=1.5 (not a valid value)',
      'compare=nope',
      'off=nope',
    ]) {
      expect(notice).toContain(part);
    }
    expect(await page.locator('#g-health').inputValue()).toBe('5.5');
    expect(await page.locator('#d-innovation-centres-out').textContent()).toBe('150% (fixed)');
    const q = new URL(page.url()).searchParams;
    expect(Object.fromEntries(q)).toEqual({
      scenario: 'baseline',
      trials: '10000',
      seed: '20221011',
      'g.health': '5.5',
      'lever.innovation-centres': '1.5',
      vol: '0',
      off: 'chip-export-controls',
    });
    expect(await page.locator('#changes').textContent()).toContain('growth +5.5 pp/yr in Future health');

    // Enter in the seed box applies the seed and keeps everything else
    const n = await renders(page);
    await page.fill('#seed', '43');
    await page.press('#seed', 'Enter');
    await settled(page, n);
    expect(new URL(page.url()).searchParams.get('seed')).toBe('43');
    expect(new URL(page.url()).searchParams.get('g.health')).toBe('5.5');
    expect(await page.locator('#run-meta').textContent()).toContain('seed 43');
    await page.fill('#seed', '-4');
    await page.press('#seed', 'Enter');
    expect(await page.locator('#status').textContent()).toContain('The seed must be a whole number from 0 to 4294967295');
    // the bounds are the server's (GET /api/limits), not the page's own
    expect(await page.locator('#seed').getAttribute('max')).toBe(String(SEED_MAX));
    await page.close();
  }, 60_000);

  it('opens a link to a saved version that does not exist at the latest one, and pins a saved comparison to its version', async () => {
    const page = await open('about:blank');
    const saveVariant = (shift: number) =>
      page.request.post(`${suite.base}/api/scenarios/baseline/variants`, {
        data: { id: 'pinned-variant', title: 'Pinned variant', overrides: { growthShift: { space: shift } } },
      });
    expect((await saveVariant(0.01)).status()).toBeLessThan(300);
    await page.goto(`${suite.base}/?scenario=pinned-variant&version=99&trials=2000&seed=5`);
    await settled(page, 0);
    expect(await page.locator('#notice').textContent()).toContain('version 99 does not exist; showing version');
    const latest = new URL(page.url()).searchParams.get('version');

    // compared with a saved scenario, the link names the version; a newer version does not change the dashed line
    await page.goto(`${suite.base}/?scenario=baseline&trials=2000&seed=5&compare=pinned-variant`);
    await settled(page, 0);
    expect(new URL(page.url()).searchParams.get('cv')).toBe(latest);
    const link = page.url();
    const dashedBefore = (await chartData(page, 'fan'))['Median of Pinned variant'];
    expect((await saveVariant(0.05)).status()).toBe(201);
    const again = await open(link);
    const bodies: string[] = [];
    again.on('request', (r) => {
      if (r.method() === 'POST') bodies.push(r.postData() ?? '');
    });
    await again.reload();
    await settled(again, 0);
    expect(bodies.some((b) => JSON.parse(b).scenarioId === 'pinned-variant' && String(JSON.parse(b).version) === latest)).toBe(true);
    expect((await chartData(again, 'fan'))['Median of Pinned variant']).toEqual(dashedBefore);
    await again.close();
    await page.close();
  }, 60_000);

  it("copies the view's link to the clipboard", async () => {
    const context = await suite.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => suite.problems.push(`pageerror: ${e.message}`));
    await page.goto(permalink());
    await settled(page, 0);
    await page.click('#copy-link');
    await page.locator('#copy-status', { hasText: 'Link copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    await context.close();
  }, 60_000);

  it("draws a new position first from a preview of 2,000 trials, marked as one, then from the full run; the link and exports are the full run's", async () => {
    const context = await suite.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') suite.problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => suite.problems.push(`pageerror: ${e.message}`));
    type Probe = { renders: number; previews: number };
    const probe = () => page.evaluate(() => (window as unknown as { __futureSim: Probe }).__futureSim);
    await page.goto(`${suite.base}/?scenario=baseline&trials=10000&seed=7`);
    await settled(page, 0);
    // a link is drawn from its full run at once: no preview
    expect((await probe()).previews).toBe(0);
    expect(await page.locator('#preview-note').isHidden()).toBe(true);
    expect(await page.locator('#run-meta').textContent()).toContain('10,000 trials · seed 7');

    // the full runs of new positions are held until the test lets them go, so the preview stays on screen
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const posted: number[] = [];
    await page.route('**/api/runs?progress=ndjson', async (route) => {
      const trials = JSON.parse(route.request().postData() ?? '{}').trials as number;
      posted.push(trials);
      if (trials === 10_000) await held;
      await route.continue();
    });
    const n = (await probe()).renders;
    await page.focus('#g-energy');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (window as unknown as { __futureSim: Probe }).__futureSim.previews === 1, null, { timeout: 30_000 });
    // the preview ran first (this run and its comparison at 2,000 trials), then the full run was asked for
    await expect.poll(() => posted).toEqual([2000, 2000, 10_000]);
    expect((await probe()).renders).toBe(n);
    expect(await page.locator('#preview-note').textContent()).toContain('Preview: 2,000 of 10,000 trials');
    expect(await page.locator('#preview-note').isVisible()).toBe(true);
    expect(await page.locator('#run-meta').textContent()).toContain('2,000 trials · seed 7');
    expect(await page.locator('#content').getAttribute('class')).toContain('is-preview');
    for (const chart of ['fan', 'clusters', 'probability']) {
      expect(await page.locator(`#fig-${chart} [data-preview-badge]`).textContent()).toBe('Preview: 2,000 of 10,000 trials');
      expect(await page.locator(`#fig-${chart} [data-preview-badge]`).isVisible()).toBe(true);
      expect(await page.locator(`#chart-${chart}`).getAttribute('aria-label')).toMatch(/^Preview: 2,000 of 10,000 trials\. /);
      // a preview's chart is neither downloaded nor embedded
      expect(await page.locator(`#png-${chart}`).isDisabled()).toBe(true);
      expect(await page.locator(`#embed-${chart}`).isDisabled()).toBe(true);
    }
    expect(await page.locator('#mini').textContent()).toMatch(/^Preview · /);
    // nor are its JSON, CSV and report table linked
    for (const id of ['json-link', 'csv-link', 'table-csv-link', 'table-xlsx-link']) {
      expect(await page.locator(`#${id}`).getAttribute('href')).toBeNull();
      expect(await page.locator(`#${id}`).getAttribute('aria-disabled')).toBe('true');
    }
    // the URL, and so Copy link, holds the trials asked for, never the preview's
    const q = new URL(page.url()).searchParams;
    expect([q.get('trials'), q.get('g.energy')]).toEqual(['10000', '0.5']);
    await page.click('#copy-link');
    await page.locator('#copy-status', { hasText: 'Link copied.' }).waitFor();
    expect(new URL(await page.evaluate(() => navigator.clipboard.readText())).searchParams.get('trials')).toBe('10000');
    await page.screenshot({ path: `${SCREENSHOTS}page-preview-1280x800.png`, fullPage: true });

    // the full run arrives: it replaces the preview, and every mark of the preview goes
    release();
    await settled(page, n);
    expect((await probe()).previews).toBe(1);
    expect(await page.locator('#preview-note').isHidden()).toBe(true);
    expect(await page.locator('[data-preview-badge]:visible').count()).toBe(0);
    expect(await page.locator('#content').getAttribute('class')).not.toContain('is-preview');
    expect(await page.locator('#run-meta').textContent()).toContain('10,000 trials · seed 7');
    expect(await page.locator('#mini').textContent()).not.toMatch(/Preview/);
    // the exports are the full run's: JSON and CSV of the 10,000-trial run with the move, its PNG and its embed
    const json = (await page.locator('#json-link').getAttribute('href')) ?? '';
    expect(json).toMatch(/^\/api\/runs\/[0-9a-f]{64}$/);
    expect(await page.locator('#csv-link').getAttribute('href')).toBe(`${json}.csv`);
    expect(await page.locator('#table-xlsx-link').getAttribute('href')).toBe(`${json}/table.xlsx?lang=en&unit=cny`);
    const manifest = (await (await page.request.get(`${suite.base}${json}`)).json()) as {
      options: { trials: number; overrides: { growthShift?: Record<string, number> } };
    };
    expect(manifest.options.trials).toBe(10_000);
    expect(manifest.options.overrides.growthShift).toEqual({ energy: 0.005 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#png-fan')]);
    expect(download.suggestedFilename()).toBe(`baseline-fan-${json.slice(-64, -52)}.png`);
    await page.click('#embed-fan');
    expect(await page.locator('#embed-code').inputValue()).toContain(`run=${json.slice(-64)}&amp;chart=fan`);
    await page.click('#close-embed');
    expect(new URL(page.url()).searchParams.get('trials')).toBe('10000');

    // back to the position before: its full run is known, and is drawn at once without a preview
    const m = (await probe()).renders;
    await page.focus('#g-energy');
    await page.keyboard.press('ArrowLeft');
    await settled(page, m);
    expect((await probe()).previews).toBe(1);
    expect(await page.locator('#run-meta').textContent()).toContain('10,000 trials · seed 7');
    await context.close();
  }, 120_000);

  it('serves the API docs under the same CSP', async () => {
    const page = await open(`${suite.base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 30_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('future-industry-sim API');
    await page.close();
  }, 60_000);

  it('shows the progress of a run over a second with a Cancel button; Cancel stops it and keeps the previous results', async () => {
    const page = await open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    // the same link again: its run is stored now, and answers at once
    await page.reload();
    await settled(page, 0);
    const figures = await page.locator('#figures').textContent();
    const meta = await page.locator('#run-meta').textContent();
    const probe = () => page.evaluate(() => (window as unknown as { __futureSim: { progressShown: number; cancelled: number; stopped: number } }).__futureSim);
    // a run that answers within a second (here a stored one) shows no progress at all
    expect((await probe()).progressShown).toBe(0);
    expect(await page.locator('#progress').isHidden()).toBe(true);
    type Health = { runs: { active: number; waiting: number; dropped: number } };
    const health = async () => ((await (await page.request.get(`${suite.base}/api/health`)).json()) as Health).runs;
    const droppedBefore = (await health()).dropped;
    // the run ids of the long runs, from their Location header (sent with the first progress line)
    const longRuns: string[] = [];
    page.on('response', (r) => {
      const body = r.request().postData();
      if (r.request().method() === 'POST' && body && JSON.parse(body).trials >= 500_000) longRuns.push(r.headers().location ?? '');
    });
    const failed: number[] = [];
    page.on('requestfailed', (r) => {
      const body = r.postData();
      if (r.method() === 'POST' && body) failed.push(JSON.parse(body).trials as number);
    });

    // a million trials take seconds on any machine this runs on
    await page.focus('#trials');
    await page.selectOption('#trials', '1000000');
    await page.locator('#progress').waitFor({ state: 'visible', timeout: 30_000 });
    // before its first progress the run may still wait behind others, and the page says so
    expect(await page.locator('#progress-live').textContent()).toMatch(
      /^This run takes a while(: \d+% done| and has not started yet: the server may be busy with other runs)\. Cancel \(or Escape\) stops it\.$/,
    );
    // the bar fills as the server reports progress (the run executes)
    await page.waitForFunction(() => (document.getElementById('progress-bar') as HTMLProgressElement).value > 0, null, { timeout: 30_000 });
    expect(await page.locator('#progress-percent').textContent()).toMatch(/^\d+%$/);
    expect(await page.locator('label[for="progress-bar"]').textContent()).toBe('Running');
    await page.screenshot({ path: `${SCREENSHOTS}page-progress-1280x800.png` });
    // Cancel is reached by keyboard: Tab from the control just changed, then Enter
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'cancel-run'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cancel-run');
    await page.keyboard.press('Enter');
    await page.locator('#notice', { hasText: 'Run cancelled' }).waitFor();
    expect(await page.locator('#notice').textContent()).toBe('Run cancelled: showing the previous results and the assumptions they were run with.');
    expect(await page.locator('#progress').isHidden()).toBe(true);
    // the previous figures stay, with the assumptions they were run with
    expect(await page.locator('#figures').textContent()).toBe(figures);
    expect(await page.locator('#run-meta').textContent()).toBe(meta);
    expect(await page.locator('#trials').inputValue()).toBe('2000');
    expect(new URL(page.url()).searchParams.get('trials')).toBe('2000');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('trials');
    await expect.poll(() => failed).toEqual([1_000_000]);

    // a new choice while a long run is in flight stops the stale run instead of waiting for it, and
    // the next one shows its progress at once; Escape cancels that one
    await page.selectOption('#trials', '1000000');
    await page.locator('#progress').waitFor({ state: 'visible', timeout: 30_000 });
    const next = page.waitForResponse((r) => r.request().method() === 'POST' && JSON.parse(r.request().postData() ?? '{}').trials === 500_000, {
      timeout: 30_000,
    });
    await page.selectOption('#trials', '500000');
    await page.waitForFunction(() => (window as unknown as { __futureSim: { stopped: number } }).__futureSim.stopped === 1, null, { timeout: 30_000 });
    await expect.poll(() => failed).toEqual([1_000_000, 1_000_000]);
    expect(await page.locator('#progress').isVisible()).toBe(true);
    // once the server streams the new run's progress, Escape cancels it
    await next;
    await page.keyboard.press('Escape');
    await page.locator('#notice', { hasText: 'Run cancelled' }).waitFor();
    await expect.poll(() => failed).toEqual([1_000_000, 1_000_000, 500_000]);
    expect(await page.locator('#figures').textContent()).toBe(figures);
    expect(await page.locator('#trials').inputValue()).toBe('2000');
    expect(await probe()).toMatchObject({ cancelled: 2, stopped: 1 });

    // the server stopped every one of them: its slots are free and none was stored
    for (let i = 0; i < 400 && (await health()).active > 0; i++) await new Promise((r) => setTimeout(r, 25));
    const after = await health();
    expect(after).toMatchObject({ active: 0, waiting: 0 });
    expect(after.dropped - droppedBefore).toBe(3);
    expect(longRuns.length).toBeGreaterThan(0);
    for (const location of longRuns) {
      expect(location).toMatch(/^\/api\/runs\/[0-9a-f]{64}$/);
      expect((await page.request.get(`${suite.base}${location}`)).status()).toBe(404);
    }
    await page.close();
  }, 120_000);

  it('logged no console errors or warnings on any page', () => {
    expect(suite.problems).toEqual([]);
  });
});
