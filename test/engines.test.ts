/**
 * `npm ci` on the Node this project supports prints no engine warning: every locked package
 * accepts the oldest Node of package.json's engines (20.19, what ESLint needs) and the Node
 * running the tests.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('dependencies', () => {
  const refusing = (node: string) =>
    Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, p]) => {
        const range = Array.isArray(p.engines) ? undefined : p.engines?.node;
        return range && !semver.satisfies(node, range) ? [`${path.replace(/^.*node_modules\//, '')}@${p.version}: node ${range}`] : [];
      });

  it('all accept the oldest Node the project supports, a Node 20', () => {
    const oldest = semver.minVersion(pkg.engines.node)?.version as string;
    expect(oldest).toMatch(/^20\./);
    expect(refusing(oldest)).toEqual([]);
  });

  it('all accept the Node running the tests', () => {
    expect(refusing(process.versions.node)).toEqual([]);
  });
});
