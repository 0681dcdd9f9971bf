/**
 * Engine 2 against engine 1 on the baseline (test/fixtures/engine1-baseline.yaml, a copy of the
 * bundled baseline): every scope's mean and 5th–95th percentiles in every year agree within 4
 * standard errors of their difference (engine 1: 200,000 trials; engine 2: 20,000, another seed).
 * Engine 1's figures (mean, sd, percentiles and their standard errors) are in test/fixtures/engine1-baseline.json, made by
 * engine 1.0.0 at commit 891820c.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/schema/parse.ts';
import { compile, meanSd, record } from './helpers.ts';

const here = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

interface Engine1 {
  trials: number;
  percentiles: number[];
  scopes: Record<string, { mean: number[]; sd: number[]; percentiles: number[][]; percentileSe: number[][] }>;
}

describe('engine 2 agrees with engine 1 on the baseline', () => {
  const old = JSON.parse(readFileSync(here('engine1-baseline.json'), 'utf8')) as Engine1;
  const model = compile(parseScenario(readFileSync(here('engine1-baseline.yaml'), 'utf8'), 'engine1-baseline.yaml'));
  const N = old.trials;
  const n = 20_000;
  const rec = record(model, n, 20261201);

  it('means within 4 standard errors on every scope and year', () => {
    let checked = 0;
    model.scopeIds.forEach((id, k) => {
      for (let s = 0; s <= model.steps; s++) {
        const { mean, sd } = meanSd(rec.scopes[k].subarray(s * n, (s + 1) * n));
        const se = Math.sqrt((sd * sd) / n + old.scopes[id].sd[s] ** 2 / N);
        expect(Math.abs(mean - old.scopes[id].mean[s]), `${id} ${model.years[s]}: ${mean} vs ${old.scopes[id].mean[s]} (se ${se})`).toBeLessThanOrEqual(4 * se);
        checked++;
      }
    });
    expect(checked).toBe(model.scopeIds.length * (model.steps + 1));
  });

  it('percentiles within 4 standard errors on every scope and year', () => {
    model.scopeIds.forEach((id, k) => {
      for (let s = 0; s <= model.steps; s++) {
        const sorted = rec.scopes[k].slice(s * n, (s + 1) * n).sort();
        old.percentiles.forEach((p, j) => {
          // standard error of a sample p-quantile from its order statistics: half the spread of
          // the ranks np ± √(np(1 − p)); the two estimates are independent
          const d = Math.sqrt(n * p * (1 - p));
          const lo = sorted[Math.max(0, Math.floor(n * p - d))];
          const hi = sorted[Math.min(n - 1, Math.ceil(n * p + d))];
          const se = Math.max(Math.hypot((hi - lo) / 2, old.scopes[id].percentileSe[s][j]), 1e-12);
          const h = (n - 1) * p;
          const q = sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.min(n - 1, Math.floor(h) + 1)] - sorted[Math.floor(h)]);
          expect(Math.abs(q - old.scopes[id].percentiles[s][j]), `${id} ${model.years[s]} p${p * 100}: ${q} vs ${old.scopes[id].percentiles[s][j]} (se ${se})`).toBeLessThanOrEqual(
            4 * se,
          );
        });
      }
    });
  });
});
