/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe
 * 1998, method 3). Unlike the normal approximation it stays inside [0, 1]
 * and behaves at 0 and 100%, which small crews hit all the time. `n` may be
 * fractional (the episode unit splits co-credits).
 */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 and 100% the bound is exactly 0 (or 1); floating point would leave ±1e-19 there.
  return {
    low: successes <= 0 ? 0 : Math.max(0, centre - halfWidth),
    high: successes >= n ? 1 : Math.min(1, centre + halfWidth),
  };
}

/**
 * Share of women among people of known gender. Unknown gender is left out of
 * the denominator (it is neither evidence for nor against) but is always
 * reported beside the share, so a reader sees how much is unknown.
 */
export function shareOfKnownGender(women: number, known: number): number | null {
  return known > 0 ? women / known : null;
}
