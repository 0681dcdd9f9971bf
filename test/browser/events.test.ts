/// <reference lib="dom" />
/**
 * The events' controls and the report table's links in real Chromium: moving an event's impact
 * slider reruns and the link carries it; forcing a year disables the chance slider and the run's
 * overrides carry forceYear (and no chance); an event switched off disables its changes and is
 * sent as false; Reset puts them back at rest; a link with event changes opens with them, fitted
 * (and the embed links back with them); the report table downloads as XLSX (a zip) and CSV in the
 * page's language and unit. Screenshots of the events at 1280×800 and 390×844, English and
 * Chinese, go to test-output/screenshots.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, SCREENSHOTS } from './chromium.ts';
import { pageSuite, renders, settled } from './helpers.ts';

const required = process.env.CI === 'true';
const suite = pageSuite();
const open = suite.open;
const text = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? '';
const CHIP = 'chip-export-controls';

interface Manifest {
  options: { overrides: { events?: Record<string, unknown> } };
}
/** The manifest of the run on screen, through its JSON link. */
async function shown(page: Page): Promise<Manifest> {
  const href = await page.locator('#json-link').getAttribute('href');
  expect(href).toMatch(/^\/api\/runs\/[0-9a-f]{64}$/);
  return (await (await page.request.get(`${suite.base}${href}`)).json()) as Manifest;
}

/** Presses a key on a control `times` times and waits for the run it starts to be drawn. */
async function press(page: Page, selector: string, key: string, times: number): Promise<void> {
  const n = await renders(page);
  await page.focus(selector);
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
  await settled(page, n);
}

