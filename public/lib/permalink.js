// The sliders' part of the page's URL and the API overrides it stands for, in one place for the
// page and for the embed's link back to it:
//   g.<cluster>   growth shift, percentage points a year (API: growthShift, 0.01 = 1 pp)
//   lever.<id>    delivery as a ratio, 1 = as planned   (API, CLI, scenario files: leverDelivery, the same ratio)
//   d.<id>        older links: delivery in % of plan, read (as lever.<id> = d / 100), never written
//   vol           volatility scale                      (API: volatilityScale)
//   off           events switched off, comma-separated  (API: events, id → false)
// Slider positions: {shifts, delivery (ratios), vol, off}. Fitting them to a scenario is the page's job.

/** Slider positions from URL parameters: finite numbers only (`lever.` wins over an old `d.` of the same lever). */
export function readSliders(q) {
  const shifts = {};
  const delivery = {};
  const old = {};
  for (const [k, v] of q) {
    if (v === '' || !Number.isFinite(Number(v))) continue;
    if (k.startsWith('g.')) shifts[k.slice(2)] = Number(v);
    if (k.startsWith('lever.')) delivery[k.slice(6)] = Number(v);
    if (k.startsWith('d.')) old[k.slice(2)] = Math.round(Number(v) * 1e4) / 1e6;
  }
  const vol = q.get('vol') && Number.isFinite(Number(q.get('vol'))) ? Number(q.get('vol')) : 1;
  return { shifts, delivery: { ...old, ...delivery }, vol, off: (q.get('off') ?? '').split(',').filter(Boolean) };
}

/** Writes slider positions into URL parameters, leaving out those at rest. */
export function writeSliders(q, { shifts, delivery, vol, off }) {
  for (const [id, v] of Object.entries(shifts)) if (v !== 0) q.set(`g.${id}`, String(v));
  for (const [id, v] of Object.entries(delivery)) q.set(`lever.${id}`, String(v));
  if (vol !== undefined && vol !== 1) q.set('vol', String(vol));
  if (off.length) q.set('off', off.join(','));
  return q;
}

/** Slider positions as API overrides, leaving out what changes nothing. */
export function overridesOf({ shifts, delivery, vol, off }) {
  const o = {};
  const moved = Object.entries(shifts).filter(([, v]) => v !== 0);
  if (moved.length) o.growthShift = Object.fromEntries(moved.map(([id, v]) => [id, Math.round(v * 1e6) / 1e8]));
  if (Object.keys(delivery).length) o.leverDelivery = Object.fromEntries(Object.entries(delivery).map(([id, v]) => [id, Math.round(v * 1e6) / 1e6]));
  if (vol !== 1) o.volatilityScale = vol;
  if (off.length) o.events = Object.fromEntries(off.map((id) => [id, false]));
  return o;
}

/** API overrides (a run's `options.overrides`) as slider positions. */
export function slidersOf(overrides = {}) {
  return {
    shifts: Object.fromEntries(Object.entries(overrides.growthShift ?? {}).map(([id, v]) => [id, Math.round(v * 1e8) / 1e6])),
    delivery: Object.fromEntries(Object.entries(overrides.leverDelivery ?? {}).map(([id, v]) => [id, Math.round(v * 1e6) / 1e6])),
    vol: overrides.volatilityScale ?? 1,
    off: Object.entries(overrides.events ?? {})
      .filter(([, on]) => on === false)
      .map(([id]) => id),
  };
}
