// Bundles the command line (and the worker it starts) into dist/bundle/ with esbuild, so a
// `future-sim` call loads a few files instead of hundreds (TypeBox alone is 266 modules): the
// start-up of `future-sim list` drops by about 60 ms. Run by `npm run build` after tsc.
import { build } from 'esbuild';

import { rmSync, writeFileSync } from 'node:fs';

rmSync('dist/bundle', { recursive: true, force: true }); // no chunks of earlier builds
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // native addons, the lazily required expression language and YAML messages, what only the server
  // uses, and piscina (it starts its workers from its own worker.js beside its index.js)
  external: ['mathjs', 'yaml', 'better-sqlite3', '@napi-rs/canvas', 'fastify', '@fastify/*', 'chart.js'],
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies (commander) call require: give each chunk one
  // and __dirname, which only the bundled piscina reads: where it finds its worker (built below)
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; import { dirname as __pathDirname } from 'node:path'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __dirname = __pathDirname(__fileURLToPath(import.meta.url)) + '/piscina';",
  },
});

// the pool's worker as one CommonJS file: a worker thread that loads it is ready 10-20 ms sooner
// than one that goes through the ES module loader and the shared chunks (measured with two
// workers starting at once), and the command line waits for its workers to start
await build({
  entryPoints: ['src/node/simulation-worker.ts'],
  outfile: 'dist/bundle/simulation-worker.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
});

// piscina's own worker, bundled into one CommonJS file: the bundled piscina starts its threads
// from `${__dirname}/worker.js`, here dist/bundle/piscina/worker.js (a package.json there says
// CommonJS; ours says ES modules). Bundling piscina saves the command line ~13 ms of loading it.
await build({
  entryPoints: ['node_modules/piscina/dist/worker.js'],
  outfile: 'dist/bundle/piscina/worker.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['@napi-rs/nice'],
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
});
writeFileSync('dist/bundle/piscina/package.json', '{ "type": "commonjs" }\n');
