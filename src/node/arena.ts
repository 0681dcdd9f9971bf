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

  private take(bytes: number, prefault: boolean): ArrayBufferLike {
    const size = Math.max(8, Math.ceil(bytes / 8) * 8);
    const reused = this.free.get(size)?.pop();
    if (reused) {
      this.idleBytes -= size;
      return reused;
    }
    if (!this.shared) return new ArrayBuffer(size);
    const buffer = new SharedArrayBuffer(size);
    if (!prefault) return buffer;
    // Shared memory is mapped shared (shmem): page faults taken by several worker threads at once
    // serialize in the kernel and made a million-trial run on two workers twice as slow as on
    // one. Touching each page once here, in one thread, costs ~0.3 ms per MB instead.
    const page = new Uint8Array(buffer);
    for (let i = 0; i < size; i += 4096) page[i] = 0;
    return buffer;
  }

  /**
   * An allocator for one run; `release` gives back everything it handed out. `prefault` touches
   * fresh shared memory before workers write it (worth it for big runs only: see take).
   */
  lease(prefault = false): { readonly alloc: Allocator; release(): void } {
    const taken: ArrayBufferLike[] = [];
    const take = (bytes: number) => {
      const b = this.take(bytes, prefault);
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
