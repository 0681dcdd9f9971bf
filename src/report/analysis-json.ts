/**
 * The analyses as JSON documents (src/schema/analysis.ts): the one place that builds what
 * `future-sim sensitivity`, `discover` and `compare --paired` print with `--format json` and what
 * the API's analysis routes answer, from the core's results, with labels in the reader's language.
 */
import type { ByYearSensitivity } from '../core/analysis/by-year.ts';
import type { PairedComparison } from '../core/analysis/compare-paired.ts';
import type { Discovery } from '../core/analysis/discover.ts';
import type { Estimate } from '../core/analysis/given-data.ts';
import { groupOf } from '../core/analysis/parameters.ts';
import type { GivenDataSensitivity } from '../core/analysis/sensitivity.ts';
import type { SobolSensitivity } from '../core/analysis/sobol-run.ts';
import type { CompiledModel } from '../core/model.ts';
import type { ByYearDocument, DiscoveryDocument, GivenDataDocument, PairedDocument, SobolDocument } from '../schema/analysis.ts';
import type { Scenario } from '../schema/scenario.ts';
import { featureLabel, groupLabel, inputLabel, outputLabel, type Lang } from './analysis-labels.ts';

/** What every analysis document names: the scenario, its language, and the run's seed. */
export interface DocumentContext {
  readonly scenario: Scenario;
  readonly lang: Lang;
  readonly seed: number;
}

const titleOf = (s: Scenario) => ({ id: s.id, title: s.title });

/** An estimate with its standard error and a 95% interval (±1.96 s.e.). */
function interval(e: Estimate) {
  return { estimate: e.estimate, se: e.se, low: e.estimate - 1.96 * e.se, high: e.estimate + 1.96 * e.se };
}

/** Given-data sensitivity as its document; `needed` is trialsForStableShares' answer. */
export function givenDataJson(model: CompiledModel, s: GivenDataSensitivity, needed: number | undefined, c: DocumentContext): GivenDataDocument {
  const { scenario, lang } = c;
  const path = (i: number) => model.inputs[i].path;
  return {
    scenario: titleOf(scenario),
    method: s.method,
    trials: s.trials,
    seed: c.seed,
    bins: s.bins,
    ...(needed ? { trialsNeeded: needed } : {}),
    outputs: s.outputs.map((o) => ({
      output: o.output,
      label: outputLabel(o.output, scenario, lang),
      mean: o.mean,
      variance: o.variance,
      indices: o.inputs.map((e) => ({
        path: path(e.input),
        group: groupOf(model, e.input),
        label: inputLabel(path(e.input), scenario, lang),
        first: interval(e.share),
        tornado: e.tornado,
      })),
      groups: o.groups.map((g) => ({ group: g.id, label: groupLabel(g.id, scenario, lang), first: interval(g.share) })),
      rest: interval(o.rest),
    })),
  };
}

/** Sobol indices as their document. */
export function sobolJson(s: SobolSensitivity, c: DocumentContext): SobolDocument {
  return {
    scenario: titleOf(c.scenario),
    method: s.method,
    by: s.by,
    n: s.n,
    evaluations: s.evaluations,
    confidence: s.confidence,
    seed: c.seed,
    outputs: s.outputs.map((o) => ({
      output: o.output,
      label: outputLabel(o.output, c.scenario, c.lang),
      indices: o.indices.map((x, i) => ({ ...(s.factors[i].path ? { path: s.factors[i].path } : {}), group: s.factors[i].group, first: x.first, total: x.total })),
    })),
  };
}

/** Group shares of each target's success year by year as their document. */
export function byYearJson(s: ByYearSensitivity, c: DocumentContext): ByYearDocument {
  const { scenario, lang } = c;
  return {
    scenario: titleOf(scenario),
    method: s.method,
    byYear: true,
    trials: s.trials,
    seed: c.seed,
    bins: s.bins,
    ...(s.trialsNeeded ? { trialsNeeded: s.trialsNeeded } : {}),
    targets: s.targets.map((t) => ({
      target: t.target,
      label: outputLabel(`target:${t.target}`, scenario, lang),
      scope: t.scope,
      value: t.value,
      years: t.years.map((y) => ({
        year: y.year,
        probability: y.probability,
        groups: y.groups.map((g) => ({ group: g.id, label: groupLabel(g.id, scenario, lang), first: interval(g.share) })),
        rest: interval(y.rest),
      })),
    })),
  };
}

/** Scenario discovery as its document; `sentences` are discoverySentences' (analysis-text.ts). */
export function discoveryJson(d: Discovery, sentences: readonly string[], c: DocumentContext): DiscoveryDocument {
  return {
    scenario: titleOf(c.scenario),
    target: d.target,
    trials: d.trials,
    seed: c.seed,
    probability: d.probability,
    boxes: d.boxes.map((b, k) => ({
      sentence: sentences[k],
      coverage: b.coverage,
      density: b.density,
      mass: b.mass,
      restrictions: b.limits.map((r) => ({
        ...d.features[r.input],
        label: featureLabel(d.features[r.input], c.scenario, c.lang),
        low: Number.isFinite(r.low) ? r.low : null,
        high: Number.isFinite(r.high) ? r.high : null,
      })),
      chosenStep: b.chosenStep,
      trajectory: [...b.trajectory],
    })),
  };
}

/** A paired comparison as its document: the two scenarios' titles, then the comparison as the core gives it. */
export function pairedJson(a: Scenario, b: Scenario, comparison: PairedComparison): PairedDocument {
  // the core's readonly arrays, as they are
  return { a: titleOf(a), b: titleOf(b), ...comparison } as PairedDocument;
}
