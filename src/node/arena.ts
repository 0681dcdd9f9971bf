/**
 * Reuses large Float64Array buffers between runs: fresh memory costs a page fault per 4 KiB on
 * first touch, which for a 10k-trial run is a good part of the time. Holds at most `maxBytes` of
 * idle buffers. Buffers handed out may hold old values: the kernel overwrites every slot it reads.
 */
export class BufferArena {
  private readonly free = new Map<number, Float64Array[]>();
  private idleBytes = 0;

  constructor(
    private readonly shared: boolean,
    private readonly maxBytes = 512 * 1024 * 1024,
  ) {}

  /** A buffer of `length` doubles (backed by a SharedArrayBuffer when the arena is shared). */
  take(length: number): Float64Array {
    const list = this.free.get(length);
    const reused = list?.pop();
    if (reused) {
      this.idleBytes -= reused.byteLength;
      return reused;
    }
    return this.shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length);
  }

  /** Returns buffers for reuse (dropping them when the arena is full). */
  give(buffers: readonly (Float64Array | undefined)[]): void {
    for (const b of buffers) {
      if (!b || this.idleBytes + b.byteLength > this.maxBytes) continue;
      const list = this.free.get(b.length) ?? [];
      list.push(b);
      this.free.set(b.length, list);
      this.idleBytes += b.byteLength;
    }
  }
}
