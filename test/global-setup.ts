/**
 * vitest globalSetup: the CLI tests spawn bin/future-sim.js and the process tests spawn
 * dist/server.js, which run the compiled JavaScript in dist/. It is built first when a source is
 * newer (after `npm ci`, which builds it, this only compares file times: a few milliseconds).
 */
import { buildIfStale } from '../scripts/build-if-stale.ts';

export default function setup(): void {
  buildIfStale();
}
