/**
 * The year step, generated once per model as JavaScript with the model's constants inlined and its field loops unrolled: for each trial of a range, draw the
 * year's correlated noise from the trial's stream, decide each event's occurrence, apply each
 * field's growth model, and write the year's total, cluster and field values into their columns.
 *
 * Order within a year (DESIGN.md): growth step, then noise, then events, as
 * V(y) = step(V(y−1)) · (N · E), with the multiplier N · E kept for the replay records.
 * Only numbers and fixed names enter the generated source: no text from a scenario.
 */
import { growthModelOf } from '../growth/index.ts';
import type { CompiledModel } from '../model.ts';
import { fillNormals } from '../normal.ts';
import { impactAt } from './draw.ts';
import { generatedFunction, num, STEP_CHUNK } from './generated.ts';
import type { Layout } from './layout.ts';
import type { KernelState } from './state.ts';

/** What one call of the year step reads and writes. */
interface YearArgs {
  readonly model: CompiledModel;
  readonly state: KernelState;
  /** Column per scope index; trial t's value goes to index t. */
  readonly cols: readonly Float64Array[];
  readonly from: number;
  readonly to: number;
  /** Year step: 0 writes the base year's values, s > 0 advances from s − 1 to s. */
  readonly s: number;
  readonly eventSeed: number;
  readonly streamTrial: Uint32Array | undefined;
  readonly replay: Float64Array | undefined;
  /** Where this year's multipliers go in the replay record (layout.ts multiplierPlane), or −1: not recorded; trials below the record's are written. */
  readonly replayMult: number;
  /** Trials the replay record holds. */
  readonly replayTrials: number;
  /** Numbers in a trial's row of the replay record (layout.ts replayRow). */
  readonly replayRow: number;
}

export type YearStep = (args: YearArgs) => void;

/**
 * The generated year step of a model, writing every scope. The base year (writing values only)
 * and the later years (advancing) are two functions, so the base year's pass does not teach the
 * JIT that the advance is never taken.
 */
export function yearStep(m: CompiledModel, layout: Layout): YearStep {
  const base = generate(m, layout, false);
  const advance = generate(m, layout, true);
  const key = `${base}\n${advance}`;
  let step = steps.get(key);
  if (!step) {
    const baseFn = generatedFunction<Generated>(base, HELPERS);
    const advanceFn = generatedFunction<Generated>(advance, HELPERS);
    const scratch = { z: new Float64Array(Math.max(1, layout.normals)), eps: new Float64Array(m.fields.length) };
    step = (args) => {
      const fn = args.s > 0 ? advanceFn : baseFn;
      for (let from = args.from; from < args.to; from += STEP_CHUNK) fn(args, scratch, from, Math.min(args.to, from + STEP_CHUNK));
    };
    if (steps.size >= 64) steps.clear();
    steps.set(key, step);
  }
  return step;
}

/** Year steps by source, so a model of a shape already seen reuses its function (and scratch: the source fixes its sizes). */
const steps = new Map<string, YearStep>();
const HELPERS = { fillNormals, impactAt };

type Generated = (a: unknown, scratch: unknown, from: number, to: number) => void;

function generate(m: CompiledModel, layout: Layout, advancing: boolean): string {
  const F = m.fields.length;
  const C = m.clusters.length;
  const lines: string[] = [];
  const P = (line: string) => lines.push(line);
  P("'use strict';");
  P('const fill = h.fillNormals, impactAt = h.impactAt;');
  // an event's occurrence in a year: the uniform ((mix32(mix32(trialHash(eventSeed, trial) ^
  // 0x2545f491) ^ (key + year step × 0x9e3779b1)) + 0.5) / 2^32, counter-based, so it depends on
  // (trial, event, year) only and is drawn whether or not the event occurs; rng.ts mix32 and
  // trialHash are written out, their trial-only and year-only parts hoisted (no calls in the loop)
  P('function mx(x) { let v = x | 0; v ^= v >>> 16; v = Math.imul(v, 0x85ebca6b); v ^= v >>> 13; v = Math.imul(v, 0xc2b2ae35); v ^= v >>> 16; return v >>> 0; }');
  P(`return function ${advancing ? 'yearStep' : 'baseYear'}(a, sc, from, to) {`);
  P('const model = a.model, st = a.state, V = st.value, A = st.coefficient, K = st.capacity, N = st.noise, IMP = st.impact;');
  P('const cols = a.cols, s = a.s, eventSeed = a.eventSeed, streamTrial = a.streamTrial;');
  for (let k = 0; k < m.scopeIds.length; k++) P(`const o${k} = cols[${k}];`);
  if (advancing) {
    P('const replay = a.replay, mOff = a.replayMult, recordMult = replay !== undefined && mOff >= 0, rTrials = recordMult ? a.replayTrials : 0, row = a.replayRow;');
    P('const z = sc.z, eps = sc.eps, L = model.cholesky;');
    P('const esh = mx((eventSeed ^ 0x243f6a88) >>> 0);');
    m.events.forEach((_, e) => {
      P(`const p${e} = model.events[${e}].probabilityByStep[s], ek${e} = (model.events[${e}].key + Math.imul(s, 0x9e3779b1)) | 0;`); // | 0: the same bits under ^, and no int32 overflow for the JIT to trip on
    });
  }
  P('for (let trial = from; trial < to; trial++) {');
  P('  const t = trial, b = t * ' + F + ';');
  for (let i = 0; i < F; i++) P(`  let v${i} = V[b + ${i}];`);
  if (advancing) writeAdvance(m, layout, P);
  const clusterSum: string[] = [];
  for (let c = 0; c < C; c++) {
    const members = Array.from(m.clusters[c].fields, (i) => `v${i}`);
    P(`  const k${c} = ${members.length ? members.join(' + ') : '0'};`);
    clusterSum.push(`k${c}`);
  }
  P(`  o0[t] = ${clusterSum.join(' + ')};`);
  for (let c = 0; c < C; c++) P(`  o${1 + c}[t] = k${c};`);
  for (let i = 0; i < F; i++) P(`  o${1 + C + i}[t] = v${i};`);
  P('}');
  P('};');
  return lines.join('\n');
}

