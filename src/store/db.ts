/**
 * The embedded SQLite database (better-sqlite3): WAL mode, versioned migrations tracked in
 * `PRAGMA user_version`. Each migration runs in a transaction, so a crash leaves the file at the
 * last complete version.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Migrations in order; migration i brings user_version from i to i + 1. Append, never edit. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE scenario_versions (
     id TEXT NOT NULL,
     version INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     title TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (id, version)
   ) STRICT;
   CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     created_at TEXT NOT NULL,
     scenario_id TEXT NOT NULL,
     scenario_version INTEGER,
     engine_version TEXT NOT NULL,
     trials INTEGER NOT NULL,
     seed INTEGER NOT NULL,
     manifest TEXT NOT NULL
   ) STRICT;
   CREATE INDEX runs_by_scenario ON runs (scenario_id, created_at);`,
  // what a listing shows of a saved version (years and targets), so a list reads no scenario bodies
  `ALTER TABLE scenario_versions ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
   UPDATE scenario_versions SET summary = json_object('baseYear', json_extract(body, '$.baseYear'), 'endYear', json_extract(body, '$.endYear'), 'targets', json(coalesce(json_extract(body, '$.targets'), '[]')));`,
  // stored runs are kept least recently used first out, by their total size
  `ALTER TABLE runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE runs ADD COLUMN used_at TEXT NOT NULL DEFAULT '';
   UPDATE runs SET bytes = length(manifest), used_at = created_at;
   CREATE INDEX runs_by_use ON runs (used_at);`,
];

/** Opens (creating the folder and file if needed) and migrates the database at `path` (':memory:' for tests). */
export function openDb(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies the migrations the database has not seen yet. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database is at schema version ${current}, newer than this program knows (${MIGRATIONS.length}); upgrade the program`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
