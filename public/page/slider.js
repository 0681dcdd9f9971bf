// A labelled range slider whose output says what its position means: the one kind of slider of
// the assumptions (growth shifts, levers, an event's chance and impact).
import { cell } from './dom.js';

/**
 * A slider's element, its input and `show` (which writes the output's words for the input's
 * position: call it when the position or what it means was set from elsewhere).
 */
export function sliderParts({ id, label, min, max, step, value, describe, onInput, detail, onChange, disabled = false }) {
  const wrap = document.createElement('div');
  wrap.className = 'slider';
  const l = cell('label', label);
  l.htmlFor = id;
  const input = document.createElement('input');
  Object.assign(input, { type: 'range', id, min: String(min), max: String(max), step: String(step), value: String(value), disabled });
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
  return { wrap, input, show };
}

/** A labelled range slider whose output says what its position means. */
export const slider = (options) => sliderParts(options).wrap;
