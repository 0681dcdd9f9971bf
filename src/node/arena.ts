/**
 * Reuses a run's large buffers in later runs: fresh memory costs a page fault per 4 KiB on first
 * touch, a good part of a small run's time (a 10k-trial run of the baseline touches ~60 MB). Holds
 * at most `maxBytes` of idle buffers. Buffers handed out may hold old values: the kernel writes
 * every slot before it reads it (and the run clears its reached flags).
 */
import type { Allocator } from '../core/kernel/state.ts';

export class BufferArena {
  private readonly free = new Map<number, ArrayBufferLike[]>();
  private idleBytes = 0;

  constructor(
    private readonly shared: boolean,
    private readonly maxBytes = 512 * 1024 * 1024,
  ) {}

  private take(bytes: number): ArrayBufferLike {
    const size = Math.max(8, Math.ceil(bytes / 8) * 8);
    const reused = this.free.get(size)?.pop();
    if (reused) {
      this.idleBytes -= size;
      return reused;
    }
    return this.shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
  }

  /** An allocator for one run; `release` gives back everything it handed out. */
  lease(): { readonly alloc: Allocator; release(): void } {
    const taken: ArrayBufferLike[] = [];
    const take = (bytes: number) => {
      const b = this.take(bytes);
      taken.push(b);
      return b;
    };
    return {
      alloc: { f64: (n) => new Float64Array(take(n * 8), 0, n), i32: (n) => new Int32Array(take(n * 4), 0, n) },
      release: () => {
        for (const b of taken.splice(0)) {
          if (this.idleBytes + b.byteLength > this.maxBytes) continue;
          const list = this.free.get(b.byteLength) ?? [];
          list.push(b);
          this.free.set(b.byteLength, list);
          this.idleBytes += b.byteLength;
        }
      },
    };
  }
}
