// A scenario's distributions in a few words, and where a lever's slider rests. Pure: no DOM.
import { DELIVERY, onGrid } from './fit.js';

const pct = (v) => `${Math.round(v * 100)}%`;
const low = (p) => p.min ?? p.low;
const high = (p) => p.max ?? p.high;

/** A distribution of the scenario in a few words (for lever defaults): "80%", "70%–100%", or its kind. */
export function describeParam(p) {
  if (typeof p === 'number') return pct(p);
  if (p === undefined) return '100%';
  if (typeof p !== 'object' || p === null) return String(p);
  if (p.dist === 'fixed' && typeof p.value === 'number') return pct(p.value);
  if (typeof low(p) === 'number' && typeof high(p) === 'number') return `${pct(low(p))}–${pct(high(p))}`;
  return p.dist;
}

/** Where a lever's slider rests when the scenario's own delivery applies: its centre (a ratio), on the slider's grid. */
export function centreOf(p) {
  let v = 1;
  if (typeof p === 'number') v = p;
  else if (p && typeof p === 'object') {
    if (typeof p.mode === 'number') v = p.mode;
    else if (typeof p.mean === 'number') v = p.mean;
    else if (typeof p.value === 'number') v = p.value;
    else if (typeof low(p) === 'number' && typeof high(p) === 'number') v = (low(p) + high(p)) / 2;
  }
  return onGrid(v, DELIVERY);
}

/** An event's impact in words: "−20% to −5%", or one number ('' when it has no range). */
export function describeImpact(impact, to) {
  const signed = (v) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(Math.round(v * 100))}%`;
  if (typeof impact === 'number') return signed(impact);
  if (!impact || typeof impact !== 'object') return '';
  return typeof low(impact) === 'number' && typeof high(impact) === 'number' ? `${signed(low(impact))} ${to} ${signed(high(impact))}` : '';
}

/** A ratio as a slider's percent position, and back (no float dust: 0.35 → 35, 35 → 0.35). */
export const toPercent = (ratio) => Math.round(ratio * 1e4) / 1e2;
export const toRatio = (percent) => Math.round(percent * 1e4) / 1e6;
