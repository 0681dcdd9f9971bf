/**
 * The kernel's leaf loops that turn a chunk's uniforms (or scores) into draws, one small loop per
 * sampler kind, each its own function, so each is optimized once for its own kind (a shared loop
 * with a switch is re-optimized every time a new kind comes along).
 */
import type { Sampler } from '../sampler.ts';
import { probit, zTableAt } from '../special.ts';
import { triangularQuantile } from '../distributions/triangular.ts';

export function scores(zg: Float64Array, lg: number, lo: number, u: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) u[k] = lg * zg[k] + lo * probit(u[k]);
}
export function normalFromZ(z: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = a + b * z[k];
}
export function lognormalFromZ(z: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = Math.exp(a + b * z[k]);
}
export function tableFromZ(z: Float64Array, out: Float64Array, n: number, a: number, b: number, table: Float64Array): void {
  for (let k = 0; k < n; k++) out[k] = a + b * zTableAt(table, z[k]);
}
export function normalFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = a + b * probit(u[k]);
}
export function lognormalFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = Math.exp(a + b * probit(u[k]));
}
export function uniformFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number): void {
  for (let k = 0; k < n; k++) out[k] = a + u[k] * b;
}
export function triangularFromU(u: Float64Array, out: Float64Array, n: number, s: Sampler): void {
  for (let k = 0; k < n; k++) out[k] = triangularQuantile(s, u[k]);
}
export function tableFromU(u: Float64Array, out: Float64Array, n: number, a: number, b: number, table: Float64Array): void {
  for (let k = 0; k < n; k++) out[k] = a + b * zTableAt(table, probit(u[k]));
}
