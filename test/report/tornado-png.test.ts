/** The tornado as a server-rendered PNG: its size, bars and words drawn, taller for its caption and its bars' labels. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { renderChartPng } from '../../src/report/png.ts';
import type { RunManifest } from '../../src/schema/manifest.ts';
import { analysedManifest } from '../page/fixtures.ts';

const run = analysedManifest('a') as unknown as RunManifest;

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** How many pixels of a PNG are of a colour (within 8 per channel), and how many are not white. */
async function pixels(png: Buffer, rgb: [number, number, number]): Promise<{ colour: number; inked: number }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  const data = g.getImageData(0, 0, image.width, image.height).data;
  let colour = 0;
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - rgb[0]) <= 8 && Math.abs(data[i + 1] - rgb[1]) <= 8 && Math.abs(data[i + 2] - rgb[2]) <= 8) colour++;
    if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) inked++;
  }
  return { colour, inked };
}

describe('the tornado PNG', () => {
  it('is drawn at the asked size and scale, with bars of both directions', async () => {
    const png = renderChartPng('tornado', run, undefined, { unit: 'cny', lang: 'en', width: 900, height: 540, scale: 2 });
    expect(pngSize(png)).toEqual({ width: 1800, height: 1080 });
    // the bars: blue for an input that raises the chance, orange for one that lowers it (a solid area each)
    expect((await pixels(png, [0x00, 0x72, 0xb2])).colour).toBeGreaterThan(20_000);
    expect((await pixels(png, [0xd5, 0x5e, 0x00])).colour).toBeGreaterThan(2_000);
  });

  it('of another output, in Chinese, with text drawn', async () => {
    const png = renderChartPng('tornado', run, undefined, { unit: 'yi', lang: 'zh', width: 900, height: 540, scale: 1, output: 'total@2026' });
    expect(pngSize(png)).toEqual({ width: 900, height: 540 });
    const { inked } = await pixels(png, [0, 0, 0]);
    expect(inked).toBeGreaterThan(30_000);
    // the same chart in English is not the same image: the words are drawn
    expect(png.equals(renderChartPng('tornado', run, undefined, { unit: 'yi', lang: 'en', width: 900, height: 540, scale: 1, output: 'total@2026' }))).toBe(false);
  });

  it('grows taller than asked when its bars and caption need the room', () => {
    const png = renderChartPng('tornado', run, undefined, { unit: 'cny', lang: 'en', width: 480, height: 320, scale: 1 });
    expect(pngSize(png).height).toBeGreaterThan(320);
  });

  it('refuses an output the run has not, naming those it has', () => {
    expect(() => renderChartPng('tornado', run, undefined, { unit: 'cny', lang: 'en', width: 900, height: 540, scale: 1, output: 'total@2040' })).toThrow(
      'unknown output total@2040; outputs: target:plan, total@2026',
    );
  });
});