/** The advance of one trial in the generated loop: noise, events, each field's growth step. */
function writeAdvance(m: CompiledModel, layout: Layout, P: (line: string) => void): void {
  const F = m.fields.length;
  const C = m.clusters.length;
  const E = m.events.length;
  const CAP = layout.capacityCount;
  const noisy = layout.normals > 0;
  const inEvent = new Array<boolean>(F).fill(false);
  for (const ev of m.events) for (const i of ev.fields) inEvent[i] = true;
  P('  const rec = recordMult && trial < rTrials, rr = mOff + trial * row;');
  if (noisy) {
    P(`  fill(N, t * 4, z, ${layout.normals});`);
    if (m.factor) {
      const [lg, lc, lo] = m.factor;
      P(`  const G = ${num(lg)} * z[0];`);
      for (let c = 0; c < C; c++) P(`  const Q${c} = ${num(lc)} * z[${1 + c}];`);
      for (let i = 0; i < F; i++) {
        const sg = m.sigma[i];
        if (sg > 0) P(`  const n${i} = Math.exp(${num(sg)} * (G + Q${m.fieldCluster[i]} + ${num(lo)} * z[${1 + C + i}]) - ${num((sg * sg) / 2)});`);
      }
    } else {
      P(`  for (let i = 0; i < ${F}; i++) { let e = 0; const r = i * ${F}; for (let j = 0; j <= i; j++) e += L[r + j] * z[j]; eps[i] = e; }`);
      for (let i = 0; i < F; i++) {
        const sg = m.sigma[i];
        if (sg > 0) P(`  const n${i} = Math.exp(${num(sg)} * eps[${i}] - ${num((sg * sg) / 2)});`);
      }
    }
  }
  if (E > 0) {
    P('  const epm = mx((mx((esh ^ (streamTrial ? streamTrial[trial] : trial)) + 0x9e3779b9) ^ 0x2545f491) >>> 0);');
    for (let i = 0; i < F; i++) if (inEvent[i]) P(`  let f${i} = 1;`);
    m.events.forEach((ev, e) => {
      const factor = ev.impact.constant ? `IMP[t * ${E} + ${e}]` : `impactAt(model, ${e}, s, IMP[t * ${E} + ${e}])`;
      P(`  if (p${e} > 0 && (mx(epm ^ ek${e}) + 0.5) / 4294967296 < p${e}) { const x = ${factor}; ${Array.from(ev.fields, (i) => `f${i} *= x;`).join(' ')} }`);
    });
  }
  for (let i = 0; i < F; i++) {
    const noise = noisy && m.sigma[i] > 0;
    const mult = noise && inEvent[i] ? `n${i} * f${i}` : noise ? `n${i}` : inEvent[i] ? `f${i}` : '';
    const slot = layout.capacitySlot[i];
    const k = slot >= 0 ? `K[t * ${CAP} + ${slot}]` : '0';
    P(`  { const x = v${i}, c = A[b + ${i}], k = ${k}; const next = ${growthModelOf(m.fields[i].model).source('x', 'c', 'k')};`);
    P(mult ? `    const m = ${mult}; v${i} = next * m; if (rec) replay[rr + ${i}] = m; }` : `    v${i} = next; if (rec) replay[rr + ${i}] = 1; }`);
    P(`  V[b + ${i}] = v${i};`);
  }
}
