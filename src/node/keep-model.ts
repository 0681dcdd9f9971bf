/** Which compiled models a pool worker keeps between runs (the pool and the worker each keep a copy of the list). */

/** Models a worker keeps for later runs (a server runs the same few scenarios again and again). */
export const MODELS_KEPT = 8;

/**
 * Marks model `id` as the most recent one held in `kept` (dropping the oldest past MODELS_KEPT);
 * true when it was held already. The pool and the worker call it on the same setup messages in
 * the same order, so their lists agree without asking.
 */
export function keepModel(kept: number[], id: number): boolean {
  const i = kept.indexOf(id);
  if (i >= 0) kept.splice(i, 1);
  kept.push(id);
  if (kept.length > MODELS_KEPT) kept.shift();
  return i >= 0;
}
