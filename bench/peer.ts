/**
 * `npm run bench:peer`: the reference peer (../shared/peers/js_kernel.mjs on spec.json) and
 * `future-sim run ../shared/peers/bench.yaml` (the same workload as a scenario file), whole
 * process against whole process, alternating, and the ratio of their median wall times.
 *
 *   npm run bench:peer                       # 100k trials, 3 runs each
 *   npm run bench:peer -- --trials 1000000 --runs 5 --workers 1   # default: as the command line chooses
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../scripts/build-if-stale.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const peers = join(root, '..', 'shared', 'peers');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const trials = arg('--trials', '100000');
const runs = Number(arg('--runs', '3'));
const workers = arg('--workers', '');
if (!existsSync(join(peers, 'js_kernel.mjs'))) {
  console.error(`no reference peer at ${peers} (js_kernel.mjs, spec.json, bench.yaml)`);
  process.exit(2);
}
buildIfStale(); // future-sim runs from dist/
const out = mkdtempSync(join(tmpdir(), 'bench-peer-'));

/** Wall seconds and peak RSS (MiB) of one whole process, from GNU time. */
function timed(command: string[]): { seconds: number; rssMiB: number } {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { encoding: 'utf8', cwd: root });
  if (run.status !== 0) {
    console.error(run.stderr);
    process.exit(1);
  }
  const [seconds, kb] = run.stderr.trim().split('\n').pop()?.split(' ').map(Number) ?? [NaN, NaN];
  return { seconds, rssMiB: kb / 1024 };
}

const peer = ['node', join(peers, 'js_kernel.mjs'), join(peers, 'spec.json'), '--trials', trials, '--seed', '12345', '--out', join(out, 'peer.json')];
const ours = [
  'node',
  join(root, 'bin', 'future-sim.js'),
  'run',
  join(peers, 'bench.yaml'),
  '--trials',
  trials,
  '--seed',
  '12345',
  '--format',
  'json',
  '--out',
  join(out, 'ours.json'),
  ...(workers ? ['--workers', workers] : []),
];
const a: { seconds: number; rssMiB: number }[] = [];
const b: { seconds: number; rssMiB: number }[] = [];
for (let r = 0; r < runs; r++) {
  a.push(timed(peer));
  b.push(timed(ours));
  console.log(`run ${r + 1}: peer ${a[r].seconds.toFixed(2)} s, future-sim ${b[r].seconds.toFixed(2)} s (ratio ${(b[r].seconds / a[r].seconds).toFixed(2)})`);
}
const median = (xs: number[]) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const pm = median(a.map((x) => x.seconds));
const om = median(b.map((x) => x.seconds));
console.log(`\n${Number(trials).toLocaleString('en-US')} trials, whole process, median of ${runs}:`);
console.log(`  reference peer  ${pm.toFixed(2)} s  peak RSS ${median(a.map((x) => x.rssMiB)).toFixed(0)} MiB`);
console.log(
  `  future-sim      ${om.toFixed(2)} s  peak RSS ${median(b.map((x) => x.rssMiB)).toFixed(0)} MiB  (${workers ? `--workers ${workers}` : 'workers as the command line chooses'})`,
);
console.log(`  ratio           ${(om / pm).toFixed(2)}× the peer's wall time (goal ≤ 1.0×)`);
