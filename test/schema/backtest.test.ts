/**
 * The backtest's data file: the bundled one loads, every point has a URL and a vintage, years
 * ascend and values are positive; a bad file gets an error naming the file, each problem's path
 * and the fix.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/core/errors.ts';
import { BACKTEST_DATA_FILE, loadBacktestData } from '../../src/node/backtest-data.ts';
import type { BacktestData } from '../../src/schema/backtest.ts';

const root = join(import.meta.dirname, '..', '..');
const bundled = join(root, BACKTEST_DATA_FILE);
const scratch = mkdtempSync(join(tmpdir(), 'backtest-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The bundled file's data, as plain YAML (not through the loader), to break in a test. */
const raw = (): BacktestData => load(readFileSync(bundled, 'utf8')) as BacktestData;

/** The error loading `path` gives (it fails the test when there is none, or another kind). */
async function errorLoading(path: string): Promise<ScenarioError> {
  const err = await loadBacktestData(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ScenarioError)) throw new Error(`expected a ScenarioError for ${path}, got ${String(err)}`);
  return err;
}

/** Writes `text` to a file of its own and returns the error loading it gives. */
function errorOf(name: string, text: string): Promise<ScenarioError> {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return errorLoading(path);
}

/** The error for the bundled data changed by `change`, written as JSON (YAML's subset). */
const errorAfter = (name: string, change: (d: BacktestData) => void) => {
  const data = raw();
  change(data);
  return errorOf(name, JSON.stringify(data));
};

describe(`the bundled data (${BACKTEST_DATA_FILE})`, async () => {
  const data = await loadBacktestData(bundled);
  const points = data.series.flatMap((s) => s.points.map((p) => ({ series: s.id, ...p })));

  it('holds integrated circuits, AI, biomedicine and the three leading industries combined, in bn yuan', () => {
    expect(data.series.map((s) => s.id)).toEqual(['integrated-circuits', 'artificial-intelligence', 'biomedicine', 'three-leading-industries']);
    for (const s of data.series) expect(s.unit, s.id).toBe('CNY_BN');
  });

  it('gives every point a URL and a vintage, one vintage per series', () => {
    expect(points.length).toBe(14);
    for (const p of points) {
      expect(p.url, `${p.series} ${p.year}`).toMatch(/^https?:\/\/\S+$/);
      expect(p.vintage.trim().length, `${p.series} ${p.year}`).toBeGreaterThan(10);
    }
    for (const s of data.series) expect(new Set(s.points.map((p) => p.vintage)).size, s.id).toBe(1);
  });

  it('has years ascending, from 2015 at the earliest to 2025, and positive values', () => {
    for (const s of data.series) {
      const years = s.points.map((p) => p.year);
      expect(years, s.id).toEqual([...years].sort((a, b) => a - b));
      expect(new Set(years).size, s.id).toBe(years.length);
      expect(Math.min(...years), s.id).toBeGreaterThanOrEqual(2015);
      expect(Math.max(...years), s.id).toBeLessThanOrEqual(2025);
    }
    for (const p of points) expect(p.value, `${p.series} ${p.year}`).toBeGreaterThan(0);
  });

  it('keeps the published figures as published (the values in the domain notes)', () => {
    const at = (id: string, year: number) => points.find((p) => p.series === id && p.year === year);
    expect(at('biomedicine', 2021)?.value).toBe(761.7);
    expect(at('biomedicine', 2024)?.value).toBe(984.7);
    expect(at('artificial-intelligence', 2020)?.value).toBe(224.6);
    expect(at('integrated-circuits', 2025)).toMatchObject({ value: 480, bound: 'at-least' });
    expect(at('three-leading-industries', 2020)).toMatchObject({ value: 1000, bound: 'about' });
  });
});

describe('a bad data file', () => {
  it('names the file, and each problem with its path and the fix: a missing URL, a negative value, an unknown bound', async () => {
    const err = await errorAfter('shape.yaml', (d) => {
      delete (d.series[0].points[1] as Partial<BacktestData['series'][0]['points'][0]>).url;
      d.series[2].points[0].value = -5;
      (d.series[1].points[2] as { bound: string }).bound = 'roughly';
    });
    expect(err.heading).toBe(`${join(scratch, 'shape.yaml')} is not valid backtest data`);
    expect(err.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'series[0].points[1].url: is missing: add url (where the figure is published (http:// or https://))',
      'series[1].points[2].bound: must be one of "at-least", "about"; got the text "roughly"',
      'series[2].points[0].value: must be > 0, got -5',
    ]);
  });

  it('refuses a URL that is not a web address and an empty vintage', async () => {
    const err = await errorAfter('url.yaml', (d) => {
      d.series[3].points[0].url = 'see the yearbook';
      d.series[3].points[1].vintage = '';
    });
    expect(err.issues.map((i) => i.path)).toEqual(['series[3].points[0].url', 'series[3].points[1].vintage']);
    expect(err.issues[0].message).toMatch(/is not valid: where the figure is published \(http:\/\/ or https:\/\/\)/);
    expect(err.issues[1].message).toBe('must not be empty');
  });

  it('says when years do not ascend, a series mixes vintages, or two series share an id', async () => {
    const err = await errorAfter('meaning.yaml', (d) => {
      const ai = d.series[1].points;
      [ai[0], ai[1]] = [ai[1], ai[0]];
      d.series[2].points[1].vintage = 'an older release';
      d.series[3].id = 'biomedicine';
    });
    expect(err.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'series[1].points[1].year: 2020 comes after 2021: years must ascend, one point a year; sort the points by year and keep one per year',
      `series[2].points[1].vintage: differs from the series' first point ("Shanghai biomedicine industry scale, Science and Technology Commission release of 2025-10-09"): a series follows one vintage; use that one, or move the figure to a series of its own`,
      'series[3].id: "biomedicine" is already the id of series[2]; give each series its own id',
    ]);
  });

  it('that is not YAML, is empty or is not there is unreadable, with what to do', async () => {
    const broken = await errorOf('broken.yaml', 'series: [\n  { id: a\n');
    expect(broken.code).toBe('unreadable');
    expect(broken.issues[0].message).toMatch(/^not valid YAML: .*; fix the text at that line$/);
    const empty = await errorOf('empty.yaml', '# nothing\n');
    expect(empty.issues[0].message).toBe(`the file is empty; start from ${BACKTEST_DATA_FILE} and change it`);
    const missing = await errorLoading(join(scratch, 'absent.yaml'));
    expect(missing.issues[0]).toMatchObject({
      path: join(scratch, 'absent.yaml'),
      message: `no such file; pass a .yaml backtest data file (the bundled one is ${BACKTEST_DATA_FILE})`,
    });
  });
});
