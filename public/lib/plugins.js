// The chart.js plugins every chart uses (a white background, the caption drawn under the chart)
// and the height a chart needs for its caption. Pure: they draw on the canvas chart.js gives them.

/** Paints the canvas white before drawing, so exported PNGs are not transparent. */
export const backgroundPlugin = {
  id: 'background',
  beforeDraw(chart, _args, options) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = options.color ?? '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

const CAPTION_LINE = 16;

/**
 * Draws the caption (scenario, trials, seed, engine, run date, changes) under the chart area,
 * wrapping long lines; it reserves the room it needs before the chart is laid out.
 */
export const captionPlugin = {
  id: 'caption',
  beforeLayout(chart, _args, options) {
    const lines = options.lines ?? [];
    chart.$caption = lines.length ? wrapLines(chart.ctx, lines, chart.width - 20, options.fontFamily) : [];
    const padding = chart.options.layout.padding;
    chart.options.layout.padding = { ...padding, bottom: chart.$caption.length ? chart.$caption.length * CAPTION_LINE + 10 : 4 };
  },
  afterDraw(chart, _args, options) {
    const lines = chart.$caption ?? [];
    if (!lines.length) return;
    const { ctx, height } = chart;
    ctx.save();
    ctx.fillStyle = '#3d4550';
    ctx.font = captionFont(options.fontFamily);
    ctx.textBaseline = 'bottom';
    lines.forEach((line, i) => ctx.fillText(line, 10, height - 6 - (lines.length - 1 - i) * CAPTION_LINE));
    ctx.restore();
  },
};

const captionFont = (family) => `12px ${family ?? 'sans-serif'}`;

/**
 * Height in CSS pixels that a chart needs so that its caption leaves the plot at least `plotPx`
 * (title, legend, axes included; default: the caption's own `plotPx`, else 330).
 */
export function heightFor(ctx, config, width, plotPx) {
  const options = config.options.plugins.caption;
  plotPx ??= options.plotPx ?? 330;
  const lines = options.lines?.length ? wrapLines(ctx, options.lines, width - 20, options.fontFamily) : [];
  return plotPx + (lines.length ? lines.length * CAPTION_LINE + 10 : 0);
}

/** The longest prefix of `text` (at least one character) that fits `width`, by bisection: O(log n) measurements. */
function fitting(ctx, text, width) {
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(text.slice(0, mid)).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Breaks lines at spaces (a word longer than the width anywhere) so that each fits the width.
 * Each word is measured once, so the time grows with the caption's length, not its square.
 */
function wrapLines(ctx, lines, width, family) {
  ctx.save();
  ctx.font = captionFont(family);
  const space = ctx.measureText(' ').width;
  const out = [];
  for (const line of lines) {
    let current = '';
    let currentWidth = 0;
    for (const piece of line.split(' ')) {
      if (piece === '') continue;
      let word = piece;
      let wordWidth = ctx.measureText(word).width;
      while (wordWidth > width && word.length > 1) {
        if (current) out.push(current);
        current = '';
        currentWidth = 0;
        const cut = fitting(ctx, word, width);
        out.push(word.slice(0, cut));
        word = word.slice(cut);
        wordWidth = ctx.measureText(word).width;
      }
      if (!current) {
        current = word;
        currentWidth = wordWidth;
      } else if (currentWidth + space + wordWidth <= width) {
        current += ` ${word}`;
        currentWidth += space + wordWidth;
      } else {
        out.push(current);
        current = word;
        currentWidth = wordWidth;
      }
    }
    out.push(current);
  }
  ctx.restore();
  return out;
}
