// The sliders' part of the page's URL and the API overrides it stands for, in one place for the
// page and for the embed's link back to it:
//   g.<cluster>   growth shift, percentage points a year (API: growthShift, 0.01 = 1 pp)
//   lever.<id>    delivery as a ratio, 1 = as planned   (API, CLI, scenario files: leverDelivery, the same ratio)
//   d.<id>        older links: delivery in % of plan, read (as lever.<id> = d / 100), never written
//   vol           volatility scale                      (API: volatilityScale)
//   off           events switched off, comma-separated  (API: events, id → false)
//   ev.<id>       an event's changes, comma-separated parts, each a letter and a number:
//                 p<chance a year, 0–1> (API: events.<id>.probabilityPerYear),
//                 x<impact multiplier, 1 = as drawn> (impactScale), y<year> (forceYear),
//                 e.g. ev.chip-export-controls=x1.5,y2027; an event that is off keeps its
//                 changes here (its controls show them, disabled) but the API gets only false
// Slider positions: {shifts, delivery (ratios), vol, off, events: id → {probabilityPerYear?,
// impactScale?, forceYear?}}. Fitting them to a scenario is the page's job (page/fit.js).

/** URL parameters as text, with commas as they are (legal in a query, and `off` and `ev.` lists read better unescaped). */
export const queryText = (q) => q.toString().replace(/%2C/gi, ',');

/** Slider positions at rest: the scenario as it is. */
export const atRest = () => ({ shifts: {}, delivery: {}, vol: 1, off: [], events: {} });

/** The letter of each event change in an `ev.<id>` value, in the order they are written. */
const EVENT_LETTERS = { p: 'probabilityPerYear', x: 'impactScale', y: 'forceYear' };

const finite = (v) => v !== '' && Number.isFinite(Number(v));

/** An `ev.<id>` value as an event's changes: parts that are not a known letter and a finite number are skipped. */
function readEvent(value) {
  const change = {};
  for (const part of value.split(',')) {
    const key = EVENT_LETTERS[part[0]];
    if (key && finite(part.slice(1))) change[key] = Number(part.slice(1));
  }
  return change;
}

/** An event's changes as an `ev.<id>` value ('' when nothing changes: an impact ×1 is none). */
const writeEvent = (change) =>
  Object.entries(EVENT_LETTERS)
    .filter(([, key]) => change[key] !== undefined && !(key === 'impactScale' && change[key] === 1))
    .map(([letter, key]) => `${letter}${change[key]}`)
    .join(',');

/** Slider positions from URL parameters: finite numbers only (`lever.` wins over an old `d.` of the same lever). */
export function readSliders(q) {
  const shifts = {};
  const delivery = {};
  const old = {};
  const events = {};
  for (const [k, v] of q) {
    if (k.startsWith('ev.')) {
      const change = readEvent(v);
      if (Object.keys(change).length) events[k.slice(3)] = change;
    }
    if (!finite(v)) continue;
    if (k.startsWith('g.')) shifts[k.slice(2)] = Number(v);
    if (k.startsWith('lever.')) delivery[k.slice(6)] = Number(v);
    if (k.startsWith('d.')) old[k.slice(2)] = Math.round(Number(v) * 1e4) / 1e6;
  }
  const vol = q.get('vol') && finite(q.get('vol')) ? Number(q.get('vol')) : 1;
  return { shifts, delivery: { ...old, ...delivery }, vol, off: (q.get('off') ?? '').split(',').filter(Boolean), events };
}

/** Writes slider positions into URL parameters, leaving out those at rest. */
export function writeSliders(q, { shifts, delivery, vol, off, events = {} }) {
  for (const [id, v] of Object.entries(shifts)) if (v !== 0) q.set(`g.${id}`, String(v));
  for (const [id, v] of Object.entries(delivery)) q.set(`lever.${id}`, String(v));
  if (vol !== undefined && vol !== 1) q.set('vol', String(vol));
  if (off.length) q.set('off', off.join(','));
  for (const [id, change] of Object.entries(events)) {
    const value = writeEvent(change);
    if (value) q.set(`ev.${id}`, value);
  }
  return q;
}

const round6 = (v) => Math.round(v * 1e6) / 1e6;

/** An event's changes as the API takes them: an impact ×1 is none, and a forced year leaves no chance a year (the API refuses both). */
function eventOverride({ probabilityPerYear, impactScale, forceYear }) {
  const o = {};
  if (forceYear !== undefined) o.forceYear = forceYear;
  else if (probabilityPerYear !== undefined) o.probabilityPerYear = round6(probabilityPerYear);
  if (impactScale !== undefined && impactScale !== 1) o.impactScale = round6(impactScale);
  return o;
}

/** Slider positions as API overrides, leaving out what changes nothing (an event that is off is only false). */
export function overridesOf({ shifts, delivery, vol, off, events = {} }) {
  const o = {};
  const moved = Object.entries(shifts).filter(([, v]) => v !== 0);
  if (moved.length) o.growthShift = Object.fromEntries(moved.map(([id, v]) => [id, Math.round(v * 1e6) / 1e8]));
  if (Object.keys(delivery).length) o.leverDelivery = Object.fromEntries(Object.entries(delivery).map(([id, v]) => [id, round6(v)]));
  if (vol !== 1) o.volatilityScale = vol;
  const changed = Object.entries(events)
    .filter(([id]) => !off.includes(id))
    .map(([id, change]) => [id, eventOverride(change)])
    .filter(([, change]) => Object.keys(change).length);
  if (off.length || changed.length) o.events = Object.fromEntries([...off.map((id) => [id, false]), ...changed]);
  return o;
}

/** API overrides (a run's `options.overrides`) as slider positions. */
export function slidersOf(overrides = {}) {
  const events = Object.entries(overrides.events ?? {});
  return {
    shifts: Object.fromEntries(Object.entries(overrides.growthShift ?? {}).map(([id, v]) => [id, Math.round(v * 1e8) / 1e6])),
    delivery: Object.fromEntries(Object.entries(overrides.leverDelivery ?? {}).map(([id, v]) => [id, round6(v)])),
    vol: overrides.volatilityScale ?? 1,
    off: events.filter(([, on]) => on === false).map(([id]) => id),
    events: Object.fromEntries(
      events
        .filter(([, change]) => typeof change === 'object' && change !== null)
        .map(([id, change]) => [
          id,
          Object.fromEntries(
            Object.values(EVENT_LETTERS)
              .filter((k) => typeof change[k] === 'number')
              .map((k) => [k, change[k]]),
          ),
        ])
        .filter(([, change]) => Object.keys(change).length),
    ),
  };
}
