/**
 * The fonts the server draws chart images with, shipped with the project: Noto Sans SC (SIL Open
 * Font License, from the @fontsource-variable/noto-sans-sc package: Latin, Cyrillic and every
 * Chinese character of the font, in 101 WOFF2 slices), registered with the canvas, so Chinese
 * names and captions are drawn on a machine without any CJK font installed. Latin text still
 * prefers DejaVu Sans where the system has it (the page's look).
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

/** The family name the shipped font is registered under. */
const SHIPPED_FAMILY = 'Noto Sans SC';

/** The font list of every chart image: the shipped font before any system CJK font. */
export const FONT_FAMILY = `'DejaVu Sans', '${SHIPPED_FAMILY}', sans-serif`;

let registered = 0;

/** Registers the shipped font's slices once per thread; returns how many there are. */
export function registerShippedFonts(): number {
  if (registered > 0) return registered;
  const dir = join(dirname(createRequire(import.meta.url).resolve('@fontsource-variable/noto-sans-sc/package.json')), 'files');
  for (const file of readdirSync(dir)) {
    if (file.endsWith('-wght-normal.woff2') && GlobalFonts.registerFromPath(join(dir, file), SHIPPED_FAMILY)) registered++;
  }
  if (registered === 0) throw new Error(`no font found in ${dir}: reinstall with npm ci`);
  return registered;
}
