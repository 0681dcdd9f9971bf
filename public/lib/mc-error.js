// Monte Carlo error beside a probability: "38.2% ± 0.5 pt" (± one standard error), and whether a
// change between two runs is within sampling noise (smaller than 3 standard errors of the
// difference). Shared by the page, the charts and the embed. Pure: numbers in, words out.
import { formatPct, formatPp, strings } from './text.js';

/** How many standard errors a change must reach to be told apart from sampling noise. */
const NOISE_SES = 3;

/**
 * The standard error of a share `p` of `trials` independent worlds, √(p(1 − p)/N): the figure a
 * run's result carries as `probabilitySe`; runs stored before it did are given it from the same formula.
 */
export const shareSe = (p, trials) => (trials > 0 ? Math.sqrt(Math.max(0, p * (1 - p)) / trials) : 0);

/** A target's standard error: its `probabilitySe`, or √(p(1 − p)/N) for a run stored without one. */
export const targetSe = (target, trials) => target.probabilitySe ?? shareSe(target.probability, trials);

/** Percentage points of a standard error: one decimal, two below 0.05 pt (so a tiny error is not "0.0"). */
const sePoints = (se) => {
  const pt = se * 100;
  return pt > 0 && pt < 0.05 ? pt.toFixed(2) : pt.toFixed(1);
};

/** A probability with its standard error in the words of `lang`: "38.2% ± 0.5 pt". */
export const withSe = (p, se, lang = 'en') => strings(lang).analysis.page.pm(formatPct(p), sePoints(se));

/** The standard error of a difference of two independent estimates: √(se_a² + se_b²). */
export const unpairedSe = (seA, seB) => Math.sqrt(seA * seA + seB * seB);

/** Whether a change is indistinguishable from sampling noise: |change| < 3 s.e. (a zero s.e. makes only a zero change noise). */
export const isNoise = (change, se) => Math.abs(change) < NOISE_SES * se || (se === 0 && change === 0);

/** A change of probability with its standard error, signed: "+4.1 ± 0.7 pp". */
export const changeWithSe = (change, se, lang = 'en') => strings(lang).analysis.page.deltaSe(formatPp(change, 1), sePoints(se));
