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

/** A 32-bit hash of (seed, trial): the prefix every stream of one trial starts from. */
export function trialHash(seed: number, trial: number): number {
  return mix32((mix32((seed ^ 0x243f6a88) >>> 0) ^ trial) + 0x9e3779b9);
}

/** A 32-bit hash of (trial hash, key, counter). */
function hash3(trialPrefix: number, key: number, counter: number): number {
  return mix32((mix32((trialPrefix ^ key) + 0x7f4a7c15) ^ counter) + 0x6a09e667);
}

/**
 * A uniform number in (0, 1) with 52 random bits for the parameter `key` of the trial whose
 * prefix is `trialPrefix` (see trialHash): one draw per parameter per trial. Never 0 or 1.
 */
function uniformFrom(trialPrefix: number, key: number): number {
  // two different hashes of the 64-bit pair (trial prefix, key), so the 52 bits are not all
  // functions of one 32-bit intermediate
  const hi = mix32(mix32((trialPrefix ^ 0x5bd1e995) >>> 0) ^ key);
  const lo = mix32(mix32((trialPrefix ^ 0x1b873593) >>> 0) + Math.imul(key, 0x9e3779b1));
  return (hi * 1048576 + (lo >>> 12) + 0.5) / 4503599627370496;
}

/** A uniform number in (0, 1) from (seed, trial, key); the same as uniformFrom(trialHash(seed, trial), key). */
export function uniformAt(seed: number, trial: number, key: number): number {
  return uniformFrom(trialHash(seed, trial), key);
}

/** xoshiro128** state: four 32-bit words. */
export type RngState = Int32Array;

/** Fresh xoshiro128** state for the stream (seed, trial, key). Never all zero. */
export function seedStream(state: RngState, seed: number, trial: number, key: number): void {
  seedStreamFrom(state, trialHash(seed, trial), key);
}

/** Fresh xoshiro128** state for the stream `key` of the trial whose prefix is `trialPrefix`. */
export function seedStreamFrom(state: RngState, trialPrefix: number, key: number, offset = 0): void {
  state[offset] = hash3(trialPrefix, key, 1) | 0;
  state[offset + 1] = hash3(trialPrefix, key, 2) | 0;
  state[offset + 2] = hash3(trialPrefix, key, 3) | 0;
  state[offset + 3] = hash3(trialPrefix, key, 4) | 1;
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
