/**
 * The central path: every parameter at its median, no noise, no events. Values per scope index
 * (0 total, 1..C clusters, C+1..C+F fields), each aligned with the model's years.
 */
import { growthModelOf } from '../growth/index.ts';
import type { CompiledField, CompiledLever } from '../model.ts';

export interface CentralInput {
  readonly steps: number;
  readonly fields: readonly CompiledField[];
  readonly clusters: readonly { readonly fields: Int32Array }[];
  readonly levers: readonly CompiledLever[];
  readonly shift: Float64Array;
}

export function centralPath(m: CentralInput): Float64Array[] {
  const F = m.fields.length;
  const C = m.clusters.length;
  const Y = m.steps;
  const out = Array.from({ length: 1 + C + F }, () => new Float64Array(Y + 1));
  const uplift = new Float64Array(F * Y);
  for (const lever of m.levers) {
    for (const effect of lever.effects) {
      for (let s = 0; s < Y; s++) {
        const value = effect.param.byStep[s + 1].median * (lever.delivery.byStep[s + 1].median - 1);
        for (const i of effect.fields) uplift[i * Y + s] += value;
      }
    }
  }
  m.fields.forEach((f, i) => {
    const model = growthModelOf(f.model);
    const b = f.base.byStep[0].median;
    let v = b > 0 ? b : 0;
    out[1 + C + i][0] = v;
    for (let s = 1; s <= Y; s++) {
      const g = f.rates[f.rateOfStep[s - 1]].byStep[s].median + (uplift[i * Y + s - 1] + m.shift[i]);
      v = model.step(v, model.coefficient(g), f.capacity ? f.capacity.byStep[s].median : 0);
      out[1 + C + i][s] = v;
    }
  });
  for (let s = 0; s <= Y; s++) {
    let total = 0;
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (const i of m.clusters[c].fields) sum += out[1 + C + i][s];
      out[1 + c][s] = sum;
      total += sum;
    }
    out[0][s] = total;
  }
  return out;
}
