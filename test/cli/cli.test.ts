import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';
import type { Result } from '../../src/schema/result.ts';

const root = new URL('../../', import.meta.url).pathname;
const tiny = join(root, 'test/fixtures/tiny.yaml');
const baseline = join(root, 'scenarios/baseline.yaml');

function scratch(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'future-sim-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('future-sim run', () => {
  it('prints only the result JSON on stdout with --format json', async () => {
    const { code, out, err } = await cli('run', tiny, '--format', 'json', '--trials', '500');
    expect(code).toBe(0);
    expect(err).toBe('');
    const result = JSON.parse(out) as Result;
    expect(result.meta.trials).toBe(500);
    expect(result.meta.seed).toBe(7);
    expect(result.years).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expect(Object.keys(result.clusters)).toEqual(['alpha', 'beta']);
    expect(result.targets.map((t) => t.id)).toEqual(['t2030', 'a2028']);
  });

  it('gives the same numbers for the same seed, and others for another seed', async () => {
    const a = JSON.parse((await cli('run', tiny, '--format', 'json', '--trials', '300', '--seed', '11')).out) as Result;
    const b = JSON.parse((await cli('run', tiny, '--format', 'json', '--trials', '300', '--seed', '11')).out) as Result;
    const c = JSON.parse((await cli('run', tiny, '--format', 'json', '--trials', '300', '--seed', '12')).out) as Result;
    expect(b.total).toEqual(a.total);
    expect(c.total.p50).not.toEqual(a.total.p50);
  });

  it('writes tidy CSV rows with --format tidy-csv', async () => {
    const { code, out } = await cli('run', tiny, '--format', 'tidy-csv', '--trials', '200');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('scope,id,year,statistic,value');
    expect(lines).toContain(lines.find((l) => l.startsWith('total,total,2030,p50,')));
    expect(lines.some((l) => l.startsWith('target,t2030,2030,probability,'))).toBe(true);
    expect(lines.every((l) => l.split(',').length === 5)).toBe(true);
  });

  it('renders a table and Markdown with the target lines', async () => {
    const table = await cli('run', baseline, '--trials', '400');
    expect(table.code).toBe(0);
    expect(table.out).toContain('Total output by year');
    expect(table.out).toMatch(/probability \d+\.\d% ± \d+\.\d · median/);
    const md = await cli('run', baseline, '--trials', '400', '--format', 'md');
    expect(md.out).toMatch(/^## /);
    expect(md.out).toContain('| **Total** |');
    // the free sensitivity: which groups decide each target, with standard errors, and the widest bars
    expect(table.out).toContain('Which assumptions decide the targets (from this run’s trials)');
    expect(table.out).toMatch(/share of the variance: base values \d+\.\d% ± \d+\.\d/);
    expect(table.out).toMatch(/widest bars: shared error of base values \(all fields\) \d+\.\d% → \d+\.\d%/);
    expect(md.out).toContain('### Which assumptions decide the targets');
    // 400 trials are too few for stable shares: the report names the trials that would be
    expect(table.out).toMatch(/Warning: some shares are uncertain by more than ±0\.02 at 400 trials; run --trials \d+\./);
  });

  it('writes to --out and says so on stderr', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'future-sim-')), 'r.json');
    const r = await cli('run', tiny, '--format', 'json', '--trials', '100', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain(out);
    expect((JSON.parse(readFileSync(out, 'utf8')) as Result).meta.trials).toBe(100);
  });

  it('applies overrides from flags', async () => {
    const plain = JSON.parse((await cli('run', tiny, '--format', 'json', '--trials', '300')).out) as Result;
    const shifted = JSON.parse((await cli('run', tiny, '--format', 'json', '--trials', '300', '--shift-pp', 'beta=2', '--event-off', 'shock')).out) as Result;
    expect(shifted.clusters.beta.p50[6]).toBeGreaterThan(plain.clusters.beta.p50[6]);
    expect(shifted.clusters.alpha.p50).toEqual(plain.clusters.alpha.p50);
  });

  it('exits 2 listing every problem of a bad scenario', async () => {
    const file = scratch(
      'bad.yaml',
      readFileSync(tiny, 'utf8').replace('value: 100', 'value: -5').replace('min: 0.2, max: 0.4', 'min: 0.4, max: 0.2').replace('scope: alpha', 'scope: gamma'),
    );
    const { code, err } = await cli('run', file);
    expect(code).toBe(2);
    expect(err).toContain('targets[0].value: must be > 0');
    expect(err).toContain('clusters[0].fields[1].growth.rate.max: must be ≥ min (0.4), got 0.2');
    expect(err).toContain('targets[1].scope: unknown scope "gamma"');
  });

  it('exits 2 on a missing file, bad flags and unknown commands', async () => {
    expect((await cli('run', '/nonexistent/x.yaml')).err).toContain('no such file');
    expect((await cli('run', '/nonexistent/x.yaml')).code).toBe(2);
    const zero = await cli('run', tiny, '--trials', '0');
    expect(zero.code).toBe(2);
    expect(zero.err).toContain('--trials: must be a whole number from 1');
    expect((await cli('run', tiny, '--trials', '1e12')).code).toBe(2);
    expect((await cli('run', tiny, '--format', 'xml')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('future-sim validate, compare, list', () => {
  it('validates every bundled scenario', async () => {
    const { code, out } = await cli('validate', join(root, 'scenarios/baseline.yaml'), join(root, 'scenarios/accelerated.yaml'), join(root, 'scenarios/headwinds.yaml'));
    expect(code).toBe(0);
    expect(out.match(/^ok /gm)).toHaveLength(3);
  });

  it('reports each bad file and exits 2', async () => {
    const bad = scratch('bad.yaml', 'schemaVersion: 1\nid: Bad Id\n');
    const { code, out } = await cli('validate', tiny, bad);
    expect(code).toBe(2);
    expect(out).toContain('ok  ');
    expect(out).toContain('id: "Bad Id" is not valid');
    expect(out).toContain('title: is missing');
  });

  it('compares two scenarios on common random numbers', async () => {
    const { code, out } = await cli('compare', join(root, 'scenarios/baseline.yaml'), join(root, 'scenarios/accelerated.yaml'), '--trials', '400', '--format', 'json');
    expect(code).toBe(0);
    const c = JSON.parse(out) as { trials: number; total: { p50: { diff: number[] } }; targets: { id: string; probability: { diff: number } }[] };
    expect(c.trials).toBe(400);
    expect(c.total.p50.diff.at(-1)).toBeGreaterThan(0);
    expect(c.targets.find((t) => t.id === 'plan-2030')?.probability.diff).toBeGreaterThan(0);
    const same = JSON.parse((await cli('compare', baseline, baseline, '--trials', '200', '--format', 'json')).out) as { total: { p50: { diff: number[] } } };
    expect(same.total.p50.diff.every((d) => d === 0)).toBe(true);
  });

  it('lists the bundled scenarios', async () => {
    const { code, out } = await cli('list');
    expect(code).toBe(0);
    for (const id of ['baseline', 'accelerated', 'headwinds']) expect(out).toContain(id);
  });
});

describe('the future-sim binary', () => {
  const bin = join(root, 'bin/future-sim.js');
  it('runs as a process with exit codes 0 and 2', () => {
    const ok = spawnSync(process.execPath, [bin, 'run', tiny, '--trials', '200', '--format', 'json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as Result).meta.trials).toBe(200);
    const bad = spawnSync(process.execPath, [bin, 'run', tiny, '--trials', '-3'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--trials');
  });
});

describe('bad input and bugs are told apart', () => {
  it('a missing folder for list is bad input (exit 2), not a bug', async () => {
    const r = await cli('list', '/nonexistent/folder');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such folder');
  });

  it('a scenario whose growth overflows is bad input with a message, never Infinity in a result', async () => {
    const file = scratch('huge.yaml', readFileSync(tiny, 'utf8').replace('rate: "0.25 - 0.01 * t"', 'rate: 1e300'));
    const r = await cli('run', file, '--trials', '50');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/huge\.yaml: invalid scenario/);
    expect(r.err).toMatch(/clusters\[0\]\.fields\[0\]\.growth\.periods\[1\]\.rate: a growth rate is a fraction per year/);
  });
});

describe('what a report writer and an analyst run into', () => {
  it('records overrides in the result and says so in the report header', async () => {
    const json = JSON.parse(
      (await cli('run', tiny, '--format', 'json', '--trials', '200', '--delivery', 'lever1=1.5', '--shift-pp', 'beta=2', '--event-off', 'shock')).out,
    ) as Result;
    expect(json.meta.overrides).toEqual({ leverDelivery: { lever1: 1.5 }, growthShift: { beta: 0.02 }, events: { shock: false } });
    const table = await cli('run', tiny, '--trials', '200', '--delivery', 'lever1=1.5', '--event-off', 'shock');
    expect(table.out.split('\n')[1]).toBe('Changed from the scenario: L1 delivered at 150%; shock off');
    const md = await cli('run', tiny, '--trials', '200', '--format', 'md', '--shift-pp', 'beta=2');
    expect(md.out).toContain('(Changed from the scenario: growth +2 pp/yr in Beta)');
  });

  it('--event-off is repeatable and does not swallow the file name', async () => {
    const r = await cli('run', '--event-off', 'shock', tiny, '--trials', '100', '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Result).meta.overrides).toEqual({ events: { shock: false } });
  });

  it('names the flag, in its own units, when an override is out of range or unknown', async () => {
    const shift = await cli('run', tiny, '--shift-pp', 'beta=200');
    expect(shift.code).toBe(2);
    expect(shift.err).toContain('--shift-pp beta: must be from -100 to 100 pp, got 200');
    const unknown = await cli('run', tiny, '--delivery', 'nope=1.2');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('tiny.yaml: invalid scenario');
    expect(unknown.err).toContain('--delivery nope: unknown lever "nope"');
  });

  it('refuses to overwrite the scenario with --out, and a missing folder is bad input', async () => {
    const copy = scratch('mine.yaml', readFileSync(tiny, 'utf8'));
    const same = await cli('run', copy, '--out', copy);
    expect(same.code).toBe(2);
    expect(same.err).toContain('is the scenario being run');
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(tiny, 'utf8'));
    const missing = await cli('run', tiny, '--trials', '100', '--out', '/nonexistent/dir/out.txt');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot write /nonexistent/dir/out.txt: its folder does not exist');
  });

  it('validate lists each problem once, with a one-line summary on stderr', async () => {
    const bad = scratch('bad.yaml', readFileSync(tiny, 'utf8').replace('value: 100', 'value: -5'));
    const r = await cli('validate', bad, tiny);
    expect(r.code).toBe(2);
    expect(r.out.match(/targets\[0\]\.value/g)).toHaveLength(1);
    expect(r.err.trim()).toBe('1 problem in 1 of 2 files (listed above)');
  });

  it("shows the table and Markdown in 亿元 or US dollars at the scenario's rate with --unit", async () => {
    const json = JSON.parse((await cli('run', join(root, 'scenarios/baseline.yaml'), '--trials', '300', '--format', 'json')).out) as {
      total: { p50: number[] };
      years: number[];
    };
    const at2030 = json.total.p50[json.years.indexOf(2030)];
    const yi = await cli('run', join(root, 'scenarios/baseline.yaml'), '--trials', '300', '--format', 'md', '--unit', 'yi');
    expect(yi.code).toBe(0);
    expect(yi.out).toContain('Output in 亿元 (100 million yuan), nominal');
    expect(yi.out).toContain(`| **Total** | ${Math.round(at2030 * 10).toLocaleString('en-US')} |`);
    const usd = await cli('run', join(root, 'scenarios/baseline.yaml'), '--trials', '300', '--unit', 'usd');
    expect(usd.out).toContain('Total output by year (bn US$)');
    expect(usd.out).toContain('bn US$, nominal');
    const bad = await cli('run', join(root, 'scenarios/baseline.yaml'), '--unit', 'eur');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--unit.*(cny|choices)/);
  });

  it("validate names the line and the ids along each problem's path", async () => {
    const text = readFileSync(join(root, 'scenarios/baseline.yaml'), 'utf8').replace(
      '{ from: 2025, to: 2030, rate: { dist: pert, min: 0.05, mode: 0.1, max: 0.16 } }',
      '{ from: 2025, to: 2030, rate: { dist: pert, min: 0.05, mode: 0.2, max: 0.16 } }',
    );
    const line = text.split('\n').findIndex((l) => l.includes('mode: 0.2, max: 0.16')) + 1;
    expect(line).toBeGreaterThan(0);
    const r = await cli('validate', scratch('located.yaml', text));
    expect(r.code).toBe(2);
    expect(r.out).toContain(`line ${line}, clusters[0].fields[1].growth.periods[0].rate.max (cluster health, field biosafety, period 2025–2030): must be ≥ mode (0.2), got 0.16`);
  });

  it('explains empty files and JSON syntax errors in JSON terms', async () => {
    const empty = await cli('validate', scratch('empty.yaml', '# nothing yet\n'));
    expect(empty.out).toContain('the file is empty; start from a bundled scenario');
    const json = await cli('validate', scratch('bad.json', '{\n  "schemaVersion": 1,\n  "id": "x",\n}\n'));
    expect(json.code).toBe(2);
    expect(json.out).toMatch(/bad\.json:4:1: not valid JSON/);
  });

  it('stops quietly when its output pipe closes early', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${join(root, 'bin/future-sim.js')}" run "${tiny}" --trials 200 --format tidy-csv | head -1`], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('scope,id,year,statistic,value\n');
    expect(r.stderr).toBe('');
  });
});
