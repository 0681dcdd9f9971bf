// The ink, grid and font every chart configuration shares (charts.js, tornado-chart.js), in one place.

/** Text and axis lines. */
export const INK = '#1b1f24';
/** Grid lines. */
export const GRID = '#e3e6ea';

/** A chart's font: the view's family (a server's registered CJK font) or the page's system stack, 12 px. */
export const chartFont = (view) => ({ family: view.fontFamily ?? "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif", size: 12 });
