/**
 * Wilson score intervals against published values: Newcombe RG (1998),
 * "Two-sided confidence intervals for the single proportion: comparison of
 * seven methods", Statistics in Medicine 17:857–872, Table I, method 3
 * (score interval without continuity correction).
 */
import { describe, expect, it } from 'vitest';
import { shareOfKnownGender, wilsonInterval, Z95 } from '../../src/stats/wilson.js';

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

describe('wilsonInterval', () => {
  it.each([
    // r, n, lower, upper as printed in Newcombe 1998, Table I
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%i/%i → %f–%f (Newcombe 1998, Table I)', (r, n, low, high) => {
    const ci = wilsonInterval(r, n)!;
    expect(round4(ci.low)).toBe(low);
    expect(round4(ci.high)).toBe(high);
  });

  it('uses the two-sided 95% normal quantile', () => {
    expect(Z95).toBeCloseTo(1.959964, 6);
  });

  it('is null with no known-gender people, and stays inside [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(0, -1)).toBeNull();
    for (const [r, n] of [
      [0, 1],
      [1, 1],
      [0, 1000],
      [1000, 1000],
      [0.5, 0.5],
    ] as const) {
      const ci = wilsonInterval(r, n)!;
      expect(ci.low).toBeGreaterThanOrEqual(0);
      expect(ci.high).toBeLessThanOrEqual(1);
      expect(ci.low).toBeLessThanOrEqual(r / n);
      expect(ci.high).toBeGreaterThanOrEqual(r / n);
    }
  });

  it('1/1 and 0/1: the closed forms n/(n+z²) and z²/(n+z²)', () => {
    const z2 = Z95 * Z95;
    expect(wilsonInterval(1, 1)!.low).toBeCloseTo(1 / (1 + z2), 12);
    expect(wilsonInterval(1, 1)!.high).toBe(1);
    expect(wilsonInterval(0, 1)!.low).toBe(0);
    expect(wilsonInterval(0, 1)!.high).toBeCloseTo(z2 / (1 + z2), 12);
  });

  it('is symmetric: the interval for women is 1 − the interval for the rest', () => {
    const a = wilsonInterval(15, 148)!;
    const b = wilsonInterval(133, 148)!;
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it('accepts the episode unit’s fractional counts', () => {
    // 1.5 of 2: p = 0.75, centre and half width from the formula
    const z2 = Z95 * Z95;
    const n = 2;
    const p = 0.75;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
    const ci = wilsonInterval(1.5, 2)!;
    expect(ci.low).toBeCloseTo(centre - half, 12);
    expect(ci.high).toBeCloseTo(centre + half, 12);
  });
});

describe('shareOfKnownGender', () => {
  it('is women over known, null when none is known', () => {
    expect(shareOfKnownGender(4, 11)).toBeCloseTo(4 / 11, 12);
    expect(shareOfKnownGender(0, 0)).toBeNull();
    expect(shareOfKnownGender(0, 3)).toBe(0);
  });
});
