import { describe, expect, it } from 'vitest';
import { grouped } from '../../src/core/format.ts';

describe('grouped', () => {
  it('groups the whole part in threes and rounds half away from zero on the shortest decimal form', () => {
    expect(grouped(1234567.891, 1)).toBe('1,234,567.9');
    expect(grouped(20000)).toBe('20,000');
    expect(grouped(999)).toBe('999');
    expect(grouped(0.15, 1)).toBe('0.2'); // 0.15 is stored just below 0.15; toFixed gives 0.1
    expect(grouped(999.95, 1)).toBe('1,000.0');
    expect(grouped(-1234.56, 1)).toBe('-1,234.6');
    expect(grouped(-0.04, 1)).toBe('-0.0');
    expect(grouped(2.5)).toBe('3'); // whole by default (toLocaleString would keep up to 3 decimals)
    expect(grouped(1e21)).toBe('1,000,000,000,000,000,000,000');
    expect(grouped(Infinity)).toBe('Infinity');
  });

  it('writes what toLocaleString("en-US") writes, for 0, 1 and 2 decimals', () => {
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let i = 0; i < 3000; i++) {
      const v = (next() - 0.3) * 10 ** Math.floor(next() * 9);
      for (const d of [0, 1, 2]) expect(grouped(v, d)).toBe(v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
    }
  });
});
