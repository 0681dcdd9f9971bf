/**
 * `npm run bench:api`: starts the server (a child process on 127.0.0.1, throwaway database, no
 * rate limit) and measures with autocannon, bounded in time:
 *   1. GET of a stored run (the permalink path);
 *   2. POST /api/runs of fresh 10k-trial runs (a new seed per request, so nothing is cached), one
 *      client at a time (the run path's latency) and two at once (throughput);
 *   3. GET /api/health while four 100k-trial runs execute (is the event loop free?).
 * Prints requests per second and p50/p95/p99 latency of each.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { freePort, startServerProcess } from '../src/node/server-process.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

function start(port: number): Promise<ChildProcess> {
  return startServerProcess(
    port,
    {
      DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'future-sim-bench-')), 'bench.db'),
      RATE_LIMIT_MAX: '0',
      CONCURRENT_RUNS: '4',
      RUN_QUEUE_LIMIT: '64',
    },
    true,
  );
}

function report(name: string, r: autocannon.Result): void {
  const l = r.latency as autocannon.Histogram & { p95?: number };
  const p95 = l.p95 ?? l.p97_5;
  console.log(
    `${name.padEnd(46)} ${r.requests.total.toString().padStart(6)} requests  ${r.requests.average.toFixed(1).padStart(8)} req/s  ` +
      `p50 ${l.p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  p99 ${l.p99.toFixed(1)} ms  max ${l.max.toFixed(1)} ms  errors ${r.errors + r.non2xx}`,
  );
}

async function main(): Promise<void> {
  buildIfStale(); // the server runs from dist/
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await start(port);
  try {
    const post = (body: unknown) => fetch(`${url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // warm the workers, then make a stored run to fetch
    await post({ scenarioId: 'baseline', trials: 20_000, seed: 1 });
    const storedText = await (await post({ scenarioId: 'baseline', trials: 10_000 })).text();
    const stored = JSON.parse(storedText) as { id: string };
    console.log(`future-industry-sim API benchmark against ${url} (${SECONDS} s per part)\n`);

    report(
      `GET /api/runs/:id (stored run, ${Math.round(storedText.length / 1024)} KiB)`,
      await autocannon({ url: `${url}/api/runs/${stored.id}`, connections: 8, duration: SECONDS }),
    );

    let seed = 1000;
    for (const connections of [1, 2]) {
      report(
        `POST /api/runs, fresh 10k baseline runs, ${connections} client${connections > 1 ? 's' : ''}`,
        await autocannon({
          url: `${url}/api/runs`,
          method: 'POST',
          connections,
          duration: SECONDS,
          headers: { 'content-type': 'application/json' },
          requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ scenarioId: 'baseline', trials: 10_000, seed: seed++ }) }) }],
        }),
      );
    }

    const heavy = [1, 2, 3, 4].map((k) => post({ scenarioId: 'baseline', trials: 100_000, seed: 5000 + k }));
    await new Promise((r) => setTimeout(r, 300));
    const during = await autocannon({ url: `${url}/api/health`, connections: 4, duration: SECONDS });
    report('GET /api/health during four 100k-trial runs', during);
    const t0 = performance.now();
    const statuses = await Promise.all(heavy.map(async (p) => (await p).status));
    console.log(`  (the four 100k runs answered ${statuses.join(', ')}; finished ${((performance.now() - t0) / 1000).toFixed(1)} s after the health measurement)`);
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
