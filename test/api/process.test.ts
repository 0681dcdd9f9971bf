/**
 * The real server over a real socket: `node dist/server.js` (as `npm start`) as a child process.
 * Saved scenarios and finished runs survive a kill -9 in the middle of a run.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess } from '../../src/node/server-process.ts';
import { MIGRATIONS } from '../../src/store/db.ts';
import { tinyScenario } from './helpers.ts';

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

async function startServer(port: number, databasePath: string): Promise<ChildProcess> {
  const child = await startServerProcess(port, { DATABASE_PATH: databasePath, WORKERS: '2' });
  started.push(child);
  return child;
}

describe('the server process', () => {
  it('serves over a real socket and keeps saved data through kill -9 mid-run', async () => {
    const port = await freePort();
    const db = join(mkdtempSync(join(tmpdir(), 'future-sim-db-')), 'nested', 'future-sim.db');
    const base = `http://127.0.0.1:${port}`;
    const first = await startServer(port, db);

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const saved = await fetch(`${base}/api/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tinyScenario({ id: 'kept' })),
    });
    expect(saved.status).toBe(201);
    const run = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenarioId: 'kept', trials: 400 }),
    });
    expect(run.status).toBe(200);
    const { id } = (await run.json()) as { id: string };

    // a long run in flight, then kill -9
    void fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenarioId: 'baseline', trials: 1_000_000 }),
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = await startServer(port, db);
    const again = await fetch(`${base}/api/scenarios/kept`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe('kept');
    const versions = (await (await fetch(`${base}/api/scenarios/kept/versions`)).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(1);
    const stored = await fetch(`${base}/api/runs/${id}`);
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { id: string }).id).toBe(id);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));

    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  }, 120_000);
});
