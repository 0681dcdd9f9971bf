/**
 * Reuses a run's large buffers in later runs: fresh memory costs a page fault per 4 KiB on first
 * touch, a good part of a small run's time (a 10k-trial run of the baseline touches ~60 MB). Holds
 * at most `maxBytes` of idle buffers, and fewer while a run allocates: idle buffers it cannot
 * reuse go first (a buffer is reused for a request of half its size or more). Buffers handed out
 * may be longer than asked and hold old values: views take the length asked, and the kernel
 * writes every slot before it reads it (and the run clears its reached flags).
 */
import type { Allocator } from '../core/kernel/state.ts';

export class BufferArena {
  private readonly free = new Map<number, ArrayBufferLike[]>();
  private idleBytes = 0;

  /** Bytes of idle buffers held for later runs. */
  get idle(): number {
    return this.idleBytes;
  }

  constructor(
    private readonly shared: boolean,
    private readonly maxBytes = 512 * 1024 * 1024,
  ) {}

  /** The smallest idle buffer of at least `size` bytes and at most twice that (undefined: none), taken out of the idle ones. */
  private reuse(size: number): ArrayBufferLike | undefined {
    let best = Infinity;
    for (const [length, list] of this.free) if (list.length > 0 && length >= size && length <= 2 * size && length < best) best = length;
    if (best === Infinity) return undefined;
    this.idleBytes -= best;
    return (this.free.get(best) as ArrayBufferLike[]).pop();
  }

  /**
   * Forgets the largest idle buffers until `size` more bytes fit beside the rest within maxBytes,
   * so idle buffers of other sizes never sit beside a new run's (the garbage collector frees them).
   */
  private evictFor(size: number): void {
    const lengths = [...this.free.keys()].sort((a, b) => b - a);
    for (const length of lengths) {
      const list = this.free.get(length) as ArrayBufferLike[];
      while (list.length > 0 && this.idleBytes + size > this.maxBytes) {
        list.pop();
        this.idleBytes -= length;
      }
      if (list.length === 0) this.free.delete(length);
    }
  }

  private take(bytes: number, prefault: boolean): ArrayBufferLike {
    const size = Math.max(8, Math.ceil(bytes / 8) * 8);
    const reused = this.reuse(size);
    if (reused) return reused;
    this.evictFor(size);
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
