#!/usr/bin/env node
// Entry point of the `future-sim` command: runs the compiled JavaScript in dist/, which
// `npm run build` makes from src/ (`npm ci` and `npm install` build it through `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bundle/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('future-sim: the compiled program (dist/) is missing: run `npm run build` in the future-industry-sim folder first\n');
  process.exit(1);
}
const { main, quietOnBrokenPipe } = await import(entry.href);
quietOnBrokenPipe();
process.exitCode = await main(process.argv.slice(2));
