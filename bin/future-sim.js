#!/usr/bin/env node
// Entry point of the `future-sim` command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main, quietOnBrokenPipe } = await import('../src/cli/main.ts');
quietOnBrokenPipe();
process.exitCode = await main(process.argv.slice(2));
