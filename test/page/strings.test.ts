/** One word table per language: the same keys, of the same kinds, in both; every word the HTML names exists. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../public/lib/strings/en.js';
import { zh } from '../../public/lib/strings/zh.js';
import { strings } from '../../public/lib/text.js';

/** The shape of a table: key → 'string', 'function/<arity>' or the shape of a nested table. */
const shape = (table: object): unknown => Object.fromEntries(Object.entries(table).map(([k, v]) => [k, typeof v === 'function' ? `function/${v.length}` : typeof v === 'object' ? shape(v) : typeof v]));

describe('the word tables', () => {
  it('have the same keys, each a string, a function of as many arguments, or a table of the same keys', () => {
    expect(shape(zh)).toEqual(shape(en));
    expect(Object.keys(en).length).toBeGreaterThan(100);
  });

  it('have no empty word, and Chinese words that are not the English ones (but for names and symbols)', () => {
    const same = Object.keys(en).filter((k) => typeof en[k as keyof typeof en] === 'string' && en[k as keyof typeof en] === zh[k as keyof typeof zh]);
    expect(same).toEqual(['source']);
    for (const table of [en, zh]) for (const [k, v] of Object.entries(table)) if (typeof v === 'string') expect(v, k).not.toBe('');
  });

  it('hold every word the page\'s HTML asks for by data-i18n, as text', () => {
    const html = readFileSync(new URL('../../public/index.html', import.meta.url), 'utf8');
    const keys = [...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(30);
    for (const k of keys) {
      expect(typeof en[k as keyof typeof en], k).toBe('string');
      expect(typeof zh[k as keyof typeof zh], k).toBe('string');
    }
  });

  it('are what strings() gives (English for an unknown language)', () => {
    expect(strings('zh')).toBe(zh);
    expect(strings('fr')).toBe(en);
  });
});
