// future-sim calibrate: the run conditioned on observations from the file or the flags, and bad
// observations named with their fix.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

const root = new URL('../../', import.meta.url).pathname;
const baseline = join(root, 'scenarios/baseline.yaml');

describe('future-sim calibrate', () => {
  it('conditions the run on a flag observation: the posterior median moves toward it, and the chances before and after with their errors', async () => {
    const { code, out } = await cli('calibrate', baseline, '--trials', '3000', '--observation', 'total@2025=240~0.2', '--format', 'json');
    expect(code).toBe(0);
    const c = JSON.parse(out);
    expect(c.observed).toEqual([{ id: 'flag-1', scope: 'total', year: 2025, value: 240, definitionUncertainty: 0.2, source: 'command line' }]);
    const [o] = c.observations;
    expect(o.posteriorMedian).toBeGreaterThan(o.priorMedian);
    expect(c.ess).toBeGreaterThan(200);
    expect(c.ess).toBeLessThan(3000);
    expect(c.targets[0].posterior.probability).toBeGreaterThan(c.targets[0].prior.probability);
    expect(c.scopes.total.posterior.p50).toHaveLength(c.years.length);
    const table = await cli('calibrate', baseline, '--trials', '3000', '--observation', 'total@2025=240~0.2');
    expect(table.out).toMatch(/Effective sample size [\d,]+ of 3,000 trials/);
    expect(table.out).toMatch(/plan-2030 +\d+\.\d% ± \d\.\d +\d+\.\d% ± \d\.\d/);
  });

  it("reads the file's observations, and warns with the trials needed when too few carry the weight", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
    const file = join(dir, 'observed.yaml');
    const observation = `observations:\n  - { id: zones-2025, scope: total, year: 2025, low: 150, high: 152, definitionUncertainty: 0.01, source: "https://example.org (2026)" }\n`;
    writeFileSync(file, readFileSync(baseline, 'utf8').replace(/^targets:/m, `${observation}targets:`));
    const { code, out, err } = await cli('calibrate', file, '--trials', '2000');
    expect(code).toBe(0);
    expect(out).toContain('zones-2025');
    expect(err).toMatch(/warning: Too few trials carry the weight for a reliable posterior; run --trials [\d,]+ or more/);
  });

  it('names what is wrong: no observations, a flag it cannot read, an unknown scope, a year outside the run', async () => {
    const none = await cli('calibrate', baseline, '--trials', '200');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--observation: baseline\.yaml has no observations: add observations: to the file, or give --observation total@2025=200~0\.3/);
    const bad = await cli('calibrate', baseline, '--observation', 'total=200');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--observation: "total=200": write scope@year=value/);
    const unknown = await cli('calibrate', baseline, '--trials', '200', '--observation', 'nope@2025=10', '--observation', 'total@2040=10');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/observation flag-1: unknown scope "nope"/);
    expect(unknown.err).toMatch(/observation flag-2: year 2040 is outside the run \(2024–2035\)/);
  });

  it('checks a file’s observations when it is validated or run, not only when it is calibrated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
    const file = join(dir, 'bad-observation.yaml');
    const observation = `observations:\n  - { id: typo, scope: inteligence, year: 2025, value: 90, definitionUncertainty: 0.3, source: "https://example.org" }\n`;
    writeFileSync(file, readFileSync(baseline, 'utf8').replace(/^targets:/m, `${observation}targets:`));
    for (const args of [
      ['validate', file],
      ['run', file, '--trials', '100'],
    ]) {
      const { code, out, err } = await cli(...args);
      expect(code, args[0]).toBeGreaterThan(0);
      expect(out + err).toMatch(
        /observations\[0\]\.scope.*observation typo: unknown scope "inteligence"; use total, a cluster id \(health, intelligence, energy, space, materials\) or a field id \(brain-computer-interface, biosafety, …\)/,
      );
    }
  });
});
