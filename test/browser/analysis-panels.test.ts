/// <reference lib="dom" />
/**
 * The analysis panel and the paired comparison in real Chromium against the real routes (POST
 * /api/discover, /api/sensitivity and /api/compare/paired): the discovery sentences with their
 * figures, the Sobol table after a progress bar, Cancel aborting a Sobol request, and the paired
 * figures of the page's run against the scenario picked for comparison, in English and Chinese.
 * Screenshots go to test-output/screenshots.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, SCREENSHOTS } from './chromium.ts';
import { pageSuite, settled } from './helpers.ts';

const required = process.env.CI === 'true';
const suite = pageSuite();

describe.skipIf(!hasChromium && !required)('the analysis panels in Chromium', () => {
  it("say when the target is met and which assumptions matter, for the page's scenario, changes, trials and seed", async () => {
    const page = await suite.open(`${suite.base}/?scenario=baseline&trials=2000&seed=5&g.intelligence=2`);
    await settled(page, 0);
    const seen: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/(discover|sensitivity)/.test(r.url())) seen.push(JSON.parse(r.postData() ?? '{}'));
    });

    await page.click('#discover-run');
    await page.locator('#discover-out .sentence').first().waitFor({ timeout: 60_000 });
    const sentence = (await page.locator('#discover-out .sentence').first().textContent()) ?? '';
    expect(sentence).toMatch(
      /^The 2030 target is met in \d+\.\d% of the simulated worlds in which .+; these worlds are \d+\.\d% of all and hold \d+\.\d% of the worlds that meet it\.$/,
    );
    expect(await page.locator('#discover-out .help').first().textContent()).toMatch(/^coverage \d+\.\d% · density \d+\.\d% · mass \d+\.\d%$/);

    await page.selectOption('#sobol-by', 'group');
    await page.click('#sobol-run');
    await page.locator('#sobol-out table tbody tr').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('#sobol-progress').isHidden()).toBe(true);
    expect(await page.locator('#sobol-out table thead th').allTextContents()).toEqual(['group', 'first order (95% interval)', 'total (95% interval)']);
    const rows = await page.locator('#sobol-out table tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(8);
    expect(rows.join('\n')).toContain('base values');
    expect(rows[0]).toMatch(/−?\d\.\d{3} \(−?\d\.\d{3} to −?\d\.\d{3}\)/);
    expect(seen).toEqual([
      { scenarioId: 'baseline', trials: 2000, seed: 5, overrides: { growthShift: { intelligence: 0.02 } }, target: 'plan-2030', lang: 'en', unit: 'cny' },
      {
        scenarioId: 'baseline',
        trials: 2000,
        seed: 5,
        overrides: { growthShift: { intelligence: 0.02 } },
        method: 'sobol',
        by: 'group',
        outputs: ['target:plan-2030'],
        lang: 'en',
        byYear: false,
      },
    ]);
    await page.locator('#analysis').screenshot({ path: `${SCREENSHOTS}analysis-panel-en.png` });

    // an answer is about the state it was asked for: the sentences state values in a unit, the indices are shares
    await page.selectOption('#unit', 'yi');
    await page.waitForFunction(() => document.querySelector('#discover-out')?.childElementCount === 0);
    expect(await page.locator('#sobol-out table tbody tr').count()).toBe(rows.length);
    expect(suite.problems).toEqual([]);
    await page.close();
  });

  it('cancels a Sobol request: the bar goes, the request is aborted, the page says so', async () => {
    const page = await suite.open(`${suite.base}/?scenario=baseline&trials=2000&seed=5`);
    await settled(page, 0);
    // the answer is held until the page gives up, so that Cancel is pressed while it is in flight whatever the machine's speed
    let aborted = false;
    page.on('requestfailed', (r) => {
      if (r.url().includes('/api/sensitivity')) aborted = true;
    });
    await page.route('**/api/sensitivity?progress=ndjson', () => new Promise(() => {}));
    await page.click('#sobol-run');
    await page.locator('#sobol-progress').waitFor({ state: 'visible' });
    expect(await page.locator('#sobol-percent').textContent()).toBe('Working…');
    await page.click('#sobol-cancel');
    await page.locator('#sobol-status', { hasText: 'Cancelled.' }).waitFor();
    expect(await page.locator('#sobol-progress').isHidden()).toBe(true);
    expect(await page.locator('#sobol-run').isEnabled()).toBe(true);
    await expect.poll(() => aborted).toBe(true);
    expect(suite.problems.filter((p) => !p.includes('/api/sensitivity'))).toEqual([]);
    await page.close();
  });

  it('pairs the run with the scenario picked for comparison, world by world, in Chinese', async () => {
    const page = await suite.open(`${suite.base}/?scenario=baseline&trials=1000&seed=5&compare=accelerated&lang=zh`);
    await settled(page, 0);
    await page.click('#paired-run');
    await page.locator('#paired-out table').first().waitFor({ timeout: 60_000 });
    const [targets, values, channels] = await page.locator('#paired-out table').all();
    const first = await targets.locator('tbody tr').first().locator('th, td').allTextContents();
    // b is the page's run (baseline), a the comparison (accelerated): the chance falls, by far more than 3 paired s.e.
    expect(first[3]).toMatch(/^−\d+\.\d ± \d\.\d 个百分点$/);
    expect(first[4]).toBe('');
    expect(await values.locator('thead th').allTextContents()).toEqual(['输出', 'P(b > a)', '5%', '25%', '中位数', '75%', '95%']);
    expect(await values.locator('tbody tr th').allTextContents()).toEqual(['2030年总产值', '2035年总产值']);
    expect(await values.locator('tbody tr').first().locator('td').first().textContent()).toMatch(/^\d+\.\d% ± \d+\.\d+ 个百分点$/);
    expect(await channels.locator('thead th').allTextContents()).toEqual(['输出', '增速', '政策措施', '事件', '年度波动', '基数']);
    // the key figure says the same change, unpaired, with its own error
    expect(await page.locator('#figures dd').first().textContent()).toMatch(/^\d+\.\d% ± \d\.\d 个百分点较对比 −\d+\.\d ± \d\.\d 个百分点$/);
    await page.locator('#paired').screenshot({ path: `${SCREENSHOTS}paired-panel-zh.png` });
    expect(suite.problems).toEqual([]);
    await page.close();
  });
});
