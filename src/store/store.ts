/** Saved scenario versions and stored runs, on the SQLite database. */
import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../schema/catalog.ts';
import type { SavedVersion } from '../schema/responses.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { Db } from './db.ts';

/** A saved version (as the API lists it) with its scenario. */
export type ScenarioVersion = Readonly<SavedVersion> & { readonly scenario: Scenario };

/** What a listing shows of a saved version, without its scenario. */
export type ScenarioSummary = Readonly<SavedVersion> & Pick<CatalogEntry, 'baseYear' | 'endYear' | 'targets'>;

/** What a listing shows of a scenario's targets. */
export function listedTargets(s: Scenario): ScenarioSummary['targets'] {
  return (s.targets ?? []).map((t) => ({ id: t.id, year: t.year, scope: t.scope, value: t.value, ...(t.label !== undefined ? { label: t.label } : {}) }));
}

/** The listing fields of a scenario (kept beside its body). */
function summaryOf(s: Scenario): string {
  return JSON.stringify({ baseYear: s.baseYear, endYear: s.endYear, targets: listedTargets(s) });
}

export interface StoredRun {
  readonly id: string;
  readonly createdAt: string;
  readonly manifest: string;
}

/** A value whose canonical JSON is known already (a cached digest input): canonicalJson writes it as it is. */
export class Canonical {
  constructor(readonly json: string) {}
}

