// The few DOM helpers every view module uses.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** An element with text. */
export function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

/** A button of the secondary kind. */
export function button(id, text, onClick, className = 'secondary') {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.id = id;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

/** The status line under the assumptions (an error in red). */
export function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}
