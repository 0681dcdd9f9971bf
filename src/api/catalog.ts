/** The scenarios the server knows: bundled files (read at start, read-only) and saved versions in the store. */
import { compileScenario } from '../core/compile.ts';
import { listScenarioFiles, loadScenarioFile } from '../node/load.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { Store } from '../store/store.ts';
import type { ScenarioRef } from './runs.ts';

export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  readonly source: 'bundled' | 'saved';
  readonly version: number | null;
  readonly baseYear: number;
  readonly endYear: number;
  readonly targets: readonly { id: string; year: number; scope: string; value: number; label?: string }[];
  readonly updatedAt: string | null;
}

export class Catalog {
  private constructor(
    private readonly bundled: ReadonlyMap<string, Scenario>,
    private readonly store: Store,
  ) {}

  /** Loads and validates every bundled scenario in `dir` (a bad bundled file stops the server). */
  static async load(dir: string, store: Store): Promise<Catalog> {
    const bundled = new Map<string, Scenario>();
    for (const file of await listScenarioFiles(dir)) {
      const scenario = await loadScenarioFile(file);
      compileScenario(scenario);
      bundled.set(scenario.id, scenario);
    }
    return new Catalog(bundled, store);
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

  /** Every scenario, bundled first, then saved (latest versions). */
  list(): CatalogEntry[] {
    const entry = (s: Scenario, source: 'bundled' | 'saved', version: number | null, updatedAt: string | null): CatalogEntry => ({
      id: s.id,
      title: s.title,
      source,
      version,
      baseYear: s.baseYear,
      endYear: s.endYear,
      targets: (s.targets ?? []).map((t) => ({ id: t.id, year: t.year, scope: t.scope, value: t.value, ...(t.label !== undefined ? { label: t.label } : {}) })),
      updatedAt,
    });
    return [
      ...[...this.bundled.values()].map((s) => entry(s, 'bundled', null, null)),
      ...this.store.listLatest().map((v) => entry(v.scenario, 'saved', v.version, v.createdAt)),
    ];
  }
}
