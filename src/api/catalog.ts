/** The scenarios the server knows: bundled files (read at start, read-only) and saved versions in the store. */
import { readFile } from 'node:fs/promises';
import { compileScenario } from '../core/compile.ts';
import { listScenarioFiles, loadScenarioFile } from '../node/load.ts';
import type { Scenario } from '../schema/scenario.ts';
import { listedTargets, type Store } from '../store/store.ts';
import type { CatalogEntry } from '../schema/catalog.ts';
import type { ScenarioRef } from '../schema/manifest.ts';

export class Catalog {
  private constructor(
    private readonly bundled: ReadonlyMap<string, Scenario>,
    private readonly store: Store,
    /** The bundled files' own text (comments and all), by scenario id. */
    private readonly files: ReadonlyMap<string, string>,
  ) {}

  /** Loads and validates every bundled scenario in `dir` (a bad bundled file stops the server). */
  static async load(dir: string, store: Store): Promise<Catalog> {
    const bundled = new Map<string, Scenario>();
    const files = new Map<string, string>();
    for (const file of await listScenarioFiles(dir)) {
      const scenario = await loadScenarioFile(file);
      compileScenario(scenario);
      bundled.set(scenario.id, scenario);
      if (/\.ya?ml$/i.test(file)) files.set(scenario.id, await readFile(file, 'utf8'));
    }
    return new Catalog(bundled, store, files);
  }

  /** A bundled scenario's YAML file as written (with its comments), or undefined (a saved one, or a JSON file). */
  fileText(id: string): string | undefined {
    return this.files.get(id);
  }

  isBundled(id: string): boolean {
    return this.bundled.has(id);
  }

  has(id: string): boolean {
    return this.bundled.has(id) || this.store.getScenario(id) !== undefined;
  }

  /** A scenario by id: bundled ones have no versions; saved ones the latest or the given version. */
  get(id: string, version?: number): { scenario: Scenario; ref: ScenarioRef } | undefined {
    const b = this.bundled.get(id);
    if (b) return version === undefined ? { scenario: b, ref: { id, source: 'bundled', version: null } } : undefined;
    const saved = this.store.getScenario(id, version);
    return saved ? { scenario: saved.scenario, ref: { id, source: 'saved', version: saved.version } } : undefined;
  }

  /**
   * Scenarios in listing order, bundled first (by id), then saved (latest versions, by id), from
   * their listing fields (no scenario is read whole): at most `limit` after the id `after`, and
   * the id to ask after for the rest (undefined at the end).
   */
  list(limit = 100, after?: string): { entries: CatalogEntry[]; next: string | undefined } {
    const bundled = [...this.bundled.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((s): CatalogEntry => ({
        id: s.id,
        title: s.title,
        source: 'bundled',
        version: null,
        baseYear: s.baseYear,
        endYear: s.endYear,
        targets: listedTargets(s),
        updatedAt: null,
      }));
    // a cursor names the last entry seen: a bundled id continues among the bundled, any other among the saved
    const bundledAfter = after === undefined ? 0 : this.bundled.has(after) ? bundled.findIndex((e) => e.id === after) + 1 : bundled.length;
    const entries = bundled.slice(bundledAfter, bundledAfter + limit);
    const savedAfter = after !== undefined && !this.bundled.has(after) ? after : '';
    // one more than needed tells whether there is a next page
    const saved = this.store.listLatest(savedAfter, limit - entries.length + 1).map((v): CatalogEntry => ({
      id: v.id,
      title: v.title,
      source: 'saved',
      version: v.version,
      baseYear: v.baseYear,
      endYear: v.endYear,
      targets: v.targets,
      updatedAt: v.createdAt,
    }));
    const page = [...entries, ...saved].slice(0, limit);
    const more = bundledAfter + entries.length < bundled.length || saved.length > limit - entries.length;
    return { entries: page, next: more && page.length ? page[page.length - 1].id : undefined };
  }
}
