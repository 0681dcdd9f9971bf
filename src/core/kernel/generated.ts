/**
 * Generated kernel code: compiled once per source text (`new Function`) and instantiated once, so
 * runs of models with the same shape (a new seed, a new request, a worker's next run) call the
 * same function and keep the JIT's optimized code. A generated function therefore reads
 * everything that belongs to one model or run from its arguments, never from its closure. Only
 * numbers and fixed names enter a generated source: no text from a scenario.
 */
const instances = new Map<string, unknown>();
/** Distinct sources kept per thread (a server that sees many scenario shapes starts again past this). */
const KEPT = 64;

/**
 * The function returned by the body `source`, which is called once with `helpers` (module-level
 * functions it uses) under the name `h`. Instantiated once per distinct source in this thread.
 */
export function generatedFunction<T>(source: string, helpers: object): T {
  let fn = instances.get(source);
  if (fn === undefined) {
    fn = (new Function('h', source) as (h: object) => unknown)(helpers);
    if (instances.size >= KEPT) instances.clear();
    instances.set(source, fn);
  }
  return fn as T;
}

/**
 * Trials per call of a generated function's loop. Calls over a few thousand trials let the JIT
 * optimize the function once, as a function; one call over a whole range is optimized while it
 * runs (on-stack replacement) and then again when called next (measured: two optimizations of the
 * year step per worker, ~12 ms each, in a 100k-trial run).
 */
export const STEP_CHUNK = 4096;

/** A finite number as JavaScript source. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`kernel constant ${x} is not finite`);
  return Object.is(x, -0) ? '0' : String(x);
}
