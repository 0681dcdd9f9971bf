/** A request answered from the store is not validated and compiled again (a big valid scenario costs ~0.6 s a compile). */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { compileScenario } from '../../src/core/compile.ts';
import { WorkerPool } from '../../src/node/pool.ts';
import { testApp, tinyScenario } from './helpers.ts';

vi.mock('../../src/core/compile.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/compile.ts')>();
  return { ...real, compileScenario: vi.fn(real.compileScenario) };
});

const pool = new WorkerPool(1);
afterAll(() => pool.close());

describe('a stored run', () => {
  it('is answered without compiling its scenario again', async () => {
    const app = await testApp(pool);
    try {
      const body = { scenario: tinyScenario(), trials: 300, seed: 5 };
      const first = await app.inject({ method: 'POST', url: '/api/runs', payload: body });
      expect(first.headers['x-run-cache']).toBe('miss');
      const compiles = vi.mocked(compileScenario).mock.calls.length;
      const again = await app.inject({ method: 'POST', url: '/api/runs', payload: body });
      expect(again.headers['x-run-cache']).toBe('hit');
      expect(again.body).toBe(first.body);
      expect(vi.mocked(compileScenario).mock.calls.length).toBe(compiles);
    } finally {
      await app.close();
    }
  });
});
