// The events' controls: one block per event, made of the parts in EVENT_PARTS: its on/off switch
// and what it does, then its changes (CHANGE_PARTS, in a disclosure that is open when the event
// has changes): its chance a year, the multiplier of its impacts, a year it is forced in. A part
// is a function (event, {onChange, sync}) → {element, sync?} that writes the state and calls
// `onChange`; `sync` shows the state again in every part of the block (after a part changed what
// another shows: off disables the changes, a forced year the chance). Each part's words are in
// lib/strings/*.js and its URL key in lib/permalink.js.
import { nameIn } from '../lib/text.js';
import { cell } from './dom.js';
import { describeImpact, toPercent, toRatio } from './describe.js';
import { forceYears, IMPACT, ownProbability, PROBABILITY } from './fit.js';
import { sliderParts } from './slider.js';
import { state, t, view } from './state.js';

/** The events whose changes the user has opened (kept when the controls are rebuilt). */
const opened = new Set();

const isOff = (e) => state.off.includes(e.id);
/** An event's changes in the state ({} when none). */
const changesOf = (e) => state.events[e.id] ?? {};

/** Sets (or, with undefined, removes) one of an event's changes; an event without changes leaves the state. */
function setChange(e, key, value) {
  const change = { ...changesOf(e), [key]: value };
  if (value === undefined) delete change[key];
  if (Object.keys(change).length) state.events[e.id] = change;
  else delete state.events[e.id];
}

/** The event's on/off switch, labelled with its name and described by its chance and impact. */
function onOff(e, { onChange, sync }) {
  const L = t();
  const element = document.createElement('div');
  element.className = 'check';
  const input = document.createElement('input');
  Object.assign(input, { type: 'checkbox', id: `e-${e.id}`, checked: !isOff(e) });
  const label = cell('label', nameIn(e, state.lang));
  label.htmlFor = input.id;
  const impact = describeImpact(e.impact, L.to, e.impactScale ?? 1);
  const info = cell('span', impact ? `${L.eventInfo(e)}${L.sep}${impact}` : L.eventInfo(e));
  info.className = 'help';
  info.id = `e-${e.id}-info`;
  input.setAttribute('aria-describedby', info.id);
  if (e.notes) label.title = e.notes;
  input.addEventListener('change', () => {
    state.off = input.checked ? state.off.filter((id) => id !== e.id) : [...state.off, e.id];
    sync();
    onChange();
  });
  element.append(input, label, info);
  return { element };
}

/** The chance a year (the slider shows %, the state holds 0–1): at rest the scenario's own; disabled while the event is forced into a year. */
function chance(e, { onChange }) {
  const L = t();
  const own = ownProbability(e);
  const position = () => toPercent(changesOf(e).probabilityPerYear ?? own ?? 0);
  const {
    wrap: element,
    input,
    show,
  } = sliderParts({
    id: `ep-${e.id}`,
    label: L.chanceLabel,
    min: toPercent(PROBABILITY.min),
    max: toPercent(PROBABILITY.max),
    step: toPercent(PROBABILITY.step),
    value: position(),
    describe: (v) => {
      const change = changesOf(e);
      if (change.forceYear !== undefined) return L.chanceForced(change.forceYear);
      // at rest the words say the scenario's own chance exactly (the slider's position is the nearest step)
      return change.probabilityPerYear === undefined ? L.asScenario(own === undefined ? L.byYear : `${toPercent(e.probabilityPerYear)}%`) : L.perYear(v);
    },
    onInput: (v) => setChange(e, 'probabilityPerYear', toRatio(v) === own ? undefined : toRatio(v)),
    onChange,
    disabled: isOff(e) || changesOf(e).forceYear !== undefined,
  });
  const sync = () => {
    input.value = String(position());
    input.disabled = isOff(e) || changesOf(e).forceYear !== undefined;
    show();
  };
  return { element, sync };
}

/** The multiplier of each drawn impact, ×0 to ×3 (1 at rest); its output says what the position does to the impact. */
function impact(e, { onChange }) {
  const L = t();
  const { wrap: element, input } = sliderParts({
    id: `ex-${e.id}`,
    label: L.impactLabel,
    ...IMPACT,
    value: changesOf(e).impactScale ?? 1,
    describe: (v) => (v === 1 ? L.impactAsScenario : v === 0 ? L.impactNone : L.impactScaled(v, describeImpact(e.impact, L.to, (e.impactScale ?? 1) * v))),
    onInput: (v) => setChange(e, 'impactScale', v === 1 ? undefined : v),
    onChange,
    disabled: isOff(e),
  });
  return { element, sync: () => (input.disabled = isOff(e)) };
}

/** The year the event is forced in (in every trial, and in no other year), or none; forcing it takes back a chance set on the slider (the API refuses both). */
function forced(e, { onChange, sync }) {
  const L = t();
  const element = document.createElement('div');
  element.className = 'field inline';
  const select = document.createElement('select');
  select.id = `ey-${e.id}`;
  select.append(new Option(L.notForced, ''), ...forceYears(view.scenario).map((y) => new Option(String(y), String(y))));
  select.value = String(changesOf(e).forceYear ?? '');
  select.disabled = isOff(e);
  const label = cell('label', L.forcedLabel);
  label.htmlFor = select.id;
  select.addEventListener('change', () => {
    const year = select.value === '' ? undefined : Number(select.value);
    setChange(e, 'forceYear', year);
    if (year !== undefined) setChange(e, 'probabilityPerYear', undefined);
    sync();
    onChange();
  });
  element.append(label, select);
  return { element, sync: () => (select.disabled = isOff(e)) };
}

/** The changes of an event (CHANGE_PARTS) in a disclosure, open when the event has changes or the user opened it. */
function changes(e, ctx) {
  const details = document.createElement('details');
  details.className = 'event-changes';
  details.id = `e-${e.id}-changes`;
  details.open = opened.has(e.id) || state.events[e.id] !== undefined;
  details.addEventListener('toggle', () => (details.open ? opened.add(e.id) : opened.delete(e.id)));
  const parts = CHANGE_PARTS.map((part) => part(e, ctx));
  details.append(cell('summary', t().eventChanges), ...parts.map((p) => p.element));
  return { element: details, sync: () => parts.forEach((p) => p.sync?.()) };
}

/** The parts of an event's changes, in order. */
const CHANGE_PARTS = [chance, impact, forced];

/** The parts of each event's block, in order. */
const EVENT_PARTS = [onOff, changes];

/** One block per event (`div.event`, id `event-<id>`), each of the EVENT_PARTS. */
export function eventControls(events, onChange) {
  return events.map((e) => {
    const block = document.createElement('div');
    block.className = 'event';
    block.id = `event-${e.id}`;
    const parts = [];
    const ctx = { onChange, sync: () => parts.forEach((p) => p.sync?.()) };
    parts.push(...EVENT_PARTS.map((part) => part(e, ctx)));
    block.append(...parts.map((p) => p.element));
    return block;
  });
}
