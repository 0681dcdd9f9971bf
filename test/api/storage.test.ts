/** Stored runs are kept within RUN_STORE_MB, least recently used out first; a nearly full disk gets 507 before a run starts. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS, openDb } from '../../src/store/db.ts';
import { Store } from '../../src/store/store.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { json, testApp } from './helpers.ts';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

const run = (id: string, createdAt: string, size: number) => ({
  id,
  createdAt,
  scenarioId: 's',
  scenarioVersion: null,
  engineVersion: 'x',
  trials: 1,
  seed: 1,
  manifest: 'x'.repeat(size),
});

describe('stored runs', () => {
  it('stay within the byte limit, the least recently used removed first, never the one just stored', () => {
    const store = new Store(openDb(':memory:'));
    store.putRun(run('a', '2026-01-01T00:00:01Z', 400), 1000);
    store.putRun(run('b', '2026-01-01T00:00:02Z', 400), 1000);
    // a is read: used more recently than b
    expect(store.getRun('a', '2026-01-01T00:00:03Z')?.manifest).toHaveLength(400);
    store.putRun(run('c', '2026-01-01T00:00:04Z', 400), 1000);
    expect(store.getRun('b')).toBeUndefined();
    expect(store.getRun('a')).toBeDefined();
    expect(store.getRun('c')).toBeDefined();
    expect(store.runTotals()).toEqual({ bytes: 800, runs: 2 });
    // one run bigger than the limit is still kept (the others go)
    store.putRun(run('d', '2026-01-01T00:00:05Z', 5000), 1000);
    expect(store.runTotals()).toEqual({ bytes: 5000, runs: 1 });
  });
});

describe("the stored runs' sizes and uses", () => {
  it('are kept apart from the manifests, with totals that follow every insert and removal', () => {
    const store = new Store(openDb(':memory:'));
    store.putRun(run('a', '2026-01-01T00:00:01Z', 300));
    store.putRun(run('a', '2026-01-01T00:00:02Z', 900)); // the same id again: kept as it was, counted once
    store.putRun(run('b', '2026-01-01T00:00:03Z', 200));
    expect(store.runTotals()).toEqual({ bytes: 500, runs: 2 });
    expect(store.getRun('a')?.manifest).toHaveLength(300);
    store.putRun(run('c', '2026-01-01T00:00:04Z', 250), 600); // over 600: a, the least recently used, goes
    expect(store.runTotals()).toEqual({ bytes: 450, runs: 2 });
    expect(store.getRun('a')).toBeUndefined();
  });

  it('are carried over from a database made before they had their own table (migration 4)', () => {
    const db = new Database(':memory:');
    for (let v = 0; v < 3; v++) db.exec(MIGRATIONS[v]);
    db.pragma('user_version = 3');
    const insert = db.prepare(
      "INSERT INTO runs (id, created_at, scenario_id, scenario_version, engine_version, trials, seed, manifest, bytes, used_at) VALUES (?, ?, 's', NULL, 'x', 1, 1, ?, ?, ?)",
    );
    insert.run('old', '2026-01-01T00:00:01Z', 'x'.repeat(100), 100, '2026-01-01T00:00:09Z');
    insert.run('older', '2026-01-01T00:00:02Z', 'x'.repeat(70), 70, '2026-01-01T00:00:03Z');
    migrate(db);
    const store = new Store(db);
    expect(store.runTotals()).toEqual({ bytes: 170, runs: 2 });
    // their last uses came along: the one used least recently goes first
    store.putRun(run('new', '2026-01-02T00:00:00Z', 50), 160);
    expect(store.getRun('older')).toBeUndefined();
    expect(store.getRun('old')).toBeDefined();
    expect(store.runTotals()).toEqual({ bytes: 150, runs: 2 });
    db.close();
  });
});

describe('a nearly full disk', () => {
  it('answers a new run 507 before it starts, and still serves stored runs', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'future-sim-disk-')), 'runs.db');
    const roomy = await testApp(pool, { databasePath });
    const stored = json<{ id: string }>(await roomy.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200 } }));
    await roomy.close();
    // a reserve larger than any disk: every new run is refused
    const full = await testApp(pool, { databasePath, diskReserveMb: 1024 * 1024 * 1024 });
    try {
      const res = await full.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 201 } });
      expect(res.statusCode).toBe(507);
      expect(json(res).message).toMatch(/disk is nearly full .* free space, or lower RUN_STORE_MB/);
      expect((await full.inject({ method: 'POST', url: '/api/runs', payload: { scenarioId: 'baseline', trials: 200 } })).statusCode).toBe(200);
      expect((await full.inject({ url: `/api/runs/${stored.id}` })).statusCode).toBe(200);
    } finally {
      await full.close();
    }
  });
});
