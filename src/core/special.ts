/** Special functions used by the distributions. */

const P_LOW = 0.02425;

/** Acklam's tail rational in q = √(−2 ln p) (coefficients written out: the JIT keeps them in registers). */
function probitTail(q: number): number {
  return (
    (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
    ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
  );
}

/**
 * The standard normal quantile Φ⁻¹(p) for p in (0, 1), by Acklam's rational approximation
 * (relative error below 1.2e-9). Example: `probit(0.95)` ≈ 1.6448536.
 */
export function probit(p: number): number {
  if (p < P_LOW) return probitTail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -probitTail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1)
  );
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
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
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

/** The density found by the last `cdfWithDensity` call. */
let lastDensity = 0;

/** I_x(a, b) with ln B(a, b)⁻¹ given (`lnNorm` = ln Γ(a+b) − ln Γ(a) − ln Γ(b)); leaves the density at x in `lastDensity`. */
function cdfWithDensity(x: number, a: number, b: number, lnNorm: number): number {
  const lx = Math.log(x);
  const l1x = Math.log1p(-x);
  const front = Math.exp(lnNorm + a * lx + b * l1x);
  lastDensity = Math.exp(lnNorm + (a - 1) * lx + (b - 1) * l1x);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * x with I_x(a, b) = u, by Newton steps on the exact CDF kept inside a shrinking bracket
 * (bisection when a step leaves it), starting from `guess`. Absolute error about 1e-15.
 */
export function betaInverse(u: number, a: number, b: number, guess = 0.5, lnNorm = lgamma(a + b) - lgamma(a) - lgamma(b)): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  let lo = 0;
  let hi = 1;
  let x = guess > 0 && guess < 1 ? guess : 0.5;
  for (let it = 0; it < 200; it++) {
    const f = cdfWithDensity(x, a, b, lnNorm) - u;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = lastDensity;
    let next = density > 0 && Number.isFinite(density) ? x - f / density : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-16 * Math.max(x, 1e-300) || hi - lo <= 1e-16 * hi) return next;
    x = next;
  }
  return x;
}

/**
 * The quantile function of Beta(a, b) for a, b ≥ 1 with no iteration per draw: x as a function
 * of z = Φ⁻¹(u) is smooth, so it is tabulated once per (a, b) on a grid of z (exact inversion at
 * the nodes, exact slopes φ(z)/density) and read by cubic Hermite interpolation (zTable).
 * Memoized per (a, b).
 */
export function betaQuantile(a: number, b: number): (u: number) => number {
  const key = `${a},${b}`;
  let q = quantileCache.get(key);
  if (!q) {
    const table = betaZTable(a, b);
    q = (u) => (u <= 0 ? 0 : u >= 1 ? 1 : zTableAt(table, probit(u)));
    if (quantileCache.size > 4096) quantileCache.clear();
    quantileCache.set(key, q);
  }
  return q;
}

const quantileCache = new Map<string, (u: number) => number>();

const zTableCache = new Map<string, Float64Array>();

/** The z-table of Beta(a, b) (see zTable), memoized per (a, b). */
export function betaZTable(a: number, b: number): Float64Array {
  const key = `${a},${b}`;
  let table = zTableCache.get(key);
  if (!table) {
    const lnNorm = lgamma(a + b) - lgamma(a) - lgamma(b);
    // nodes in increasing z: each starts from the last one moved along its slope
    let guess = 0.5;
    let slope = 0;
    let previousZ = Number.NaN;
    table = zTable(
      (z) => {
        const start = Number.isNaN(previousZ) ? guess : guess + slope * (z - previousZ);
        guess = betaInverse(normalCdf(z), a, b, start > 0 && start < 1 ? start : guess, lnNorm);
        slope = Math.exp(-0.5 * z * z - LOG_SQRT_2PI) / lastDensity;
        if (!Number.isFinite(slope)) slope = 0;
        previousZ = z;
        return guess;
      },
      (z, x) => Math.exp(-0.5 * z * z - LOG_SQRT_2PI - (lnNorm + (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x))),
    );
    if (zTableCache.size > 4096) zTableCache.clear();
    zTableCache.set(key, table);
  }
  return table;
}

/** Half-width of a z-table's grid: Φ(−8.5) ≈ 1e-17, below any 52-bit uniform. */
const Z_TABLE_RANGE = 8.5;
/** Intervals of a z-table's grid. */
export const Z_TABLE_INTERVALS = 512;
const Z_STEP = (2 * Z_TABLE_RANGE) / Z_TABLE_INTERVALS;
const Z_INV_STEP = 1 / Z_STEP;

/**
 * A monotone function of z tabulated for interpolation: values x(z_j) at z_j = −8.5 + j·h and
 * slopes dx/dz (limited as Fritsch & Carlson 1980 do, so the cubic stays monotone), stored as
 * four Horner coefficients per interval. `xAt` is called with increasing z.
 */
export function zTable(xAt: (z: number) => number, slopeAt: (z: number, x: number) => number): Float64Array {
  const n = Z_TABLE_INTERVALS;
  const xs = new Float64Array(n + 1);
  const ms = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) xs[j] = xAt(-Z_TABLE_RANGE + j * Z_STEP);
  for (let j = 0; j <= n; j++) {
    const slope = slopeAt(-Z_TABLE_RANGE + j * Z_STEP, xs[j]) * Z_STEP;
    const left = j > 0 ? xs[j] - xs[j - 1] : Infinity;
    const right = j < n ? xs[j + 1] - xs[j] : Infinity;
    const secant = Math.min(left, right);
    ms[j] = Number.isFinite(slope) && slope >= 0 ? Math.min(slope, 3 * secant) : Number.isFinite(secant) ? secant : 0;
  }
  const table = new Float64Array(4 * n + 2);
  for (let j = 0; j < n; j++) {
    const x0 = xs[j];
    const x1 = xs[j + 1];
    const m0 = ms[j];
    const m1 = ms[j + 1];
    table[4 * j] = x0;
    table[4 * j + 1] = m0;
    table[4 * j + 2] = 3 * (x1 - x0) - 2 * m0 - m1;
    table[4 * j + 3] = 2 * (x0 - x1) + m0 + m1;
  }
  table[4 * n] = xs[0];
  table[4 * n + 1] = xs[n];
  return table;
}

/** Reads a z-table at z (clamped to the grid's ends). */
export function zTableAt(table: Float64Array, z: number): number {
  const t = (z + Z_TABLE_RANGE) * Z_INV_STEP;
  if (!(t > 0)) return table[4 * Z_TABLE_INTERVALS];
  const j = t | 0;
  if (j >= Z_TABLE_INTERVALS) return table[4 * Z_TABLE_INTERVALS + 1];
  const s = t - j;
  const k = 4 * j;
  return table[k] + s * (table[k + 1] + s * (table[k + 2] + s * table[k + 3]));
}
