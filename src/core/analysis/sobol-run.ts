/**
 * Variance-based sensitivity on request (issue 11, tier 2): Sobol' first-order and total indices
 * of each output for every group of inputs (or every single input), from Saltelli's design
 * (saltelli.ts) run through the kernel block by block. The two random streams are varied as
 * groups of their own: block A runs on one pair of stream seeds and B on another, and the A_B
 * block of `noise` (of `event-occurrence`) runs A's inputs with B's noise seed (event seed).
 */
import type { CompiledModel } from '../model.ts';
import { mix32 } from '../rng.ts';
import type { Interval } from './resample.ts';
import type { AnalysisOutput } from './output-ids.ts';
import { evaluateOutputs } from './outputs.ts';
import { parameterGroups, groupOf, type ParameterGroup } from './parameters.ts';
import { saltelliDesign } from './saltelli.ts';
import { sobolIndices } from './sobol.ts';

export interface SobolRequest {
  /** Base rows N per block; evaluations are N · (groups + 2). */
  readonly n: number;
  /** `group`: the groups of parameters.ts; `input`: every input alone, and the two streams. */
  readonly by: 'group' | 'input';
  readonly seed: number;
  readonly resamples?: number;
  readonly confidence?: number;
  /** Called after each block with (blocks done, blocks in all). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** What was varied: a group, or one input (with its group). */
interface SobolFactor {
  readonly id: string;
  readonly group: string;
  /** The input's path, for an input. */
  readonly path?: string;
}

export interface SobolSensitivity {
  readonly method: 'sobol';
  readonly by: 'group' | 'input';
  readonly n: number;
  /** Model evaluations (trials) used: N · (factors + 2). */
  readonly evaluations: number;
  readonly confidence: number;
  readonly factors: readonly SobolFactor[];
  readonly outputs: readonly { readonly output: string; readonly indices: readonly { readonly first: Interval; readonly total: Interval }[] }[];
}

/** The factors a request varies, as groups of input columns or streams. */
function sobolFactors(model: CompiledModel, by: 'group' | 'input'): { factor: SobolFactor; group: ParameterGroup }[] {
  const groups = parameterGroups(model);
  if (by === 'group') return groups.map((g) => ({ factor: { id: g.id, group: g.id }, group: g }));
  const inputs = model.inputs.map((input, i) => ({ factor: { id: input.path, group: groupOf(model, i), path: input.path }, group: { id: input.path, inputs: [i] } }));
  return [...inputs, ...groups.filter((g) => g.stream).map((g) => ({ factor: { id: g.id, group: g.id }, group: g }))];
}

/** Sobol' indices of the outputs for the request's factors. */
export function sobolSensitivity(model: CompiledModel, outputs: readonly AnalysisOutput[], request: SobolRequest): SobolSensitivity {
  const factors = sobolFactors(model, request.by);
  const width = model.inputs.length;
  const n = request.n;
  const inputGroups = factors.map((f) => f.group.inputs);
  const design = saltelliDesign(n, width, inputGroups, request.seed);
  const columns = model.inputs.map((x) => x.path);
  const seeds = {
    a: { noise: mix32(request.seed ^ 0x1a2b3c4d), events: mix32(request.seed ^ 0x5e6f7a8b) },
    b: { noise: mix32(request.seed ^ 0x13579bdf), events: mix32(request.seed ^ 0x2468ace0) },
  };
  const blocks = factors.length + 2;
  const run = (block: number, noiseSeed: number, eventSeed: number): Float64Array[] => {
    const values = design.values.subarray(block * n * width, (block + 1) * n * width);
    const out = evaluateOutputs(model, outputs, { trials: n, seed: request.seed, noiseSeed, eventSeed, design: width ? { values, columns } : undefined }, request.signal).values;
    request.onProgress?.(block + 1, blocks);
    return out;
  };
  const a = run(0, seeds.a.noise, seeds.a.events);
  const b = run(1, seeds.b.noise, seeds.b.events);
  const ab = factors.map(({ group }, g) => run(g + 2, group.stream === 'noise' ? seeds.b.noise : seeds.a.noise, group.stream === 'events' ? seeds.b.events : seeds.a.events));
  const confidence = request.confidence ?? 0.95;
  return {
    method: 'sobol',
    by: request.by,
    n,
    evaluations: n * blocks,
    confidence,
    factors: factors.map((f) => f.factor),
    outputs: outputs.map((o, k) => ({
      output: o.id,
      indices: sobolIndices({ a: a[k], b: b[k], ab: ab.map((x) => x[k]) }, { resamples: request.resamples ?? 200, confidence, seed: request.seed }),
    })),
  };
}
