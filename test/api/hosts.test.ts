/** Who may talk to the server: the Host allow-list (DNS rebinding) and the proxies whose X-Forwarded-For is believed. */
import { afterAll, describe, expect, it } from 'vitest';
import { hostFilter } from '../../src/api/app.ts';
import { configFromEnv } from '../../src/api/config.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { json, testApp } from './helpers.ts';

const pool = new WorkerPool(1);
afterAll(() => pool.close());

describe('the Host allow-list', () => {
  it('answers loopback names on any port and HOST itself; refuses other names', () => {
    const ok = hostFilter({ host: '127.0.0.1', allowedHosts: [] });
    for (const h of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST', '127.0.0.1']) expect(ok(h), h).toBe(true);
    for (const h of ['evil.example:3000', 'evil.example', '127.0.0.1.evil.example:3000', '', undefined]) expect(ok(h), String(h)).toBe(false);
  });

  it('adds ALLOWED_HOSTS (a name on any port, name:port on that port), "*" allows any; a wildcard HOST adds nothing', () => {
    const ok = hostFilter({ host: '0.0.0.0', allowedHosts: ['sim.example.org', 'intranet:8080'] });
    expect(ok('sim.example.org:3000')).toBe(true);
    expect(ok('intranet:8080')).toBe(true);
    expect(ok('intranet:9090')).toBe(false);
    expect(ok('0.0.0.0:3000')).toBe(false);
    expect(hostFilter({ host: '0.0.0.0', allowedHosts: ['*'] })('anything:1')).toBe(true);
    expect(hostFilter({ host: 'sim.internal', allowedHosts: [] })('sim.internal:3000')).toBe(true);
  });

  it('gives a request addressed to another host 421 with the fix, before any route runs', async () => {
    const app = await testApp(pool);
    try {
      const res = await app.inject({ method: 'GET', url: '/api/health', headers: { host: 'attacker.example:3000' } });
      expect(res.statusCode).toBe(421);
      expect(json(res).message).toMatch(/does not answer for host "attacker.example:3000".*ALLOWED_HOSTS/);
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const allowed = await testApp(pool, { allowedHosts: ['attacker.example'] });
      expect((await allowed.inject({ method: 'GET', url: '/api/health', headers: { host: 'attacker.example:3000' } })).statusCode).toBe(200);
      await allowed.close();
    } finally {
      await app.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  it('takes proxy addresses or ranges; refuses true, which would believe any client', () => {
    expect(configFromEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(configFromEnv({}).trustProxy).toEqual([]);
    expect(configFromEnv({ TRUST_PROXY: 'false' }).trustProxy).toEqual([]);
    expect(() => configFromEnv({ TRUST_PROXY: 'true' })).toThrow(/list the proxy addresses instead/);
    expect(() => configFromEnv({ TRUST_PROXY: 'proxy.local' })).toThrow(/IP addresses or CIDR ranges/);
  });

  it('believes X-Forwarded-For only from a listed proxy: rate limits see the client behind it', async () => {
    const from = (app: Awaited<ReturnType<typeof testApp>>, client: string, remoteAddress: string) =>
      app.inject({ method: 'GET', url: '/api/scenarios', headers: { 'x-forwarded-for': client }, remoteAddress });
    const plain = await testApp(pool, { rateLimitMax: 1 });
    const behind = await testApp(pool, { rateLimitMax: 1, trustProxy: ['127.0.0.1'] });
    try {
      // not trusted: both requests come from 127.0.0.1, the second is over the limit whatever the header says
      expect((await from(plain, '203.0.113.1', '127.0.0.1')).statusCode).toBe(200);
      expect((await from(plain, '203.0.113.2', '127.0.0.1')).statusCode).toBe(429);
      // trusted proxy: two clients behind it, each within its own limit
      expect((await from(behind, '203.0.113.1', '127.0.0.1')).statusCode).toBe(200);
      expect((await from(behind, '203.0.113.2', '127.0.0.1')).statusCode).toBe(200);
      // the same header from an address that is not a listed proxy is not believed
      expect((await from(behind, '203.0.113.3', '198.51.100.7')).statusCode).toBe(200);
      expect((await from(behind, '203.0.113.4', '198.51.100.7')).statusCode).toBe(429);
    } finally {
      await plain.close();
      await behind.close();
    }
  });
});