describe.skipIf(!hasChromium && !required)("the events' controls and the report table in Chromium", () => {
  it("reruns when an event's impact moves, forces it into a year, switches it off and resets, with the link and the run's overrides following", async () => {
    const page = await open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    // at rest: the scenario's own chance and impact, not forced; the changes are folded away
    expect(await page.locator(`#e-${CHIP}-changes`).getAttribute('open')).toBeNull();
    await page.click(`#e-${CHIP}-changes summary`);
    expect(await page.locator(`#ep-${CHIP}`).inputValue()).toBe('8');
    expect(await text(page, `#ep-${CHIP}-out`)).toBe('as in scenario (8%)');
    expect(await text(page, `#ex-${CHIP}-out`)).toBe('×1 (as in scenario)');
    expect(await page.locator(`#ey-${CHIP}`).inputValue()).toBe('');
    expect(await page.locator(`#ey-${CHIP} option`).allTextContents()).toEqual(['no year (may happen)', ...Array.from({ length: 11 }, (_, i) => String(2025 + i))]);
    const before = await text(page, '#figures');

    // ×1.5 by keyboard: five steps of 0.1; the output says what it does to each hit
    await press(page, `#ex-${CHIP}`, 'ArrowRight', 5);
    expect(await text(page, `#ex-${CHIP}-out`)).toBe('×1.5: each hit −30% to −7.5%');
    expect(new URL(page.url()).searchParams.get(`ev.${CHIP}`)).toBe('x1.5');
    expect(await text(page, '#changes')).toContain('Tighter chip export controls: impacts ×1.5');
    expect(await text(page, '#figures')).not.toBe(before);
    expect((await shown(page)).options.overrides.events).toEqual({ [CHIP]: { impactScale: 1.5 } });

    // a chance of 10% a year, then forced into 2027: the chance goes back and its slider is disabled
    await press(page, `#ep-${CHIP}`, 'ArrowRight', 2);
    expect(await text(page, `#ep-${CHIP}-out`)).toBe('10% a year');
    expect((await shown(page)).options.overrides.events).toEqual({ [CHIP]: { probabilityPerYear: 0.1, impactScale: 1.5 } });
    let n = await renders(page);
    await page.selectOption(`#ey-${CHIP}`, '2027');
    await settled(page, n);
    expect(await page.locator(`#ep-${CHIP}`).isDisabled()).toBe(true);
    expect(await page.locator(`#ep-${CHIP}`).inputValue()).toBe('8');
    expect(await text(page, `#ep-${CHIP}-out`)).toBe('forced: 2027 only');
    expect((await shown(page)).options.overrides.events).toEqual({ [CHIP]: { impactScale: 1.5, forceYear: 2027 } });
    // the address says it as written, commas and all
    expect(page.url()).toContain(`ev.${CHIP}=x1.5,y2027`);
    expect(await text(page, '#changes')).toContain('Tighter chip export controls: forced in 2027, impacts ×1.5');
    await page.locator(`#event-${CHIP}`).screenshot({ path: `${SCREENSHOTS}events-forced-1280x800.png` });

    // off: its changes stay (disabled, and in the link), the run gets only false
    n = await renders(page);
    await page.click(`#e-${CHIP}`);
    await settled(page, n);
    for (const id of ['ep', 'ex', 'ey']) expect(await page.locator(`#${id}-${CHIP}`).isDisabled(), id).toBe(true);
    expect((await shown(page)).options.overrides.events).toEqual({ [CHIP]: false });
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ off: CHIP, [`ev.${CHIP}`]: 'x1.5,y2027' });
    // on again: the changes apply again
    n = await renders(page);
    await page.click(`#e-${CHIP}`);
    await settled(page, n);
    expect(await page.locator(`#ex-${CHIP}`).isDisabled()).toBe(false);
    expect(await page.locator(`#ep-${CHIP}`).isDisabled()).toBe(true);
    expect((await shown(page)).options.overrides.events).toEqual({ [CHIP]: { impactScale: 1.5, forceYear: 2027 } });
    // not forced any more: the chance slider is back, at the scenario's own chance
    n = await renders(page);
    await page.selectOption(`#ey-${CHIP}`, '');
    await settled(page, n);
    expect(await page.locator(`#ep-${CHIP}`).isDisabled()).toBe(false);
    expect(await text(page, `#ep-${CHIP}-out`)).toBe('as in scenario (8%)');
    expect(new URL(page.url()).searchParams.get(`ev.${CHIP}`)).toBe('x1.5');

    // Reset: every event at rest (and the scenario's own trials and seed)
    n = await renders(page);
    await page.click('#reset');
    await settled(page, n);
    expect([...new URL(page.url()).searchParams.keys()].some((k) => k.startsWith('ev.'))).toBe(false);
    expect(await page.locator(`#ex-${CHIP}`).inputValue()).toBe('1');
    expect(await text(page, '#changes')).toBe('The scenario as published: no changes.');
    await page.close();
  }, 120_000);

  it('opens a link with event changes as they were, fits bad ones with a notice, and the embed links back with them', async () => {
    const link = `${suite.base}/?scenario=baseline&trials=2000&seed=5&ev.${CHIP}=x2,y2030&ev.launch-setback=p0.2&ev.nope=x2&ev.storage-price-war=x9,p0.3,y2040`;
    const page = await open(link);
    await settled(page, 0);
    const notice = await text(page, '#notice');
    expect(notice).toContain('ev.nope (not in this scenario)');
    expect(notice).toContain('ev.storage-price-war=y2040 (not a valid value)');
    expect(notice).toContain('ev.storage-price-war x9 → x3');
    // what the link asked for is open and shown
    expect(await page.locator(`#e-${CHIP}-changes`).getAttribute('open')).not.toBeNull();
    expect(await page.locator(`#ey-${CHIP}`).inputValue()).toBe('2030');
    expect(await page.locator(`#ep-${CHIP}`).isDisabled()).toBe(true);
    expect(await page.locator('#ep-launch-setback').inputValue()).toBe('20');
    expect(await page.locator('#ex-storage-price-war').inputValue()).toBe('3');
    expect((await shown(page)).options.overrides.events).toEqual({
      [CHIP]: { impactScale: 2, forceYear: 2030 },
      'launch-setback': { probabilityPerYear: 0.2 },
      'storage-price-war': { probabilityPerYear: 0.3, impactScale: 3 },
    });
    // the link is rewritten as fitted
    expect(Object.fromEntries([...new URL(page.url()).searchParams].filter(([k]) => k.startsWith('ev.')))).toEqual({
      [`ev.${CHIP}`]: 'x2,y2030',
      'ev.launch-setback': 'p0.2',
      'ev.storage-price-war': 'p0.3,x3',
    });

    // the embed of this run links back to the page with the same changes
    const runId = ((await page.locator('#json-link').getAttribute('href')) ?? '').slice(-64);
    const embed = await open(`${suite.base}/embed?run=${runId}&chart=fan`);
    await embed.waitForFunction(() => document.body.dataset.ready === 'true');
    const back = new URL((await embed.locator('#caption a').getAttribute('href')) ?? '', suite.base);
    expect(Object.fromEntries([...back.searchParams].filter(([k]) => k.startsWith('ev.')))).toEqual({
      [`ev.${CHIP}`]: 'x2,y2030',
      'ev.launch-setback': 'p0.2',
      'ev.storage-price-war': 'p0.3,x3',
    });
    await embed.close();
    await page.close();
  }, 120_000);

  it("downloads the report table as XLSX (a zip) and CSV in the page's language and unit", async () => {
    const page = await open(`${suite.base}/?scenario=baseline&trials=2000&seed=5&lang=zh&unit=yi`);
    await settled(page, 0);
    const runId = ((await page.locator('#json-link').getAttribute('href')) ?? '').slice(-64);
    expect(await text(page, '#table-xlsx-link')).toBe('报告表格（XLSX）');
    expect(await page.locator('#table-xlsx-link').getAttribute('href')).toBe(`/api/runs/${runId}/table.xlsx?lang=zh&unit=yi`);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#table-xlsx-link')]);
    expect(xlsx.suggestedFilename()).toBe(`baseline-${runId.slice(0, 12)}-zh-yi.xlsx`);
    const bytes = await readFile((await xlsx.path()) ?? '');
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#table-csv-link')]);
    expect((await readFile((await csv.path()) ?? '')).toString('utf8')).toContain('亿元');

    // another language and unit: the links follow without a rerun
    const n = await renders(page);
    await page.selectOption('#lang', 'en');
    await page.selectOption('#unit', 'usd');
    expect(await renders(page)).toBeGreaterThan(n);
    expect(await text(page, '#table-csv-link')).toBe('Table (CSV)');
    expect(await page.locator('#table-csv-link').getAttribute('href')).toBe(`/api/runs/${runId}/table.csv?lang=en&unit=usd`);
    expect(((await page.locator('#json-link').getAttribute('href')) ?? '').slice(-64)).toBe(runId);
    await page.close();
  }, 120_000);

  it('fits the events on a phone without widening the page, in English and Chinese', async () => {
    for (const [lang, width, height] of [
      ['en', 390, 844],
      ['zh', 390, 844],
      ['en', 1280, 800],
      ['zh', 1280, 800],
    ] as const) {
      const page = await open(
        `${suite.base}/?scenario=baseline&trials=2000&seed=5&lang=${lang}&ev.${CHIP}=x1.5,y2027&ev.launch-setback=p0.2&off=storage-price-war&ev.storage-price-war=x2`,
        width,
        height,
      );
      await settled(page, 0);
      await page.click('#e-ai-application-breakthrough-changes summary');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${lang} ${width}`).toBeLessThanOrEqual(0);
      // each event's controls fit in its block
      const wide = await page
        .locator('.event-changes [id]')
        .evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().right > (el.closest('fieldset')?.getBoundingClientRect().right ?? 0) + 0.5).map((el) => el.id));
      expect(wide, `${lang} ${width}`).toEqual([]);
      // on a wide screen the assumptions scroll in their own column: the events in view there, with the results beside them
      if (width > 900) {
        await page.locator(`#event-${CHIP}`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: `${SCREENSHOTS}events-${lang}-${width}x${height}.png` });
      } else await page.locator('#events').screenshot({ path: `${SCREENSHOTS}events-${lang}-${width}x${height}.png` });
      await page.close();
    }
  }, 120_000);

  it('logged no console errors or warnings on any page', () => {
    expect(suite.problems).toEqual([]);
  });
});
