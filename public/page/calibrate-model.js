// The page's calibration (POST /api/calibrate) without the DOM: the request of the page's state
// with one observation entered on the page, and the two runs the calibrated fan chart draws (the
// posterior's bands, the prior's median dashed beside them) as manifests the fan chart reads.
import { requestBody } from './requests.js';

/** The calibration request of a state: the run's request and the observation entered. */
export function calibrateBody(state, scenario, { scope, year, value, definitionUncertainty }) {
  return { ...requestBody(state, scenario), observations: [{ id: 'entered-on-the-page', scope, year, value, definitionUncertainty, source: 'entered on the page' }] };
}

/** The run on screen with its bands replaced by a calibration's prior or posterior ones. */
function withBands(manifest, doc, which, scenario, id = manifest.id) {
  const band = (id) => doc.scopes[id][which];
  const { result } = manifest;
  return {
    ...manifest,
    id,
    scenario,
    result: {
      ...result,
      total: band('total'),
      clusters: Object.fromEntries(Object.keys(result.clusters).map((id) => [id, band(id)])),
      fields: Object.fromEntries(Object.keys(result.fields).map((id) => [id, band(id)])),
    },
  };
}

/**
 * The calibrated fan's two runs: `posterior` (the run's scenario, its bands after the observation)
 * and `prior` (named `priorTitle`, so the fan's dashed line reads as the median before it).
 */
export function calibratedManifests(manifest, doc, priorTitle) {
  return {
    posterior: withBands(manifest, doc, 'posterior', manifest.scenario),
    prior: withBands(manifest, doc, 'prior', { ...manifest.scenario, id: `${manifest.scenario.id}:prior`, title: priorTitle }, `${manifest.id}:prior`),
  };
}
