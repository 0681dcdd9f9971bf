// The events' controls: one block per event, made of the parts in EVENT_PARTS (today its on/off
// switch and what it does). A new control for an event (its probability a year, its impact, a
// year it is forced in) is one more part: a function (event, onChange) → element that writes the
// state, with its words in lib/strings/*.js and its URL key in lib/permalink.js.
import { nameIn } from '../lib/text.js';
import { cell } from './dom.js';
import { describeImpact } from './describe.js';
import { state, t } from './state.js';

/** The event's on/off switch, labelled with its name and described by its chance and impact. */
function onOff(e, onChange) {
  const L = t();
  const wrap = document.createElement('div');
  wrap.className = 'check';
  const input = document.createElement('input');
  Object.assign(input, { type: 'checkbox', id: `e-${e.id}`, checked: !state.off.includes(e.id) });
  const label = cell('label', nameIn(e, state.lang));
  label.htmlFor = input.id;
  const impact = describeImpact(e.impact, L.to);
  const info = cell('span', impact ? `${L.eventInfo(e)}${L.sep}${impact}` : L.eventInfo(e));
  info.className = 'help';
  info.id = `e-${e.id}-info`;
  input.setAttribute('aria-describedby', info.id);
  if (e.notes) label.title = e.notes;
  input.addEventListener('change', () => {
    state.off = input.checked ? state.off.filter((id) => id !== e.id) : [...state.off, e.id];
    onChange();
  });
  wrap.append(input, label, info);
  return wrap;
}

/** The parts of each event's block, in order. */
export const EVENT_PARTS = [onOff];

/** One block per event (`div.event`, id `event-<id>`), each of the EVENT_PARTS. */
export function eventControls(events, onChange) {
  return events.map((e) => {
    const block = document.createElement('div');
    block.className = 'event';
    block.id = `event-${e.id}`;
    block.append(...EVENT_PARTS.map((part) => part(e, onChange)));
    return block;
  });
}
