/**
 * Generated kernel code: a factory compiled once per source text (`new Function`), so runs of
 * models with the same shape share one function and the JIT's work on it. Only numbers and fixed
 * names enter a generated source: no text from a scenario.
 */
const factories = new Map<string, (h: unknown) => unknown>();

/** The factory `(h) => …` whose body is `source`, compiled once per distinct source. */
export function generatedFactory<T>(source: string): (h: unknown) => T {
  let factory = factories.get(source);
  if (!factory) {
    factory = new Function('h', source) as (h: unknown) => unknown;
    if (factories.size > 64) factories.clear();
    factories.set(source, factory);
  }
  return factory as (h: unknown) => T;
}

/** A finite number as JavaScript source. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`kernel constant ${x} is not finite`);
  return Object.is(x, -0) ? '0' : String(x);
}
