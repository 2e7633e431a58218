/** Figures as people print them: one decimal place, shared by the CLI table and the dashboard. */

/**
 * x to one decimal place, an exact decimal half away from zero. toFixed
 * rounds the binary value, so 0.2875 × 100 (28.749999999999996) would print
 * 28.7 beside 6.25's 6.3; 12 significant digits first recover the decimal.
 */
export function oneDecimal(x: number): string {
  const tenths = Math.round(Number((Math.abs(x) * 10).toPrecision(12)));
  // No sign on a figure that rounds to zero: -0.04 is 0.0.
  return `${x < 0 && tenths > 0 ? '-' : ''}${Math.trunc(tenths / 10)}.${tenths % 10}`;
}
