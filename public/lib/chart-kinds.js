// Every chart a run can be drawn as, by name: the three of charts.js (fan, clusters, probability)
// and the tornado of its sensitivity figures (tornado-chart.js), for the page's exports, the embed
// and the server's PNG images. Pure: no DOM.
import { chartConfig, CHARTS } from './charts.js';
import { tornadoConfig } from './tornado-chart.js';

/** The charts by name: the page's three, then the tornado. */
export const CHART_KINDS = [...CHARTS, 'tornado'];

/** The chart.js config of any chart by name (`view.output`: what the tornado shows; `view.scope`: what the fan chart shows). */
export function configOf(chart, manifest, comparison, view) {
  return chart === 'tornado' ? tornadoConfig(manifest, view) : chartConfig(chart, manifest, comparison, view);
}
