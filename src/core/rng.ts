/**
 * Seeded random numbers. Every trial owns its streams, derived from (seed, trial, key), so a
 * trial's draws do not depend on how trials are split across chunks or worker threads.
 */

/** murmur3's 32-bit finalizer: a bijective avalanche mix of a 32-bit integer. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a string, mixed: the key of a parameter or stream, e.g. `fields.quantum.base`. */
export function hashKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A 32-bit hash of (seed, trial, key, counter). */
export function hash4(seed: number, trial: number, key: number, counter: number): number {
  let h = mix32((seed ^ 0x243f6a88) >>> 0);
  h = mix32((h ^ trial) + 0x9e3779b9);
  h = mix32((h ^ key) + 0x7f4a7c15);
  return mix32((h ^ counter) + 0x6a09e667);
}

/** A uniform number in (0, 1) with 53 random bits, from (seed, trial, key): one draw per parameter per trial. */
export function uniformAt(seed: number, trial: number, key: number): number {
  const hi = hash4(seed, trial, key, 0x5bd1e995);
  const lo = hash4(seed, trial, key, 0x1b873593);
  return (hi * 2097152 + (lo >>> 11) + 0.5) / 9007199254740992;
}

/** xoshiro128** state: four 32-bit words. */
export type RngState = Int32Array;

/** Fresh xoshiro128** state for the stream (seed, trial, key). Never all zero. */
export function seedStream(state: RngState, seed: number, trial: number, key: number): void {
  state[0] = hash4(seed, trial, key, 1) | 0;
  state[1] = hash4(seed, trial, key, 2) | 0;
  state[2] = hash4(seed, trial, key, 3) | 0;
  state[3] = hash4(seed, trial, key, 4) | 1;
}

/** Next 32 bits of xoshiro128** (Blackman & Vigna 2018), as a signed 32-bit integer. */
export function nextInt32(s: RngState): number {
  const s0 = s[0];
  const s1 = s[1];
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9);
  const t = s1 << 9;
  const s2 = s[2] ^ s0;
  const s3 = s[3] ^ s1;
  s[1] = s1 ^ s2;
  s[0] = s0 ^ s3;
  s[2] = s2 ^ t;
  s[3] = (s3 << 11) | (s3 >>> 21);
  return result;
}

/** A uniform number in (0, 1) with 32 random bits. */
export function nextUniform(s: RngState): number {
  return ((nextInt32(s) >>> 0) + 0.5) / 4294967296;
}
