/**
 * The likelihood of an observation given a trial's value of its scope in its year: the published
 * figure y is the scope's value x times a lognormal error, log y ~ N(log x, σ²), where σ is the
 * definition's uncertainty and, for a range [low, high] read as a 90% interval, the range's own
 * spread ln(high/low)/(2·1.645) in quadrature (the range's centre is its geometric mean).
 * Written here: a Gaussian in logs needs no library.
 */
import type { Observation } from '../../schema/observation.ts';

/** z of a 90% interval's ends. */
const Z90 = 1.6448536269514722;

/** The observation's centre in logs and its σ. */
export function observationLogNormal(o: Observation): { readonly mu: number; readonly sigma: number } {
  if (o.value !== undefined) return { mu: Math.log(o.value), sigma: o.definitionUncertainty };
  const low = o.low as number;
  const high = o.high as number;
  const spread = Math.log(high / low) / (2 * Z90);
  return { mu: 0.5 * (Math.log(low) + Math.log(high)), sigma: Math.hypot(o.definitionUncertainty, spread) };
}

/** Adds each trial's log-likelihood of the observation (values: the scope's value in its year, per trial) to `into`. */
export function addLogLikelihood(values: Float64Array, mu: number, sigma: number, into: Float64Array): void {
  const k = -0.5 / (sigma * sigma);
  for (let j = 0; j < values.length; j++) {
    const x = values[j];
    if (!(x > 0)) {
      into[j] = -Infinity;
      continue;
    }
    const d = Math.log(x) - mu;
    into[j] += k * d * d;
  }
}
