/**
 * One year of compound growth: V(y) = V(y−1) · max(0, 1 + g), where g already includes the lever
 * uplift and any shift. Output never goes negative.
 */
export function cagr(valueCnyBn: number, growthPerYear: number): number {
  const factor = 1 + growthPerYear;
  return factor > 0 ? valueCnyBn * factor : 0;
}
