/** Slow jobs off the main thread, one at a time, each within its time budget (job-thread.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/core/errors.ts';
import { JobThread, JobTimeout } from '../../src/node/job-thread.ts';

const SCRIPT = new URL('../fixtures/job-script.ts', import.meta.url);
const threads: JobThread[] = [];
function thread(budgetMs = 20_000): JobThread {
  const t = new JobThread(SCRIPT, 'the test job', budgetMs);
  threads.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

describe('JobThread', () => {
  it('answers jobs in order, one at a time, with their values', async () => {
    const t = thread();
    const answers = await Promise.all([1, 2, 3].map((value) => t.run({ do: 'echo', value: { value } })));
    expect(answers).toEqual([{ value: 1 }, { value: 2 }, { value: 3 }]);
    expect(t.pending).toBe(0);
  });

  it('moves buffers back without copying them into the message', async () => {
    const bytes = await thread().run<Uint8Array>({ do: 'bytes' });
    expect(Array.from(bytes)).toEqual([1, 2, 3]);
  });

  it('keeps a ScenarioError a ScenarioError, with its issues', async () => {
    const err = await thread()
      .run({ do: 'fail' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).issues).toEqual([{ path: 'x', message: 'bad x' }]);
  });

  it('stops a job over its budget with a JobTimeout, and the next job runs on a new thread', async () => {
    const t = thread(300);
    const [spun, after] = await Promise.allSettled([t.run({}), t.run({ do: 'echo', value: 'after' })]);
    expect(spun.status).toBe('rejected');
    const reason = (spun as PromiseRejectedResult).reason as JobTimeout;
    expect(reason).toBeInstanceOf(JobTimeout);
    expect(reason.message).toBe('the test job took longer than 300 ms');
    expect(after).toEqual({ status: 'fulfilled', value: 'after' });
  });

  it('fails the job of a thread that exits, and starts another for the next', async () => {
    const t = thread();
    await expect(t.run({ do: 'crash' })).rejects.toThrow(/exited with code 3/);
    await expect(t.run({ do: 'echo', value: 7 })).resolves.toBe(7);
  });

  it('once closed, fails what waits and refuses new jobs', async () => {
    const t = thread();
    const running = t.run({}).catch((e: unknown) => e);
    const waiting = t.run({ do: 'echo', value: 1 }).catch((e: unknown) => e);
    await t.close();
    expect(String(await running)).toMatch(/closed/);
    expect(String(await waiting)).toMatch(/closed/);
    await expect(t.run({ do: 'echo', value: 2 })).rejects.toThrow(/closed/);
  });
});

describe('JobThread budgets', () => {
  it("count the job, not the thread's start: a quick job succeeds on a thread that takes longer than its budget to load", async () => {
    const t = new JobThread(new URL('../fixtures/slow-start-script.ts', import.meta.url), 'the test job', 150);
    threads.push(t);
    await expect(t.run({ value: 'first' })).resolves.toBe('first');
  });
});

describe('JobThread progress and per-job budgets', () => {
  it("reports a job's progress as its thread posts it, in order, before the answer", async () => {
    const seen: [number, number][] = [];
    const value = await thread().run<number>({ do: 'count', value: 5 }, { onProgress: (done, total) => seen.push([done, total]) });
    expect(value).toBe(5);
    expect(seen).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it("gives a job its own budget in place of the thread's, and the next job the thread's again", async () => {
    const t = thread(300);
    // 600 ms of work: over the thread's 300 ms, within its own 20 s
    await expect(t.run({ do: 'sleep', ms: 600 }, { budgetMs: 20_000 })).resolves.toBe(600);
    const err = await t.run({ do: 'sleep', ms: 600 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobTimeout);
    expect((err as JobTimeout).budgetMs).toBe(300);
    // a budget below the thread's stops the job sooner, and names its own budget
    const short = await thread(20_000)
      .run({}, { budgetMs: 200 })
      .catch((e: unknown) => e);
    expect((short as JobTimeout).message).toBe('the test job took longer than 200 ms');
  });

  it('drops a waiting job whose signal aborts, and stops the running one; the next job runs on a new thread', async () => {
    const t = thread();
    const running = new AbortController();
    const waiting = new AbortController();
    const spin = t.run({}, { signal: running.signal }).catch((e: unknown) => e);
    const queued = t.run({ do: 'echo', value: 'never' }, { signal: waiting.signal }).catch((e: unknown) => e);
    const after = t.run({ do: 'echo', value: 'after' });
    waiting.abort(new Error('gone (waiting)'));
    expect(String(await queued)).toBe('Error: gone (waiting)');
    running.abort(new Error('gone (running)'));
    expect(String(await spin)).toBe('Error: gone (running)');
    await expect(after).resolves.toBe('after');
    expect(t.pending).toBe(0);
    await expect(t.run({ do: 'echo', value: 1 }, { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });
});