/** Stable JSON: object keys sorted, so equal content hashes equal. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Canonical) return value.json;
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 hex of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export class Store {
  private readonly db: Db;
  private readonly stmts;

  constructor(db: Db) {
    this.db = db;
    this.stmts = {
      latest: db.prepare('SELECT id, version, created_at AS createdAt, title, content_hash AS hash, body FROM scenario_versions WHERE id = ? AND deleted_at IS NULL ORDER BY version DESC LIMIT 1'),
      // versions deleted count too: a new version never takes a deleted one's number
      lastVersion: db.prepare('SELECT coalesce(max(version), 0) AS v FROM scenario_versions WHERE id = ?'),
      deleteScenario: db.prepare("UPDATE scenario_versions SET deleted_at = ?, body = '{}', summary = '{}', title = '' WHERE id = ? AND deleted_at IS NULL"),
      version: db.prepare('SELECT id, version, created_at AS createdAt, title, body FROM scenario_versions WHERE id = ? AND version = ? AND deleted_at IS NULL'),
      versions: db.prepare('SELECT id, version, created_at AS createdAt, title FROM scenario_versions WHERE id = ? AND deleted_at IS NULL ORDER BY version'),
      latestPage: db.prepare(
        'SELECT s.id, s.version, s.created_at AS createdAt, s.title, s.summary FROM scenario_versions s JOIN (SELECT id, MAX(version) AS v FROM scenario_versions WHERE id > ? AND deleted_at IS NULL GROUP BY id ORDER BY id LIMIT ?) m ON s.id = m.id AND s.version = m.v ORDER BY s.id',
      ),
      insertScenario: db.prepare('INSERT INTO scenario_versions (id, version, created_at, title, content_hash, body, summary) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      run: db.prepare('SELECT id, created_at AS createdAt, manifest FROM runs WHERE id = ?'),
      hasRun: db.prepare('SELECT 1 FROM runs WHERE id = ?'),
      insertRun: db.prepare(
        'INSERT OR IGNORE INTO runs (id, created_at, scenario_id, scenario_version, engine_version, trials, seed, manifest) VALUES (@id, @createdAt, @scenarioId, @scenarioVersion, @engineVersion, @trials, @seed, @manifest)',
      ),
      // a run's size and last use live in run_usage, their totals in run_totals (db.ts migration 4)
      insertUsage: db.prepare('INSERT OR IGNORE INTO run_usage (id, bytes, used_at) VALUES (@id, @bytes, @createdAt)'),
      useRun: db.prepare('UPDATE run_usage SET used_at = ? WHERE id = ?'),
      runBytes: db.prepare('SELECT bytes AS total, runs AS n FROM run_totals'),
      oldestRuns: db.prepare('SELECT id, bytes FROM run_usage ORDER BY used_at, id LIMIT 64'),
      deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
      deleteUsage: db.prepare('DELETE FROM run_usage WHERE id = ?'),
    };
  }

  /**
   * Saves a scenario as a new immutable version of its id, unless it equals the latest version
   * (then that version is returned with `created: false`).
   */
  saveScenario(scenario: Scenario, now: string): { version: ScenarioVersion; created: boolean } {
    const hash = contentHash(scenario);
    return this.db.transaction(() => {
      const latest = this.stmts.latest.get(scenario.id) as { id: string; version: number; createdAt: string; title: string; hash: string; body: string } | undefined;
      if (latest && latest.hash === hash) {
        return { version: { id: latest.id, version: latest.version, createdAt: latest.createdAt, title: latest.title, scenario: JSON.parse(latest.body) as Scenario }, created: false };
      }
      const version = (this.stmts.lastVersion.get(scenario.id) as { v: number }).v + 1;
      this.stmts.insertScenario.run(scenario.id, version, now, scenario.title, hash, JSON.stringify(scenario), summaryOf(scenario));
      return { version: { id: scenario.id, version, createdAt: now, title: scenario.title, scenario }, created: true };
    })();
  }

  /** A saved version (the latest when `version` is undefined). */
  getScenario(id: string, version?: number): ScenarioVersion | undefined {
    const row = (version === undefined ? this.stmts.latest.get(id) : this.stmts.version.get(id, version)) as
      | { id: string; version: number; createdAt: string; title: string; body: string }
      | undefined;
    return row ? { id: row.id, version: row.version, createdAt: row.createdAt, title: row.title, scenario: JSON.parse(row.body) as Scenario } : undefined;
  }

  /** Every version of a saved id, oldest first (empty when never saved). */
  listVersions(id: string): { id: string; version: number; createdAt: string; title: string }[] {
    return this.stmts.versions.all(id) as { id: string; version: number; createdAt: string; title: string }[];
  }

  /** The latest version of the saved ids after `after` (in id order), at most `limit`, from their listing fields alone. */
  listLatest(after = '', limit = 1000): ScenarioSummary[] {
    return (this.stmts.latestPage.all(after, limit) as { id: string; version: number; createdAt: string; title: string; summary: string }[]).map((r) => ({
      id: r.id,
      version: r.version,
      createdAt: r.createdAt,
      title: r.title,
      ...(JSON.parse(r.summary) as Pick<ScenarioSummary, 'baseYear' | 'endYear' | 'targets'>),
    }));
  }

  /** Deletes every version of a saved scenario (their numbers stay taken); returns how many there were. */
  deleteScenario(id: string, now: string): number {
    return this.stmts.deleteScenario.run(now, id).changes;
  }

  /** Deletes a stored run; returns whether there was one. */
  deleteRun(id: string): boolean {
    return this.db.transaction(() => {
      this.stmts.deleteUsage.run(id);
      return this.stmts.deleteRun.run(id).changes > 0;
    })();
  }

  /** Whether a run is stored (without reading its manifest). */
  hasRun(id: string): boolean {
    return this.stmts.hasRun.get(id) !== undefined;
  }

  /** A stored run; `now` (when given) marks it used, so it is kept longer. */
  getRun(id: string, now?: string): StoredRun | undefined {
    const row = this.stmts.run.get(id) as StoredRun | undefined;
    if (row && now) this.stmts.useRun.run(now, id);
    return row;
  }

  /** Bytes and number of stored runs. */
  runTotals(): { bytes: number; runs: number } {
    const row = this.stmts.runBytes.get() as { total: number; n: number };
    return { bytes: row.total, runs: row.n };
  }

  /**
   * Stores a run manifest (JSON text); a run with the same id is kept as it was. Then, while the
   * stored runs hold more than `maxBytes`, removes the least recently used (never the one just stored).
   */
  putRun(row: { id: string; createdAt: string; scenarioId: string; scenarioVersion: number | null; engineVersion: string; trials: number; seed: number; manifest: string }, maxBytes = Infinity): void {
    this.db.transaction(() => {
      if (this.stmts.insertRun.run(row).changes > 0) this.stmts.insertUsage.run({ id: row.id, bytes: row.manifest.length, createdAt: row.createdAt });
      let { bytes } = this.runTotals();
      while (bytes > maxBytes) {
        const oldest = (this.stmts.oldestRuns.all() as { id: string; bytes: number }[]).filter((r) => r.id !== row.id);
        if (oldest.length === 0) break;
        for (const r of oldest) {
          if (bytes <= maxBytes) break;
          this.deleteRun(r.id);
          bytes -= r.bytes;
        }
      }
    })();
  }
}
