/** Imports on PostgreSQL: counts, all-or-nothing, and two imports at once. */
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CREDITS_FILE } from '../../seeds/02-sample-credits.js';
import { listEntries } from '../../src/db/ledger.js';
import { importFiles } from '../../src/import/service.js';
import { databasePerTest, freshDb, freshPgDb, snapshot } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const COUNTS = ['creditsNew', 'creditsUnchanged', 'creditsUpdated', 'duplicateRows', 'productionsAdded', 'episodesAdded', 'peopleAdded', 'peopleUpdated', 'episodesUpdated'] as const;
const counts = (s: Record<(typeof COUNTS)[number], number>) => Object.fromEntries(COUNTS.map((k) => [k, s[k]]));

let db: Knex;
databasePerTest(freshPgDb, (d) => (db = d));

describe('import on PostgreSQL', () => {
  it('imports the sample data, then re-imports it as all unchanged, with the counts SQLite gives', async () => {
    const lite = await freshDb();
    try {
      for (let round = 0; round < 2; round++) {
        const [a, b] = [await importFiles(lite, [{ path: SAMPLE_CREDITS_FILE }]), await importFiles(db, [{ path: SAMPLE_CREDITS_FILE }])];
        expect(b.committed).toBe(true);
        expect(b.issues).toEqual([]);
        expect(counts(b)).toEqual(counts(a));
        if (round === 0) expect(b.creditsNew).toBeGreaterThanOrEqual(50);
        else expect(b).toMatchObject({ creditsNew: 0, creditsUnchanged: a.creditsUnchanged, productionsAdded: 0, peopleAdded: 0 });
      }
      expect(await snapshot(db)).toEqual(await snapshot(lite));
    } finally {
      await lite.destroy();
    }
  });

  it('counts new, unchanged, updated and repeated credits', async () => {
    expect(await importFiles(db, [{ path: fixture('base.csv') }])).toMatchObject({ committed: true, creditsNew: 6, peopleAdded: 4, episodesAdded: 3 });
    expect(await importFiles(db, [{ path: fixture('overlap.csv') }])).toMatchObject({ creditsNew: 2, creditsUnchanged: 2, episodesAdded: 1, peopleAdded: 1 });
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 8 }]); // a bigint, given as a number as on SQLite
    const notes = await importFiles(db, [{ path: fixture('notes-changed.csv') }]);
    expect(notes.creditsUpdated).toBeGreaterThan(0);
    const dup = await importFiles(db, [{ path: fixture('duplicates.csv') }]);
    expect(dup.duplicateRows).toBeGreaterThan(0);
    const dry = await importFiles(db, [{ path: fixture('co-credits.csv') }], { dryRun: true });
    const before = await snapshot(db);
    expect(dry).toMatchObject({ dryRun: true, committed: false });
    expect(await snapshot(db)).toEqual(before);
    const real = await importFiles(db, [{ path: fixture('co-credits.csv') }]);
    expect(counts(real)).toEqual(counts(dry));
  });

  it('writes nothing when any file has an error, and records the failure', async () => {
    await importFiles(db, [{ path: fixture('base.csv') }]);
    const before = await snapshot(db);
    for (const bad of ['errors/several-problems.csv', 'errors/gender-vs-stored.csv', 'errors/ragged-row.csv']) {
      const summary = await importFiles(db, [{ path: fixture('overlap.csv') }, { path: fixture(bad) }]);
      expect(summary.committed, bad).toBe(false);
      expect(summary.issues.length, bad).toBeGreaterThan(0);
      expect(await snapshot(db), bad).toEqual(before);
    }
    const outcomes = (await listEntries(db)).map((e) => e.outcome);
    expect(outcomes[0]).toBe('committed');
    expect(outcomes.slice(1).every((o) => o === 'failed')).toBe(true);
  });

  it('serialises two imports at once: each sees the other whole', async () => {
    const [a, b] = await Promise.all([importFiles(db, [{ path: SAMPLE_CREDITS_FILE }]), importFiles(db, [{ path: SAMPLE_CREDITS_FILE }])]);
    expect(a.committed && b.committed).toBe(true);
    const [first, second] = a.creditsNew > 0 ? [a, b] : [b, a];
    expect(second).toMatchObject({ creditsNew: 0, creditsUnchanged: first.creditsNew, productionsAdded: 0, peopleAdded: 0 });
    const n = (await db('credits').count({ n: '*' }))[0]?.n;
    expect(Number(n)).toBe(first.creditsNew);
    expect((await listEntries(db)).map((e) => e.outcome)).toEqual(['committed', 'committed']);
  });

  it('serialises overlapping imports of different sheets', async () => {
    const files = ['base.csv', 'overlap.csv', 'co-credits.csv', 'names.csv'].map((f) => ({ path: fixture(f) }));
    const results = await Promise.all(files.map((f) => importFiles(db, [f])));
    expect(results.every((r) => r.committed)).toBe(true);
    const n = (await db('credits').count({ n: '*' }))[0]?.n;
    expect(Number(n)).toBe(results.reduce((sum, r) => sum + r.creditsNew, 0));
    // the same sheets one after the other on SQLite store the same credits
    const lite = await freshDb();
    try {
      for (const f of files) await importFiles(lite, [f]);
      const m = (await lite('credits').count({ n: '*' }))[0]?.n;
      expect(Number(n)).toBe(Number(m));
    } finally {
      await lite.destroy();
    }
  });
});
