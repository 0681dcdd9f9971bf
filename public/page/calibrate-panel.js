// "What has been observed?": one published figure entered on the page (a scope, a year, a value in
// bn yuan and how far its definition may differ), the page's run conditioned on it (POST
// /api/calibrate), and the calibrated fan chart (the posterior's bands, the prior's median dashed)
// with the effective sample size and each target's chance before and after.
import { chartConfig, scopesOf, scopeName } from '../lib/charts.js';
import { streamDocument } from './analysis-api.js';
import { textTable, para } from './analysis-panel.js';
import { calibrateBody, calibratedManifests } from './calibrate-model.js';
import { $ } from './dom.js';
import { locale, state, t, view } from './state.js';

let chart;

/** Puts the part's words in the page's language and fills its scope picker and year range from the run on screen. */
export function labelCalibrate() {
  const w = t().analysis.calibration.page;
  const { result } = view.current.manifest;
  const scenario = view.scenario ?? view.current.manifest.scenario;
  $('calibrate-help').textContent = w.help;
  $('calibrate-scope-label').textContent = w.scope;
  $('calibrate-year-label').textContent = w.year;
  $('calibrate-value-label').textContent = w.value;
  $('calibrate-sd-label').textContent = w.sd;
  $('calibrate-run').textContent = w.button;
  if (!chart) $('chart-calibrated').setAttribute('aria-label', w.fanPending);
  const picked = $('calibrate-scope').value || 'total';
  const scopes = scopesOf(scenario);
  $('calibrate-scope').replaceChildren(...scopes.map((id) => new Option(id === 'total' ? t().scopeTotal : scopeName(scenario, id, state.lang), id)));
  $('calibrate-scope').value = scopes.includes(picked) ? picked : 'total';
  const year = $('calibrate-year');
  year.min = String(result.years[0]);
  year.max = String(result.years.at(-1));
  if (!year.value) year.value = String(result.years[1] ?? result.years[0]);
}

/** Asks for the run conditioned on the observation entered, and draws the calibrated fan. */
async function calibrate() {
  const w = t().analysis.calibration.page;
  const observation = {
    scope: $('calibrate-scope').value,
    year: Number($('calibrate-year').value),
    value: Number($('calibrate-value').value),
    definitionUncertainty: Number($('calibrate-sd').value),
  };
  if (!(observation.value > 0)) {
    $('calibrate-status').textContent = w.needValue;
    return;
  }
  $('calibrate-run').disabled = true;
  $('calibrate-status').textContent = t().analysis.page.working;
  try {
    const doc = await streamDocument('/api/calibrate', calibrateBody(state, view.scenario, observation));
    const n = (x) => Math.round(x).toLocaleString(locale());
    const pct = (c) => `${(c.probability * 100).toFixed(1)}% ± ${(c.se * 100).toFixed(1)}`;
    const out = [para(w.ess(n(doc.ess), n(doc.trials)), 'help')];
    if (doc.trialsNeeded) out.push(para(t().analysis.calibration.tooFew(n(doc.trialsNeeded)), 'warning'));
    out.push(
      textTable(
        [...t().analysis.calibration.targetHead],
        doc.targets.map((x) => [x.id, pct(x.prior), pct(x.posterior)]),
      ),
    );
    $('calibrate-out').replaceChildren(...out);
    const { posterior, prior } = calibratedManifests(view.current.manifest, doc, w.prior);
    const config = chartConfig('fan', posterior, prior, { unit: state.unit, lang: state.lang, scope: observation.scope, interactive: true, caption: false });
    const scopeWord = observation.scope === 'total' ? t().scopeTotal : scopeName(view.scenario ?? posterior.scenario, observation.scope, state.lang);
    config.options.plugins.title.text = w.fanTitle(scopeWord);
    $('chart-calibrated').setAttribute('aria-label', w.fanTitle(scopeWord));
    $('calibrate-chart-box').hidden = false;
    chart?.destroy();
    chart = new window.Chart($('chart-calibrated'), config);
    $('calibrate-status').textContent = '';
  } catch (err) {
    $('calibrate-status').textContent = err.message;
  } finally {
    $('calibrate-run').disabled = false;
  }
}

/** The part's button. */
export function wireCalibrate() {
  $('calibrate-run').addEventListener('click', calibrate);
}
