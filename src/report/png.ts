/**
 * Chart images on the server: the page's own chart.js configurations (public/lib/chart-kinds.js)
 * drawn on a Skia canvas (@napi-rs/canvas), so a PNG for a document looks like the page's chart.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { configOf } from '../../public/lib/chart-kinds.js';
import { heightFor } from '../../public/lib/charts.js';
import type { RunManifest } from '../schema/manifest.ts';
import { FONT_FAMILY, registerShippedFonts } from './fonts.ts';

Chart.register(...registerables);
registerShippedFonts();

export interface PngView {
  readonly unit: 'cny' | 'yi' | 'usd';
  readonly lang: 'en' | 'zh';
  /** CSS pixels; the image is scale times as large. */
  readonly width: number;
  readonly height: number;
  /** Device pixel ratio: 2 gives a sharp image in print. */
  readonly scale: number;
  /** What the fan chart shows: a cluster's or a field's id (default: the total). */
  readonly scope?: string;
  /** What the tornado shows: one of the run's sensitivity outputs (default: its headline target's chance). */
  readonly output?: string;
}

/**
 * Renders one chart (fan, clusters, probability, tornado; the fan of `view.scope`, the tornado of
 * `view.output`) of a run, with its caption, as PNG bytes (taller than asked when the caption or the bars need it).
 */
export function renderChartPng(chart: string, manifest: RunManifest, comparison: RunManifest | undefined, view: PngView): Buffer {
  const config = configOf(chart, manifest, comparison, {
    unit: view.unit,
    lang: view.lang,
    scope: view.scope,
    output: view.output,
    caption: true,
    interactive: false,
    fontFamily: FONT_FAMILY,
    devicePixelRatio: view.scale,
  }) as ChartConfiguration;
  // a long caption (many changes) makes the image taller rather than squashing the chart
  const height = Math.max(view.height, heightFor(createCanvas(1, 1).getContext('2d'), config, view.width));
  const canvas = createCanvas(view.width, height);
  // chart.js sizes from the canvas: give it CSS pixels and the ratio, as a browser would
  const instance = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    instance.destroy();
  }
}
