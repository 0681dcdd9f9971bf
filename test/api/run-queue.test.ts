import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/api/errors.ts';
import { RunQueue } from '../../src/api/run-queue.ts';

/** A job that runs until `finish` is called, recording that it started. */
function job(started: string[], name: string) {
  let finish: (value: string) => void = () => {};
  let fail: (err: Error) => void = () => {};
  const promise = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    run: () => {
      started.push(name);
      return promise;
    },
    finish: () => finish(name),
    fail: (err: Error) => fail(err),
  };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));
const never = new AbortController().signal;

describe('RunQueue', () => {
  it('runs at most concurrentRuns jobs at once and starts the next as one ends (or fails)', async () => {
    const queue = new RunQueue(2, 8);
    const started: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((n) => job(started, n));
    const results = jobs.map((j) => queue.run(j.run, 100, 'x', never));
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect([queue.active, queue.size]).toEqual([2, 2]);
    jobs[1].fail(new Error('b failed'));
    await expect(results[1]).rejects.toThrow('b failed');
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    jobs[0].finish();
    await expect(results[0]).resolves.toBe('a');
    await tick();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    jobs[2].finish();
    jobs[3].finish();
    await expect(Promise.all(results.slice(2))).resolves.toEqual(['c', 'd']);
    expect([queue.active, queue.size]).toEqual([0, 0]);
  });

  it('answers a run that would wait in a full queue, or past half of it for one client, with 503 and Retry-After', async () => {
    const queue = new RunQueue(1, 4);
    const started: string[] = [];
    const running = job(started, 'running');
    void queue.run(running.run, 10_000, 'a', never);
    const waiting = [job(started, 'a1'), job(started, 'a2'), job(started, 'b1'), job(started, 'b2')];
    const results = [queue.run(waiting[0].run, 10_000, 'a', never), queue.run(waiting[1].run, 10_000, 'a', never)];
    const mine = await queue.run(job(started, 'a3').run, 10_000, 'a', never).catch((err: HttpError) => err);
    expect(mine).toBeInstanceOf(HttpError);
    expect(mine).toMatchObject({ statusCode: 503, message: expect.stringMatching(/you have 2 runs waiting, the most one client may \(half the queue of 4\)/) });
    results.push(queue.run(waiting[2].run, 10_000, 'b', never), queue.run(waiting[3].run, 10_000, 'b', never));
    const full = await queue.run(job(started, 'c1').run, 10_000, 'c', never).catch((err: HttpError) => err);
    expect(full).toMatchObject({ statusCode: 503, message: expect.stringMatching(/1 runs executing and 4 waiting; retry in about \d+ s/) });
    // before any run has finished, 10k trials ≈ 0.1 s: four waiting and half of one executing ahead, then its own
    expect((full as HttpError).headers).toEqual({ 'retry-after': String(Math.ceil((4.5 * 10_000 * 0.01 + 10_000 * 0.01) / 1000)) });
    for (const j of [running, ...waiting]) j.finish();
    await Promise.all(results);
  });

  it('gives a freed slot to the client served least recently, first come first served within a client', async () => {
    const queue = new RunQueue(1, 16);
    const started: string[] = [];
    const names = ['a0', 'a1', 'a2', 'a3', 'b1', 'c1', 'b2'];
    const jobs = names.map((n) => job(started, n));
    const results = jobs.map((j, k) => queue.run(j.run, 100, names[k][0], never));
    for (const j of jobs) {
      await tick();
      j.finish();
    }
    await Promise.all(results);
    // a0 starts at once; then b and c (never served) before a again, b1 before b2
    expect(started).toEqual(['a0', 'b1', 'c1', 'a1', 'b2', 'a2', 'a3']);
  });

  it('takes a waiting run out at once when its drop signal aborts (its place is free for another), and counts it', async () => {
    const queue = new RunQueue(1, 2);
    const started: string[] = [];
    const running = job(started, 'running');
    const first = queue.run(running.run, 100, 'a', never);
    const drop = new AbortController();
    const dropped = queue.run(job(started, 'dropped').run, 100, 'b', drop.signal);
    const kept = job(started, 'kept');
    const keptResult = queue.run(kept.run, 100, 'c', never);
    const reason = new Error('client gone');
    drop.abort(reason);
    await expect(dropped).rejects.toBe(reason);
    expect([queue.size, queue.dropped]).toEqual([1, 1]);
    const another = job(started, 'another');
    const anotherResult = queue.run(another.run, 100, 'd', never); // fits: the dropped run's place is free
    running.finish();
    await first;
    await tick();
    kept.finish();
    await keptResult;
    await tick();
    another.finish();
    await anotherResult;
    expect(started).toEqual(['running', 'kept', 'another']);
    await expect(queue.run(job(started, 'late').run, 100, 'e', AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('leaves an executing run to its job when the drop signal aborts: the slot is freed when the job ends', async () => {
    const queue = new RunQueue(1, 4);
    const started: string[] = [];
    const drop = new AbortController();
    const running = job(started, 'running');
    const result = queue.run(running.run, 100, 'a', drop.signal);
    const next = job(started, 'next');
    const nextResult = queue.run(next.run, 100, 'b', never);
    await tick();
    drop.abort(new Error('gone'));
    await tick();
    expect([queue.active, started]).toEqual([1, ['running']]);
    running.fail(new Error('stopped'));
    await expect(result).rejects.toThrow('stopped');
    await tick();
    expect(started).toEqual(['running', 'next']);
    next.finish();
    await nextResult;
    expect(queue.dropped).toBe(0);
  });
});
