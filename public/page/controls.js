// The assumptions' controls of the picked scenario, built from the state: growth shifts, lever
// delivery, events (events.js), volatility, trials and seed, the comparison. Each control writes
// the state and calls `onChange` (the scheduler's `changed`); none reads the results.
import { nameIn, formatPp } from '../lib/text.js';
import { $, cell } from './dom.js';
import { centreOf, describeParam, toPercent, toRatio } from './describe.js';
import { SHIFT } from './fit.js';
import { eventControls } from './events.js';
import { locale, state, t, view } from './state.js';

/** Trial counts to pick from: from about 100,000 a run takes seconds (those above this server's limit are left out: GET /api/limits). */
const TRIAL_CHOICES = [1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000, 1000000];
/** The lever sliders show % of plan (the state and the URL hold ratios). */
const DELIVERY_PCT = { min: 0, max: 150, step: 5 };

/** A labelled range slider whose output says what its position means. */
export function slider({ id, label, min, max, step, value, describe, onInput, detail, onChange }) {
  const wrap = document.createElement('div');
  wrap.className = 'slider';
  const l = cell('label', label);
  l.htmlFor = id;
  const input = document.createElement('input');
  Object.assign(input, { type: 'range', id, min: String(min), max: String(max), step: String(step), value: String(value) });
  const out = document.createElement('output');
  out.htmlFor = id;
  out.id = `${id}-out`;
  input.setAttribute('aria-describedby', out.id);
  const show = () => {
    out.textContent = describe(Number(input.value));
    input.setAttribute('aria-valuetext', out.textContent);
  };
  input.addEventListener('input', () => {
    onInput(Number(input.value));
    show();
    onChange();
  });
  show();
  wrap.append(l, input, out);
  if (detail) l.title = detail;
  return wrap;
}

const legendOnly = (fieldset) => fieldset.replaceChildren(fieldset.querySelector('legend'));

/** Notes of levers or events, reachable by keyboard, touch and screen reader (not only on hover). */
export function notesList(items, word) {
  const withNotes = items.filter((x) => x.notes);
  if (!withNotes.length) return [];
  const details = document.createElement('details');
  details.className = 'notes';
  const dl = document.createElement('dl');
  for (const x of withNotes) dl.append(cell('dt', nameIn(x, state.lang)), cell('dd', x.notes));
  details.append(cell('summary', t().about(word)), dl);
  return [details];
}

function shiftSliders(scenario, onChange) {
  const L = t();
  return scenario.clusters.map((c) =>
    slider({
      id: `g-${c.id}`,
      label: nameIn(c, state.lang),
      ...SHIFT,
      value: state.shifts[c.id] ?? 0,
      describe: (v) => (v === 0 ? L.noShift : `${formatPp(v / 100)} ${L.pp}`),
      onInput: (v) => {
        if (v === 0) delete state.shifts[c.id];
        else state.shifts[c.id] = v;
      },
      onChange,
    }),
  );
}

function leverSliders(scenario, onChange) {
  const L = t();
  return (scenario.levers ?? []).map((lever) => {
    const centre = centreOf(lever.delivery);
    return slider({
      id: `d-${lever.id}`,
      label: nameIn(lever, state.lang),
      ...DELIVERY_PCT,
      value: toPercent(state.delivery[lever.id] ?? centre),
      // resting on the scenario's centre means the scenario's own (uncertain) delivery
      describe: (v) => (state.delivery[lever.id] === undefined ? L.asScenario(describeParam(lever.delivery)) : L.fixed(v)),
      onInput: (v) => {
        if (toRatio(v) === centre) delete state.delivery[lever.id];
        else state.delivery[lever.id] = toRatio(v);
      },
      detail: [lever.planTarget !== undefined ? `${lever.planTarget} ${lever.unit ?? ''}` : '', lever.notes ?? ''].filter(Boolean).join('\n'),
      onChange,
    });
  });
}

/** Shows the volatility slider's position. */
export function showVol() {
  $('vol-out').textContent = `×${Number(state.vol).toFixed(1)}`;
  $('vol').setAttribute('aria-valuetext', $('vol-out').textContent);
}

/** Builds the sliders and switches of the picked scenario, set from the state. */
export function buildControls(onChange) {
  const L = t();
  const { scenario, scenarios, limits } = view;
  const shifts = $('shifts');
  legendOnly(shifts);
  shifts.append(...shiftSliders(scenario, onChange));
  const levers = $('levers');
  legendOnly(levers);
  levers.hidden = !(scenario.levers ?? []).length;
  levers.append(...leverSliders(scenario, onChange), ...notesList(scenario.levers ?? [], L.leversWord));
  const events = $('events');
  legendOnly(events);
  events.hidden = !(scenario.events ?? []).length;
  events.append(...eventControls(scenario.events ?? [], onChange), ...notesList(scenario.events ?? [], L.eventsWord));
  $('vol').value = String(state.vol);
  showVol();
  const trials = $('trials');
  const own = state.trials ?? scenario.simulation.trials;
  const choices = [...new Set([...TRIAL_CHOICES.filter((n) => n <= limits.trials.max), own])].sort((a, b) => a - b);
  trials.replaceChildren(...choices.map((n) => new Option(n.toLocaleString(locale()), String(n))));
  trials.value = String(own);
  $('seed').value = String(state.seed ?? scenario.simulation.seed);
  const compare = $('compare');
  compare.replaceChildren(new Option(L.compareSelf, ''), ...scenarios.filter((s) => s.id !== state.scenario).map((s) => new Option(s.title, s.id)));
  compare.value = scenarios.some((s) => s.id === state.compare) ? state.compare : '';
}
