/** What compiling one scenario shares: its years, the issues found so far and the inputs registered. */
import type { Issue } from '../errors.ts';
import type { ModelInput } from '../model.ts';

export interface Ctx {
  readonly baseYear: number;
  readonly steps: number;
  readonly issues: Issue[];
  readonly inputs: ModelInput[];
}

/** Steps from..to inclusive. */
export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s++) out.push(s);
  return out;
}
