/**
 * Keeps dist/ (the compiled JavaScript that `npm start`, the `future-sim` binary and the worker
 * threads run) up to date for the tests and benchmarks that start those as processes: compiles
 * with `tsc -p tsconfig.build.json` and the command line's bundle (as `npm run build`) when a
 * source under src/ or a tsconfig is newer than its output, or an output is missing. Used by vitest's globalSetup and the benches.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Why dist/ needs building (a file that is newer than its output, or an output that is missing), or undefined when it is up to date. */
export function staleBuild(root = ROOT): string | undefined {
  const src = join(root, 'src');
  let oldestOutput = Infinity;
  for (const file of sources(src)) {
    const output = join(root, 'dist', relative(src, file)).replace(/\.ts$/, '.js');
    if (!existsSync(output)) return `${relative(root, output)} is missing`;
    const built = statSync(output).mtimeMs;
    if (statSync(file).mtimeMs > built) return `${relative(root, file)} is newer than ${relative(root, output)}`;
    oldestOutput = Math.min(oldestOutput, built);
  }
  for (const config of ['tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs']) {
    if (statSync(join(root, config)).mtimeMs > oldestOutput) return `${config} is newer than dist/`;
  }
  // the command line's bundle and the pool's worker are made from (nearly) every source
  for (const name of ['cli.js', 'simulation-worker.cjs']) {
    const bundle = join(root, 'dist', 'bundle', name);
    if (!existsSync(bundle)) return `dist/bundle/${name} is missing`;
    const bundled = statSync(bundle).mtimeMs;
    const newer = sources(src).find((file) => statSync(file).mtimeMs > bundled);
    if (newer) return `${relative(root, newer)} is newer than dist/bundle/${name}`;
  }
  return undefined;
}

/**
 * Builds dist/ if it is stale, saying so on stderr. Type errors do not stop the build (tsc still
 * emits; `npm run typecheck` reports them): they are printed and the caller runs what was emitted.
 */
export function buildIfStale(root = ROOT): void {
  const reason = staleBuild(root);
  if (!reason) return;
  const say = (text: string) => process.stderr.write(`${text}\n`);
  say(`building dist/ (${reason}): tsc -p tsconfig.build.json, then node scripts/bundle.mjs`);
  const started = performance.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  const bundled = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, encoding: 'utf8' });
  if (bundled.status !== 0) throw new Error(`bundling the command line failed:\n${bundled.stdout}${bundled.stderr}`);
  const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (r.status === 0) {
    say(`built dist/ in ${took}`);
    return;
  }
  const output = `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}`.trim();
  const still = staleBuild(root);
  if (still) throw new Error(`building dist/ failed after ${took} (${still}):\n${output}`);
  say(`built dist/ in ${took}, with type errors (npm run typecheck lists them):\n${output}`);
}
