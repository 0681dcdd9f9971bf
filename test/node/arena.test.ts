/** The run buffers' arena (arena.ts): reuse across runs, within its idle limit. */
import { describe, expect, it } from 'vitest';
import { BufferArena } from '../../src/node/arena.ts';

const KB = 1024;

describe('BufferArena', () => {
  it('gives a released buffer to the next run that asks for its size, or for half of it or more', () => {
    const arena = new BufferArena(false, 1024 * KB);
    const first = arena.lease();
    const a = first.alloc.f64(1000);
    first.release();
    const second = arena.lease();
    const b = second.alloc.f64(600); // 4.8 KB of an 8 KB buffer
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(600);
    expect(second.alloc.f64(1000).buffer).not.toBe(a.buffer); // the only idle one is taken
    second.release();
    const third = arena.lease();
    const released = new Set([a.buffer]);
    expect(released.has(third.alloc.f64(300).buffer)).toBe(false); // 2.4 KB would waste most of an 8 KB buffer
  });

  it('drops idle buffers it cannot reuse before a run allocates past its limit', () => {
    const arena = new BufferArena(true, 100 * KB);
    const big = arena.lease();
    big.alloc.f64((60 * KB) / 8);
    big.alloc.f64((30 * KB) / 8);
    big.release();
    expect(arena.idle).toBe(90 * KB);
    const other = arena.lease();
    other.alloc.f64((20 * KB) / 8); // the 30 KB buffer serves it
    expect(arena.idle).toBe(60 * KB);
    other.alloc.f64((70 * KB) / 8); // no idle buffer serves 70 KB, and 60 + 70 KB is over the limit: the 60 KB one goes
    expect(arena.idle).toBe(0);
    other.release();
    expect(arena.idle).toBe(100 * KB);
  });
});
