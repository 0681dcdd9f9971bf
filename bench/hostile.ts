/**
 * `npm run bench:hostile`: the security review's findings sent to a real server (a child process
 * on 127.0.0.1, throwaway database, no rate limit), one at a time: each request's status, time
 * and body size, and the latency of `GET /api/health` polled every 20 ms while it is answered.
 * Bounded: one request per finding, each stopped after 60 s.
 */
import { readFileSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '../scripts/build-if-stale.ts';
import { freePort, startServerProcess } from '../src/node/server-process.ts';
import { parseScenario } from '../src/schema/parse.ts';
import { bigScenario } from '../test/api/helpers.ts';

const tiny = parseScenario(readFileSync(new URL('../test/fixtures/tiny.yaml', import.meta.url), 'utf8'));
const field = tiny.clusters[0].fields[0];
const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const json = (body: unknown) => ({ body: JSON.stringify(body), type: 'application/json' });

/** The findings: a name and the request (method, path, body). */
const findings: { name: string; path: string; method?: string; body?: { body: string; type: string } }[] = [
  {
    name: '3,000 fields',
    path: '/api/runs',
    body: json({ scenario: { ...tiny, clusters: [{ ...tiny.clusters[0], fields: Array.from({ length: 3000 }, (_, i) => ({ ...field, id: `f${i}` })) }] } }),
  },
  {
    name: 'an event scope of 20,000 unknown entries',
    path: '/api/runs',
    body: json({
      scenario: {
        ...tiny,
        events: [{ id: 'e', scope: Array.from({ length: 20_000 }, (_, i) => `nope${i}`), years: { from: 2025, to: 2026 }, probabilityPerYear: 0.1, impact: -0.1 }],
      },
    }),
  },
  {
    name: '150,000 unknown scope entries',
    path: '/api/runs',
    body: json({
      scenario: {
        ...tiny,
        events: [{ id: 'e', scope: Array.from({ length: 150_000 }, (_, i) => `nope${i}`), years: { from: 2025, to: 2026 }, probabilityPerYear: 0.1, impact: -0.1 }],
      },
    }),
  },
  {
    name: '100,000 unknown keys',
    path: '/api/runs',
    body: json({ scenario: { ...tiny, ...Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1])) } }),
  },
  {
    name: 'a value 5,000 deep under dist',
    path: '/api/runs',
    body: {
      body: JSON.stringify({
        scenario: { ...tiny, clusters: [{ ...tiny.clusters[0], fields: [{ ...field, base: { dist: 'normal', mean: '__deep__', sd: 1 } }] }] },
      }).replace('"__deep__"', nested(5000)),
      type: 'application/json',
    },
  },
  {
    name: 'a 900 KB expression',
    path: '/api/runs',
    body: json({ scenario: { ...tiny, clusters: [{ ...tiny.clusters[0], fields: [{ ...field, base: `1${' + year'.repeat(128_000)}` }] }] } }),
  },
  {
    name: 'a YAML alias bomb (9 levels)',
    path: '/api/scenarios',
    body: {
      body: [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from(
          { length: 9 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
              .fill(`*${String.fromCharCode(97 + i)}`)
              .join(', ')}]`,
        ),
      ].join('\n'),
      type: 'application/yaml',
    },
  },
  { name: '1,000,000 trials over the memory budget (MEMORY_BUDGET_MB=64)', path: '/api/runs', body: json({ scenarioId: 'baseline', trials: 1_000_000 }) },
  { name: 'a request addressed to another host', path: '/api/health', method: 'GET' },
  { name: 'a valid 530 KB scenario (100 fields, 1,100 expressions)', path: '/api/runs', body: json({ scenario: bigScenario(), trials: 1000 }) },
  {
    name: 'a 1800×1200 image at scale 2, every override captioned',
    path: '/api/runs/{baseline-all-overrides}/charts/clusters.png?width=1800&height=1200&scale=2',
    method: 'GET',
  },
];

/** The baseline with every override set (levers, growth shifts, volatility, events off): the longest caption a bundled run gets. */
const ALL_OVERRIDES = {
  scenarioId: 'baseline',
  trials: 2000,
  overrides: {
    leverDelivery: { 'high-tech-enterprises': 0.7, 'innovation-centres': 1.3, 'pioneer-areas': 0.9, 'core-components': 1.2, 'future-industry-fund': 0.5 },
    growthShift: { total: 0.01, health: -0.02, intelligence: 0.03, energy: 0.01, space: -0.01, materials: 0.02 },
    volatilityScale: 1.5,
    events: { 'chip-export-controls': false, 'capital-market-slowdown': false },
  },
};

/** Sends one finding with node:http (fetch would not send another Host header); bounded to 60 s. */
function send(port: number, f: (typeof findings)[number]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = f.body ? { 'content-type': f.body.type, 'content-length': String(Buffer.byteLength(f.body.body)) } : {};
    headers.host = f.name.includes('another host') ? 'attacker.example:3000' : `127.0.0.1:${port}`;
    const req = request({ host: '127.0.0.1', port, path: f.path, method: f.method ?? 'POST', headers, timeout: 60_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 60 s')));
    req.on('error', reject);
    req.end(f.body?.body);
  });
}

async function main(): Promise<void> {
  buildIfStale();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServerProcess(port, {
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'future-sim-hostile-')), 'h.db'),
    RATE_LIMIT_MAX: '0',
    BODY_LIMIT: String(16 * 1024 * 1024),
    MEMORY_BUDGET_MB: '64',
  });
  try {
    console.log(`findings sent to ${base}, one at a time, with GET /api/health every 20 ms meanwhile\n`);
    console.log(`${'request'.padEnd(64)} status      time   body   health p50 / max`);
    // the stored run whose image is asked for
    const made = (await (await fetch(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ALL_OVERRIDES) })).json()) as {
      id: string;
    };
    for (const finding of findings) {
      const f = { ...finding, path: finding.path.replace('{baseline-all-overrides}', made.id) };
      const health: number[] = [];
      let done = false;
      const poll = (async () => {
        while (!done) {
          const t = performance.now();
          await fetch(`${base}/api/health`);
          health.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const started = performance.now();
      const { status, text } = await send(port, f);
      const ms = performance.now() - started;
      done = true;
      await poll;
      health.sort((a, b) => a - b);
      const p50 = health[Math.floor(health.length / 2)] ?? 0;
      console.log(
        `${f.name.padEnd(64)} ${String(status).padEnd(6)} ${ms.toFixed(0).padStart(6)} ms ${(text.length / 1024).toFixed(0).padStart(5)} KB   ${p50.toFixed(1)} / ${(health.at(-1) ?? 0).toFixed(1)} ms`,
      );
    }
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
