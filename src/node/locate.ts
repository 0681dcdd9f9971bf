/**
 * Where a scenario file's problems are, for people editing it: the line of each problem's path in
 * the YAML or JSON text, and the ids along the path, so `clusters[0].fields[1].growth.base` also
 * reads "cluster health, field biosafety". Read with the `yaml` package, on the error path only.
 */
import { createRequire } from 'node:module';
import type { Issue } from '../core/errors.ts';

/** A problem with its line (1-based; undefined when the path is not in the text) and the ids along its path. */
export interface LocatedIssue extends Issue {
  readonly line: number | undefined;
  readonly names: string;
}

/** What an element of each id-bearing list is called. */
const KINDS: Readonly<Record<string, string>> = { clusters: 'cluster', fields: 'field', levers: 'lever', events: 'event', targets: 'target' };

/** `clusters[0].fields[1].base` → ['clusters', 0, 'fields', 1, 'base']. */
export function pathSegments(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]));
}

/** The names along a path in the data: "cluster health, field biosafety, period 2025–2030". */
function namesAlong(data: unknown, segments: readonly (string | number)[]): string {
  const names: string[] = [];
  let node = data;
  let list = '';
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string | number, unknown>)[seg];
    if (typeof seg === 'string') list = seg;
    else if (node !== null && typeof node === 'object') {
      const { id, from, to } = node as { id?: unknown; from?: unknown; to?: unknown };
      if (KINDS[list] && typeof id === 'string') names.push(`${KINDS[list]} ${id}`);
      else if (list === 'periods' && Number.isInteger(from) && Number.isInteger(to)) names.push(`period ${String(from)}–${String(to)}`);
    }
  }
  return names.join(', ');
}

/** The issues of a scenario file's `text` with their lines and names (paths as the checks give them: relative to the scenario). */
export function locateIssues(text: string, issues: readonly Issue[]): LocatedIssue[] {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lines = new yaml.LineCounter();
  let doc: import('yaml').Document | undefined;
  try {
    doc = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  } catch {
    doc = undefined;
  }
  const data = doc && doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return issues.map((issue) => {
    const segments = pathSegments(issue.path);
    let line: number | undefined;
    // the deepest part of the path the text has (a missing key is reported at its parent)
    for (let k = segments.length; doc && k > 0 && line === undefined; k--) {
      const node = doc.getIn(segments.slice(0, k), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) line = lines.linePos(node.range[0]).line;
    }
    return { ...issue, line, names: data === undefined ? '' : namesAlong(data, segments) };
  });
}

/** One located problem as a line of the command line's report: `line 57, clusters[0].fields[1].base (cluster health, field biosafety): message`. */
export function describeLocated(i: LocatedIssue): string {
  return `${i.line !== undefined ? `line ${i.line}, ` : ''}${i.path || '(root)'}${i.names ? ` (${i.names})` : ''}: ${i.message}`;
}
