// Bundles the command line (and the worker it starts) into dist/bundle/ with esbuild, so a
// `future-sim` call loads a few files instead of hundreds (TypeBox alone is 266 modules): the
// start-up of `future-sim list` drops by about 60 ms. Run by `npm run build` after tsc.
import { build } from 'esbuild';

import { rmSync } from 'node:fs';

rmSync('dist/bundle', { recursive: true, force: true }); // no chunks of earlier builds
await build({
  entryPoints: { cli: 'src/cli/main.ts', 'simulation-worker': 'src/node/simulation-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // native addons, the lazily required expression language and YAML messages, and what only the server uses
  external: ['mathjs', 'yaml', 'better-sqlite3', '@napi-rs/canvas', 'fastify', '@fastify/*', 'chart.js'],
  logLevel: 'warning',
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies (commander) call require: give each chunk one
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
