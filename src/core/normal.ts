/**
 * Standard normal variates by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method
 * for Generating Random Variables", J. Stat. Softw. 5(8)), 128 layers. The layer index and the
 * magnitude come from different bits of one 32-bit draw (7 + 25 bits), avoiding the dependence
 * Doornik (2005) noted in the original.
 */
import { nextInt32, nextUniform, type RngState } from './rng.ts';

const LAYERS = 128;
const M1 = 16777216; // 2^24: the 25-bit signed magnitude ranges over [-2^24, 2^24)
const R = 3.442619855899; // start of the tail
const kn = new Float64Array(LAYERS);
const wn = new Float64Array(LAYERS);
const fn = new Float64Array(LAYERS);
{
  let dn = R;
  let tn = dn;
  const vn = 9.91256303526217e-3;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * M1;
  kn[1] = 0;
  wn[0] = q / M1;
  wn[LAYERS - 1] = dn / M1;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * M1;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / M1;
  }
}

/** The rare slow path: tail or wedge of a layer. */
function normalSlow(s: RngState, hzIn: number, izIn: number): number {
  let hz = hzIn;
  let iz = izIn;
  for (;;) {
    const x = hz * wn[iz];
    if (iz === 0) {
      let xt: number;
      let yt: number;
      do {
        xt = -Math.log(nextUniform(s)) / R;
        yt = -Math.log(nextUniform(s));
      } while (yt + yt < xt * xt);
      return hz > 0 ? R + xt : -R - xt;
    }
    if (fn[iz] + nextUniform(s) * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
    const j = nextInt32(s);
    iz = j & 127;
    hz = j >> 7;
    if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
  }
}

/** A standard normal variate from the stream `s`. */
export function nextNormal(s: RngState): number {
  const j = nextInt32(s);
  const iz = j & 127;
  const hz = j >> 7;
  if (Math.abs(hz) < kn[iz]) return hz * wn[iz];
  return normalSlow(s, hz, iz);
}

/**
 * Fills out[0..count) with standard normals from the xoshiro128** state stored at
 * state[offset..offset+3] (one trial's noise stream), keeping the state in locals and storing
 * it back: the same numbers as `count` calls of nextNormal on that state.
 */
export function fillNormals(state: Int32Array, offset: number, out: Float64Array, count: number): void {
  let s0 = state[offset];
  let s1 = state[offset + 1];
  let s2 = state[offset + 2];
  let s3 = state[offset + 3];
  for (let k = 0; k < count; k++) {
    const m = Math.imul(s1, 5);
    const j = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const iz = j & 127;
    const hz = j >> 7;
    if (Math.abs(hz) < kn[iz]) {
      out[k] = hz * wn[iz];
      continue;
    }
    scratch[0] = s0;
    scratch[1] = s1;
    scratch[2] = s2;
    scratch[3] = s3;
    out[k] = normalSlow(scratch, hz, iz);
    s0 = scratch[0];
    s1 = scratch[1];
    s2 = scratch[2];
    s3 = scratch[3];
  }
  state[offset] = s0;
  state[offset + 1] = s1;
  state[offset + 2] = s2;
  state[offset + 3] = s3;
}

const scratch = new Int32Array(4);
