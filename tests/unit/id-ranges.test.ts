/**
 * IdRanges (src/lib/id-ranges.ts) holds the ids a PostgreSQL import inserted
 * itself, whose rows its key checks need not lock: it must hold exactly the
 * ids added, in any order, and keep runs of consecutive ids as one range.
 */
import { describe, expect, it } from 'vitest';
import { IdRanges } from '../../src/lib/id-ranges.js';

/** A small seeded generator, so a failure can be replayed. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

describe('IdRanges', () => {
  it('keeps a sequence’s runs as one range each', () => {
    const ranges = new IdRanges();
    ranges.add([1, 2, 3, 4, 5]);
    ranges.add([6, 7]);
    ranges.add([10, 11, 12]);
    expect(ranges.rangeCount).toBe(2);
    expect([0, 1, 5, 7, 8, 9, 10, 12, 13].map((id) => ranges.has(id))).toEqual([false, true, true, true, false, false, true, true, false]);
    ranges.add([9, 8]); // fills the gap: one range again
    expect(ranges.rangeCount).toBe(1);
    expect(ranges.has(8) && ranges.has(9)).toBe(true);
  });

  it('holds exactly the ids added, in any order, repeats and gaps included (against a Set, 200 seeded cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = generator(seed);
      const ranges = new IdRanges();
      const expected = new Set<number>();
      for (let call = 0; call < 20; call++) {
        const start = Math.floor(random() * 300);
        const ids = Array.from({ length: Math.floor(random() * 12) }, (_, i) => (random() < 0.8 ? start + i : Math.floor(random() * 300)));
        ranges.add(ids);
        for (const id of ids) expected.add(id);
      }
      const wrong = Array.from({ length: 320 }, (_, id) => id - 5).filter((id) => ranges.has(id) !== expected.has(id));
      expect(wrong, `seed ${seed}`).toEqual([]);
      // Ranges are maximal: as many as the runs of consecutive ids in the set.
      const sorted = [...expected].sort((a, b) => a - b);
      const runs = sorted.filter((id, i) => i === 0 || id !== sorted[i - 1]! + 1).length;
      expect(ranges.rangeCount, `seed ${seed}`).toBe(runs);
    }
  });
});
