/**
 * The server's configuration from the environment: each variable read against its setting's
 * schema, numbers from their text, and a bad value named with what was given and what is valid;
 * the server refuses to start with one.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, DEFAULTS } from '../../src/api/config.ts';
import { MAX_TRIALS } from '../../src/core/limits.ts';

const problems = (env: Record<string, string>) => {
  try {
    configFromEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
  }
  return expect.fail('no error');
};

describe('configFromEnv', () => {
  it('reads numbers, lists and words, and keeps the defaults for what is unset or empty', () => {
    const config = configFromEnv({
      PORT: '8123',
      WORKERS: '3',
      MAX_TRIALS: String(MAX_TRIALS),
      CORS_ORIGIN: 'http://a.example, http://b.example',
      ALLOWED_HOSTS: 'Sim.Local',
      LOG_LEVEL: 'warn',
      HOST: '',
      ADMIN_TOKEN: 's3cret',
    });
    expect(config).toEqual({
      ...DEFAULTS,
      port: 8123,
      workers: 3,
      maxTrials: MAX_TRIALS,
      corsOrigin: ['http://a.example', 'http://b.example'],
      allowedHosts: ['sim.local'],
      logLevel: 'warn',
      adminToken: 's3cret',
    });
    expect(configFromEnv({})).toEqual(DEFAULTS);
  });

  it("reads the analyses' time budget, ANALYSIS_TIMEOUT_MS (two minutes unless set)", () => {
    expect(DEFAULTS.analysisTimeoutMs).toBe(120_000);
    expect(configFromEnv({ ANALYSIS_TIMEOUT_MS: '300000' }).analysisTimeoutMs).toBe(300_000);
    expect(problems({ ANALYSIS_TIMEOUT_MS: '50' })).toEqual([{ path: 'ANALYSIS_TIMEOUT_MS', code: 'range', message: 'got "50"; use a whole number from 100 to 3600000' }]);
  });

  it('names each bad variable, what was given and what is valid, all at once', () => {
    expect(problems({ PORT: 'abc', JOB_TIMEOUT_MS: '5', LOG_LEVEL: 'loud', MAX_TRIALS: String(MAX_TRIALS + 1) })).toEqual([
      { path: 'PORT', code: 'type', message: 'got "abc"; use a whole number from 0 to 65535' },
      { path: 'MAX_TRIALS', code: 'range', message: `got "${MAX_TRIALS + 1}"; use a whole number from 1 to ${MAX_TRIALS}` },
      { path: 'JOB_TIMEOUT_MS', code: 'range', message: 'got "5"; use a whole number from 10 to 600000' },
      { path: 'LOG_LEVEL', code: 'one-of', message: 'got "loud"; use one of fatal, error, warn, info, debug, trace, silent' },
    ]);
  });

  it('takes whole decimal numbers only: no hex, exponent, fraction or spaces', () => {
    for (const text of ['0x10', '1e3', '80.5', ' 80', '+80'])
      expect(
        problems({ PORT: text }).map((p) => p.path),
        text,
      ).toEqual(['PORT']);
  });

  it('names the bad item of a list', () => {
    expect(problems({ TRUST_PROXY: '10.0.0.1,proxy.local' })).toEqual([
      {
        path: 'TRUST_PROXY',
        code: 'pattern',
        message: 'got "proxy.local" in "10.0.0.1,proxy.local"; use a comma-separated list of IP addresses or CIDR ranges of your proxies',
      },
    ]);
  });
});

describe('the server', () => {
  it('refuses to start with a bad value, naming the variable', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', HOST: '127.0.0.1', DATABASE_PATH: ':memory:' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('future-industry-sim: invalid configuration:\n  PORT: got "eighty"; use a whole number from 0 to 65535\n');
  }, 90_000);
});
