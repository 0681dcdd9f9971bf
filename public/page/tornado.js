// The tornado beside the key figures: which assumptions move an output of the run on screen (its
// free sensitivity figures; config: lib/tornado-chart.js), a picker of the outputs (each target's
// chance, the total and each cluster in the target years) and the group shares (± s.e., the rest last).
import { outputLabel } from '../lib/analysis-labels.js';
import { describeTornado, outputShown, groupShares, tornadoConfig, tornadoOutputs } from '../lib/tornado-chart.js';
import { $, cell } from './dom.js';
import { state, t, view } from './state.js';
import { writeUrl } from './url.js';

let instance;

/** Draws (or redraws in place) the tornado of the run on screen, or hides it for a run without sensitivity figures. */
export function drawTornado() {
  const { manifest } = view.current;
  const { result, scenario } = manifest;
  const w = t().analysis.page;
  const outputs = tornadoOutputs(result);
  $('fig-tornado').hidden = outputs.length === 0;
  $('tornado-missing').hidden = outputs.length > 0;
  $('tornado-missing').textContent = outputs.length ? '' : w.noSensitivity;
  $('tornado-output-label').textContent = w.tornadoPick;
  const canvas = $('chart-tornado');
  if (!outputs.length) {
    canvas.setAttribute('aria-label', w.noSensitivity);
    return;
  }
  const output = outputShown(result, state.tornado);
  const picker = $('tornado-output');
  picker.replaceChildren(...outputs.map((o) => new Option(outputLabel(o, scenario, state.lang), o)));
  picker.value = output;
  const v = { unit: state.unit, lang: state.lang, output, interactive: true, caption: false, widthPx: $('fig-tornado').clientWidth };
  const config = tornadoConfig(manifest, v);
  canvas.parentElement.style.height = `${config.options.plugins.caption.plotPx}px`;
  canvas.setAttribute('aria-label', describeTornado(manifest, v));
  if (instance) {
    instance.data = config.data;
    instance.options = config.options;
    instance.update('none');
  } else instance = new window.Chart(canvas, config);
  $('tornado-groups-title').textContent = w.groupsTitle;
  const { trials, trialsNeeded } = result.sensitivity;
  const n = (x) => x.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US');
  $('tornado-note').textContent = w.tornadoTrials(n(trials)) + (trialsNeeded ? ` ${w.tornadoUnstable(n(trials), n(trialsNeeded))}` : '');
  $('tornado-groups').replaceChildren(
    ...groupShares(manifest, output, state.lang).map((g) => {
      const li = document.createElement('li');
      li.dataset.group = g.id;
      li.append(cell('span', g.label), cell('span', g.text));
      return li;
    }),
  );
}

/** The picker: another output redraws the tornado (and is what its PNG and embed show). */
export function wireTornado() {
  $('tornado-output').addEventListener('change', () => {
    state.tornado = $('tornado-output').value;
    writeUrl(state);
    drawTornado();
  });
}
