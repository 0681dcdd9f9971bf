/**
 * Shapley values (Shapley 1953): a gap v(all) − v(none) split among players (here the channels
 * by which scenario b differs from a: growth, levers, events, noise, base values) so that the
 * parts add up to the gap and do not depend on the order in which channels are switched: each
 * player's part is its marginal effect averaged over every order,
 *   φ_i = Σ_{S ⊆ N∖{i}} |S|!(n − |S| − 1)!/n! · (v(S ∪ {i}) − v(S)).
 * `value(mask)` is called once per subset (bit i set: player i switched to b), 2^n calls.
 */

/** Most players (2^n evaluations). */
const SHAPLEY_MAX_PLAYERS = 12;

/** Each player's Shapley value of the game `value` over n players. */
export function shapleyValues(n: number, value: (mask: number) => number): number[] {
  if (!Number.isInteger(n) || n < 1 || n > SHAPLEY_MAX_PLAYERS) throw new RangeError(`players must be a whole number from 1 to ${SHAPLEY_MAX_PLAYERS}, got ${n}`);
  const v = new Float64Array(1 << n);
  for (let mask = 0; mask < 1 << n; mask++) v[mask] = value(mask);
  const factorial = [1];
  for (let k = 1; k <= n; k++) factorial[k] = factorial[k - 1] * k;
  const phi = new Array<number>(n).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let size = 0;
    for (let m = mask; m; m &= m - 1) size++;
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) continue;
      phi[i] += ((factorial[size] * factorial[n - size - 1]) / factorial[n]) * (v[mask | (1 << i)] - v[mask]);
    }
  }
  return phi;
}
