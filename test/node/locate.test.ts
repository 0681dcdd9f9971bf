/** A scenario file's problems with their lines and the ids along their paths (locate.ts). */
import { describe, expect, it } from 'vitest';
import { describeLocated, locateIssues, pathSegments } from '../../src/node/locate.ts';

const YAML = `schemaVersion: 1
id: t
clusters:
  - id: health
    fields:
      - id: bci
        base: 3
      - id: biosafety
        base: { dist: normal, low: 5, high: 2 }
levers:
  - id: fund
    delivery: 1
`;

describe('locateIssues', () => {
  it('gives each path its line and the ids of the clusters, fields and levers along it', () => {
    const [base, lever] = locateIssues(YAML, [
      { path: 'clusters[0].fields[1].base.high', message: 'must be ≥ low' },
      { path: 'levers[0].delivery', message: 'bad' },
    ]);
    expect(base).toMatchObject({ line: 9, names: 'cluster health, field biosafety' });
    expect(lever).toMatchObject({ line: 12, names: 'lever fund' });
    expect(describeLocated(base)).toBe('line 9, clusters[0].fields[1].base.high (cluster health, field biosafety): must be ≥ low');
  });

  it("puts a missing key at its parent's line, and the same in JSON", () => {
    const [missing] = locateIssues(YAML, [{ path: 'clusters[0].fields[0].growth', message: 'is missing' }]);
    expect(missing).toMatchObject({ line: 6, names: 'cluster health, field bci' });
    const json = JSON.stringify({ schemaVersion: 1, clusters: [{ id: 'a', fields: [{ id: 'f', base: -1 }] }] }, null, 2);
    const [inJson] = locateIssues(json, [{ path: 'clusters[0].fields[0].base', message: 'must be ≥ 0' }]);
    expect(inJson.line).toBe(json.split('\n').findIndex((l) => l.includes('"base"')) + 1);
  });

  it('leaves a path outside the text without a line, and text that does not parse without names', () => {
    expect(locateIssues(YAML, [{ path: 'simulation.trials', message: 'x' }])[0].line).toBeUndefined();
    expect(locateIssues('clusters: [{ id: a, fields: [1, 2', [{ path: 'clusters[0].fields[0]', message: 'x' }])[0].names).toBe('');
    expect(pathSegments('clusters[2].fields[10].growth.periods[0].rate')).toEqual(['clusters', 2, 'fields', 10, 'growth', 'periods', 0, 'rate']);
  });
});
