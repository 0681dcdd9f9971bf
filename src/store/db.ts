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
  // a run's size and last use in a row of their own, and the totals kept by triggers: in runs they
  // come after the manifest, so reading them walks its overflow pages (summing them took 0.24 s with
  // 900 MB stored, at every stored run) and marking a run used rewrote its whole manifest; the
  // columns in runs stay (dropping them would rewrite every manifest) and are no longer read
  `CREATE TABLE run_usage (
     id TEXT PRIMARY KEY,
     bytes INTEGER NOT NULL,
     used_at TEXT NOT NULL
   ) STRICT;
   INSERT INTO run_usage (id, bytes, used_at) SELECT id, bytes, used_at FROM runs;
   DROP INDEX runs_by_use;
   CREATE INDEX run_usage_by_use ON run_usage (used_at, id);
   CREATE TABLE run_totals (
     only INTEGER PRIMARY KEY CHECK (only = 1),
     bytes INTEGER NOT NULL,
     runs INTEGER NOT NULL
   ) STRICT;
   INSERT INTO run_totals (only, bytes, runs) SELECT 1, coalesce(sum(bytes), 0), count(*) FROM run_usage;
   CREATE TRIGGER run_usage_added AFTER INSERT ON run_usage BEGIN UPDATE run_totals SET bytes = bytes + NEW.bytes, runs = runs + 1; END;
   CREATE TRIGGER run_usage_removed AFTER DELETE ON run_usage BEGIN UPDATE run_totals SET bytes = bytes - OLD.bytes, runs = runs - 1; END;`,
  // a deleted saved scenario keeps its version rows, emptied and marked, so its version numbers are
  // never given to new content (a link to version 3 never shows something else)
  `ALTER TABLE scenario_versions ADD COLUMN deleted_at TEXT;`,
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
