/// <reference lib="dom" />
/**
 * "What has been observed?" in real Chromium against POST /api/calibrate: a figure entered on the
 * page conditions its run, and the calibrated fan shows the posterior's bands with the prior's
 * median dashed beside them, with the effective sample size and each target's chance before and
 * after, in English and Chinese. Screenshots go to test-output/screenshots.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, SCREENSHOTS } from './chromium.ts';
import { chartData, pageSuite, settled } from './helpers.ts';

const required = process.env.CI === 'true';
const suite = pageSuite();

describe.skipIf(!hasChromium && !required)('the calibration on the page', () => {
  it("conditions the page's run on a figure entered, and draws the calibrated fan beside the prior's median", async () => {
    const page = await suite.open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    const seen: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/calibrate')) seen.push(JSON.parse(r.postData() ?? '{}'));
    });
    await page.selectOption('#calibrate-scope', 'total');
    await page.fill('#calibrate-year', '2025');
    await page.fill('#calibrate-value', '240');
    await page.fill('#calibrate-sd', '0.2');
    await page.click('#calibrate-run');
    await page.locator('#calibrate-out table tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('#calibrate-out .help').first().textContent()).toMatch(/^Effective sample size [\d,]+ of 2,000 trials\.$/);
    const rows = await page.locator('#calibrate-out table tbody tr').allTextContents();
    expect(rows[0]).toMatch(/^plan-2030\d+\.\d% ± \d\.\d\d+\.\d% ± \d\.\d$/);
    expect(await page.locator('#calibrate-chart-box').isVisible()).toBe(true);
    const data = await chartData(page, 'calibrated');
    const prior = data['Median of the run before the observation'];
    const posterior = data.Median;
    expect(prior).toHaveLength(12);
    // a 2025 figure above the prior's median lifts the posterior's median above the prior's
    expect((posterior[1] as number) > (prior[1] as number)).toBe(true);
    expect(seen).toEqual([
      {
        scenarioId: 'baseline',
        trials: 2000,
        seed: 5,
        observations: [{ id: 'entered-on-the-page', scope: 'total', year: 2025, value: 240, definitionUncertainty: 0.2, source: 'entered on the page' }],
      },
    ]);
    await page.locator('#calibrate').screenshot({ path: `${SCREENSHOTS}calibrate-en.png` });
    // a value missing is asked for, not sent
    await page.fill('#calibrate-value', '');
    await page.click('#calibrate-run');
    expect(await page.locator('#calibrate-status').textContent()).toBe('Enter the observed value in bn yuan (above 0).');
    expect(seen).toHaveLength(1);
    expect(suite.problems).toEqual([]);
  });
});
