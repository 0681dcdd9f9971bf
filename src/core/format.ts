/**
 * Numbers written for people: digits grouped in threes with commas and decimals rounded half
 * away from zero on the shortest decimal form of the number, as `toLocaleString('en-US')` writes
 * them, without loading the locale data (the first `toLocaleString` of a process costs ~11 ms
 * of a command's start).
 */

/** Rounds the decimal digits `whole.frac` to `d` decimals, half away from zero. */
function roundDigits(whole: string, frac: string, d: number): [string, string] {
  if (frac.length <= d) return [whole, frac.padEnd(d, '0')];
  const digits = (whole + frac.slice(0, d)).split('').map(Number);
  if (frac.charCodeAt(d) >= 53 /* '5' */) {
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i >= 0) digits[i]++;
    else digits.unshift(1);
  }
  const all = digits.join('');
  return [all.slice(0, all.length - d) || '0', all.slice(all.length - d)];
}

/** `value` with `fractionDigits` decimals and its whole part grouped: `grouped(1234567.891, 1)` → "1,234,567.9". */
export function grouped(value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const text = String(Math.abs(value));
  let whole: string;
  let frac: string;
  if (/e/.test(text)) {
    // ≥ 1e21: a whole number (toFixed would write an exponent); < 1e-6: toFixed rounds it to zeros
    if (Math.abs(value) >= 1) [whole, frac] = [BigInt(Math.abs(value)).toString(), '0'.repeat(fractionDigits)];
    else [whole, frac = ''] = Math.abs(value).toFixed(fractionDigits).split('.');
  } else {
    const [w, f = ''] = text.split('.');
    [whole, frac] = roundDigits(w, f, fractionDigits);
  }
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return sign + whole.replace(/\B(?=(\d{3})+$)/g, ',') + (fractionDigits > 0 ? `.${frac}` : '');
}
