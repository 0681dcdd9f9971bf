// The field table on the page (its content: table-model.js), with each field's sources folded,
// and a hint when it is wider than its box (a phone).
import { $, cell } from './dom.js';
import { fieldTableModel } from './table-model.js';
import { state, t, view } from './state.js';

/** Draws the field table of the run on screen. */
export function drawFieldTable() {
  const { manifest, comparison } = view.current;
  const L = t();
  const model = fieldTableModel(manifest, comparison, { unit: state.unit, lang: state.lang }, L);
  const table = $('field-table');
  table.replaceChildren();
  const deltas = model.head.length > 4;
  $('fields-delta-note').hidden = !deltas;
  $('fields-delta-note').textContent = deltas ? L.deltaNote : '';
  const head = table.createTHead().insertRow();
  for (const h of model.head) {
    const th = cell('th', h);
    th.scope = 'col';
    head.append(th);
  }
  // with a comparison every second value column is its Δ
  const td = (x, i) => {
    const el = cell('td', x);
    if (deltas && i % 2 === 1) el.className = 'delta';
    return el;
  };
  for (const g of model.groups) {
    const body = table.createTBody();
    const group = body.insertRow();
    group.className = 'group';
    const name = cell('th', g.name);
    name.scope = 'rowgroup';
    group.append(name, ...g.cells.map(td), cell('td', ''));
    for (const r of g.rows) {
      const tr = body.insertRow();
      const th = cell('th', r.name);
      th.scope = 'row';
      const sources = r.field.sources ?? [];
      // hover shows everything; the Sources cell has the same, for keyboard and touch
      th.title = [sources.length ? sources.join('\n') : L.noSources, r.field.provenance?.base, r.field.provenance?.growth].filter(Boolean).join('\n\n');
      const src = document.createElement('td');
      src.append(fieldSources(r.field, sources));
      tr.append(th, ...r.cells.map(td), src);
    }
  }
  markOverflow();
}

/** Says so, in words and with an edge shadow, when the field table is wider than its box (a phone). */
export function markOverflow() {
  const box = $('fields-scroll');
  const overflows = box.scrollWidth > box.clientWidth + 1;
  box.classList.toggle('overflows', overflows);
  $('fields-scroll-hint').hidden = !overflows;
}

/** A field's sources and how it was estimated, folded. */
function fieldSources(f, sources) {
  const L = t();
  const estimate = [f.provenance?.base, f.provenance?.growth].filter(Boolean);
  if (!sources.length && !estimate.length) return cell('span', '—');
  const details = document.createElement('details');
  details.append(cell('summary', sources.length ? L.sourcesOf(sources.length) : L.estimate));
  if (sources.length) {
    const list = document.createElement('ol');
    for (const text of sources) {
      const li = document.createElement('li');
      const url = text.match(/https?:\/\/[^\s,;)]+/)?.[0];
      if (url) {
        const a = document.createElement('a');
        Object.assign(a, { href: url, rel: 'noopener noreferrer', target: '_blank', textContent: text });
        li.append(a);
      } else li.textContent = text;
      list.append(li);
    }
    details.append(list);
  }
  if (estimate.length) details.append(cell('p', `${L.estimate}: ${estimate.join(' ')}`));
  return details;
}
