/**
 * What an import reports and records: new, unchanged, updated and repeated
 * credits; dry runs; the import ledger.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { databasePerTest, freshDb, snapshot } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const COUNTS = ['creditsNew', 'creditsUnchanged', 'creditsUpdated', 'duplicateRows'] as const;

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

async function importBase(): Promise<void> {
  const summary = await importFiles(db, [{ path: fixture('base.csv') }]);
  expect(summary).toMatchObject({ committed: true, creditsNew: 6 });
}

describe('import counts', () => {
  it('counts a first import as all new, with what it added', async () => {
    const summary = await importFiles(db, [{ path: fixture('base.csv') }]);
    expect(summary).toMatchObject({
      rowsRead: 6,
      creditsNew: 6,
      creditsUnchanged: 0,
      creditsUpdated: 0,
      duplicateRows: 0,
      productionsAdded: 1,
      seasonsAdded: 1,
      episodesAdded: 3,
      peopleAdded: 4,
      issues: [],
      dryRun: false,
      committed: true,
    });
  });

  it('counts a re-imported sheet as unchanged and adds nothing', async () => {
    await importBase();
    const before = await snapshot(db);
    const again = await importFiles(db, [{ path: fixture('base.csv') }]);
    expect(again).toMatchObject({ creditsNew: 0, creditsUnchanged: 6, creditsUpdated: 0, productionsAdded: 0, episodesAdded: 0, peopleAdded: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  it('counts only the new credits of an overlapping sheet', async () => {
    await importBase();
    const summary = await importFiles(db, [{ path: fixture('overlap.csv') }]);
    expect(summary).toMatchObject({ creditsNew: 2, creditsUnchanged: 2, episodesAdded: 1, peopleAdded: 1 });
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 8 }]);
  });

  it('counts a credit repeated within a sheet once, however its names and roles are spelled', async () => {
    await importBase();
    const summary = await importFiles(db, [{ path: fixture('duplicates.csv') }]);
    // Episode 5 is new: 2 credits, 2 repeats. Episode 1 is stored: 1 unchanged, 1 repeat.
    expect(summary).toMatchObject({ rowsRead: 6, creditsNew: 2, creditsUnchanged: 1, duplicateRows: 3, peopleAdded: 1 });
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 8 }]);
  });

  it('counts a repeat within a brand-new sheet once', async () => {
    const summary = await importFiles(db, [{ path: fixture('duplicates.csv') }]);
    expect(summary).toMatchObject({ creditsNew: 3, duplicateRows: 3 });
  });

  it('counts a changed credit note or source as updated and stores it', async () => {
    await importBase();
    const summary = await importFiles(db, [{ path: fixture('notes-changed.csv') }]);
    expect(summary).toMatchObject({ creditsNew: 0, creditsUnchanged: 1, creditsUpdated: 2 });
    const rows = await db('credits').whereNotNull('credit_note').orWhereNotNull('source').select('credit_note', 'source');
    expect(rows).toEqual(
      expect.arrayContaining([
        { credit_note: 'co-directed with the second unit', source: null },
        { credit_note: null, source: 'https://example.org/harbour-lights/1x02' },
      ]),
    );
    const again = await importFiles(db, [{ path: fixture('notes-changed.csv') }]);
    expect(again).toMatchObject({ creditsUpdated: 0, creditsUnchanged: 3 });
  });

  it('does not erase a stored note when a later sheet leaves it blank', async () => {
    await importBase();
    await importFiles(db, [{ path: fixture('notes-changed.csv') }]);
    const summary = await importFiles(db, [{ path: fixture('base.csv') }]);
    expect(summary).toMatchObject({ creditsUnchanged: 6, creditsUpdated: 0 });
    expect(await db('credits').whereNotNull('credit_note').pluck('credit_note')).toEqual(['co-directed with the second unit']);
  });

  it('fills in an unknown stored gender, and never lets a blank override a known one', async () => {
    await importBase();
    const summary = await importFiles(db, [{ path: fixture('gender-filled-in.csv') }]);
    expect(summary).toMatchObject({ issues: [], peopleUpdated: 1, creditsUnchanged: 2 });
    expect(await db('people').orderBy('name').select('name', 'gender')).toEqual([
      { name: 'Idris Vale', gender: 'man' },
      { name: 'Maren Holt', gender: 'woman' },
      { name: 'Sunny Adeyemi', gender: 'non-binary' },
      { name: 'Tomas Breck', gender: 'man' },
    ]);
  });

  it('reports the same counts in a dry run and writes nothing', async () => {
    await importBase();
    const before = await snapshot(db);
    const ledgerBefore = await db('imports').select('*');
    const dry = await importFiles(db, [{ path: fixture('overlap.csv') }, { path: fixture('notes-changed.csv') }], { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, committed: false, issues: [] });
    expect(await snapshot(db)).toEqual(before);
    expect(await db('imports').select('*')).toEqual(ledgerBefore);

    const real = await importFiles(db, [{ path: fixture('overlap.csv') }, { path: fixture('notes-changed.csv') }]);
    expect(real.committed).toBe(true);
    for (const key of COUNTS) expect(dry[key], key).toBe(real[key]);
    expect({ ...dry, dryRun: true, committed: true }).toEqual({ ...real, dryRun: true });
  });
});

describe('the import ledger', () => {
  it('records a committed import with the file digest, rows read and credits added', async () => {
    const path = fixture('overlap.csv');
    await importBase();
    await importFiles(db, [{ path, name: 'overlap.csv' }]);
    const entries = await db('imports').orderBy('id');
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({
      file_name: 'overlap.csv',
      outcome: 'committed',
      sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
      rows_read: 4,
      credits_added: 2,
      credits_unchanged: 2,
      credits_updated: 0,
      error_count: 0,
      message: null,
    });
    expect(Date.parse(entries[1].finished_at)).toBeGreaterThanOrEqual(Date.parse(entries[1].started_at));
  });

  it('records each file of a multi-file import with its own counts', async () => {
    const summary = await importFiles(db, [
      { path: fixture('base.csv'), name: 'base.csv' },
      { path: fixture('overlap.csv'), name: 'overlap.csv' },
    ]);
    expect(summary).toMatchObject({ committed: true, creditsNew: 8, creditsUnchanged: 0, duplicateRows: 2 });
    expect(await db('imports').orderBy('id').select('file_name', 'outcome', 'rows_read', 'credits_added')).toEqual([
      { file_name: 'base.csv', outcome: 'committed', rows_read: 6, credits_added: 6 },
      { file_name: 'overlap.csv', outcome: 'committed', rows_read: 4, credits_added: 2 },
    ]);
  });

  it('traces every credit to the import that added it', async () => {
    await importBase();
    await importFiles(db, [{ path: fixture('overlap.csv') }]);
    const byImport = await db('credits').select('import_id').count({ n: '*' }).groupBy('import_id').orderBy('import_id');
    expect(byImport).toEqual([
      { import_id: 1, n: 6 },
      { import_id: 2, n: 2 },
    ]);
  });
});
