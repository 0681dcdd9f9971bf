/** GET /api/scenarios a page at a time, from the stored listing fields (no scenario body read), and the migration that adds them. */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../src/store/db.ts';
import { Store } from '../../src/store/store.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { json, testApp, tinyScenario } from './helpers.ts';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

type Page = { scenarios: { id: string; source: string; version: number | null; baseYear: number; targets: unknown[] }[]; next?: string };

describe('GET /api/scenarios', () => {
  it('pages through bundled then saved scenarios with limit and after, every entry once', async () => {
    const app = await testApp(pool);
    try {
      for (let i = 0; i < 7; i++)
        expect((await app.inject({ method: 'POST', url: '/api/scenarios', payload: tinyScenario({ id: `saved-${i}`, title: `Saved ${i}` }) })).statusCode).toBe(201);
      const all = json<Page>(await app.inject({ url: '/api/scenarios' }));
      expect(all.next).toBeUndefined();
      const ids = all.scenarios.map((s) => s.id);
      expect(ids.slice(-7)).toEqual(Array.from({ length: 7 }, (_, i) => `saved-${i}`));
      expect(all.scenarios.filter((s) => s.source === 'bundled').length).toBeGreaterThanOrEqual(3);
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = json<Page>(await app.inject({ url: `/api/scenarios?limit=2${after ? `&after=${after}` : ''}` }));
        expect(page.scenarios.length).toBeLessThanOrEqual(2);
        seen.push(...page.scenarios.map((s) => s.id));
        after = page.next;
        if (!after) break;
      }
      expect(seen).toEqual(ids);
      expect((await app.inject({ url: '/api/scenarios?limit=0' })).statusCode).toBe(400);
      expect((await app.inject({ url: '/api/scenarios?limit=501' })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe('the listing fields of saved scenarios', () => {
  it('are filled for versions saved before they existed (migration 2), and a list reads no body', () => {
    const db = new Database(':memory:');
    db.exec(MIGRATIONS[0]);
    db.pragma('user_version = 1');
    const s = tinyScenario({ id: 'old-one' });
    db.prepare('INSERT INTO scenario_versions (id, version, created_at, title, content_hash, body) VALUES (?, 1, ?, ?, ?, ?)').run(
      s.id,
      '2026-01-01T00:00:00Z',
      s.title,
      'x',
      JSON.stringify(s),
    );
    migrate(db);
    const store = new Store(db);
    const [listed] = store.listLatest();
    expect(listed).toMatchObject({ id: 'old-one', version: 1, baseYear: s.baseYear, endYear: s.endYear });
    expect(listed.targets).toEqual(
      (s.targets ?? []).map((t) => ({ id: t.id, year: t.year, scope: t.scope, value: t.value, ...(t.label !== undefined ? { label: t.label } : {}) })),
    );
    // a body the listing would choke on is not read by it
    db.prepare("UPDATE scenario_versions SET body = 'not json' WHERE id = 'old-one'").run();
    expect(store.listLatest()[0].id).toBe('old-one');
    db.close();
  });
});
