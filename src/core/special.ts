/** Special functions used by the distributions. */

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/**
 * The standard normal quantile Φ⁻¹(p) for p in (0, 1), by Acklam's rational approximation
 * (relative error below 1.2e-9). Example: `probit(0.95)` ≈ 1.6448536.
 */
export function probit(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** ln √(2π). */
const LOG_SQRT_2PI = 0.9189385332046728;

/**
 * The standard normal CDF Φ(x): Marsaglia's series Φ(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + …)
 * for |x| < 7 (G. Marsaglia, "Evaluating the Normal Distribution", J. Stat. Softw. 11(4), 2004;
 * absolute error about 1e-15), and the Laplace continued fraction for the far tails.
 */
export function normalCdf(x: number): number {
  if (x > -7 && x < 7) {
    let sum = x;
    let term = x;
    const q = x * x;
    for (let i = 3; i < 400; i += 2) {
      term *= q / i;
      const next = sum + term;
      if (next === sum) break;
      sum = next;
    }
    return 0.5 + sum * Math.exp(-0.5 * q - LOG_SQRT_2PI);
  }
  // tail: Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))), z = |x|
  const z = Math.abs(x);
  let cf = z;
  for (let k = 60; k >= 1; k--) cf = z + k / cf;
  const tail = Math.exp(-0.5 * z * z - LOG_SQRT_2PI) / cf;
  return x < 0 ? tail : 1 - tail;
}

/** z such that a normal's 5th..95th percentiles are mean ∓ Z90·sd: Φ⁻¹(0.95). */
export const Z90 = 1.6448536269514722;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error about 1e-15). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b): the CDF of Beta(a, b) at x. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The density of Beta(a, b) at x. */
export function betaPdf(x: number, a: number, b: number): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return a < 1 ? Infinity : a === 1 ? Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b)) : 0;
  if (x === 1) return b < 1 ? Infinity : b === 1 ? Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b)) : 0;
  return Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x));
}

const GRID = 512;
const tableCache = new Map<string, (u: number) => number>();

/**
 * The quantile function of Beta(a, b) for a, b ≥ 1, from a table of the exact CDF and density
 * on 512 intervals: cubic Hermite interpolation of the CDF, inverted by safeguarded Newton
 * steps (absolute error in x about 1e-6 at worst, in the tails; the two end intervals bisect the exact CDF). Memoized per (a, b).
 */
export function betaQuantile(a: number, b: number): (u: number) => number {
  const key = `${a},${b}`;
  const cached = tableCache.get(key);
  if (cached) return cached;
  const cdf = new Float64Array(GRID + 1);
  const pdf = new Float64Array(GRID + 1);
  for (let j = 0; j <= GRID; j++) {
    const x = j / GRID;
    cdf[j] = betaCdf(x, a, b);
    pdf[j] = betaPdf(x, a, b);
  }
  cdf[0] = 0;
  cdf[GRID] = 1;
  // guide[k]: the last grid point whose CDF is ≤ k / GRID, where the search for u ≥ k / GRID starts
  const guide = new Int32Array(GRID + 1);
  for (let k = 0, j = 0; k <= GRID; k++) {
    while (j < GRID - 1 && cdf[j + 1] <= k / GRID) j++;
    guide[k] = j;
  }
  const h = 1 / GRID;
  const q = (u: number): number => {
    if (u <= 0) return 0;
    if (u >= 1) return 1;
    let lo = guide[(u * GRID) | 0];
    while (lo < GRID - 1 && cdf[lo + 1] <= u) lo++;
    const hi = lo + 1;
    if (lo === 0 || hi === GRID) {
      // endpoint interval: the density may be singular there; bisect the exact CDF
      let a0 = lo * h;
      let a1 = hi * h;
      for (let it = 0; it < 60 && a1 - a0 > 1e-15; it++) {
        const mid = 0.5 * (a0 + a1);
        if (betaCdf(mid, a, b) < u) a0 = mid;
        else a1 = mid;
      }
      return 0.5 * (a0 + a1);
    }
    const f0 = cdf[lo];
    const f1 = cdf[hi];
    const d0 = pdf[lo] * h;
    const d1 = pdf[hi] * h;
    // Hermite cubic H(s) on s in [0, 1]; solve H(s) = u
    let s = f1 > f0 ? (u - f0) / (f1 - f0) : 0.5;
    for (let it = 0; it < 6; it++) {
      const s2 = s * s;
      const s3 = s2 * s;
      const hs = (2 * s3 - 3 * s2 + 1) * f0 + (s3 - 2 * s2 + s) * d0 + (-2 * s3 + 3 * s2) * f1 + (s3 - s2) * d1;
      const dh = (6 * s2 - 6 * s) * f0 + (3 * s2 - 4 * s + 1) * d0 + (-6 * s2 + 6 * s) * f1 + (3 * s2 - 2 * s) * d1;
      if (!(dh > 0)) break;
      const next = s - (hs - u) / dh;
      const clamped = next < 0 ? 0 : next > 1 ? 1 : next;
      if (Math.abs(clamped - s) < 1e-13) {
        s = clamped;
        break;
      }
      s = clamped;
    }
    return (lo + s) * h;
  };
  if (tableCache.size > 512) tableCache.clear();
  tableCache.set(key, q);
  return q;
}
