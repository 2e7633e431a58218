/**
 * PostgreSQL's change token (a counter every write to the stats' tables
 * bumps in its own transaction): it moves with every committed change, not
 * with reads or rolled-back imports, and the stats cache keeps answers on
 * PostgreSQL until it moves.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { changeToken } from '../../src/db/dialect.js';
import { importFiles } from '../../src/import/service.js';
import { statsCache } from '../../src/stats/cache.js';
import { computeStats } from '../../src/stats/service.js';
import { databasePerTest, freshPgDb, seeded, tempFile } from '../helpers/db.js';

const sheetOf = (...rows: string[]): string => ['series,season,episode,role,person,gender', ...rows].join('\n') + '\n';

let db: Knex;
databasePerTest(seeded(freshPgDb), (d) => (db = d));

describe('the change token on PostgreSQL', () => {
  it('moves with each committed change to what the stats read, and only then', async () => {
    const t0 = await changeToken(db);
    expect(t0).toMatch(/^pg:\d+$/);
    await computeStats(db, {});
    await db('imports').insert({ file_name: 'x.csv', sha256: '', outcome: 'failed', started_at: '2026-01-01T00:00:00.000Z' });
    expect(await changeToken(db)).toBe(t0); // reads and ledger rows change no figure

    const failed = await importFiles(db, [{ path: tempFile('bad.csv', sheetOf('Token Show,1,1,gaffer,Ana Ruiz,woman')), name: 'bad.csv' }]);
    expect(failed.committed).toBe(false);
    expect(await changeToken(db)).toBe(t0); // rolled back, with its bumps

    await importFiles(db, [{ path: tempFile('good.csv', sheetOf('Token Show,1,1,director,Ana Ruiz,woman')), name: 'good.csv' }]);
    const t1 = await changeToken(db);
    expect(t1).not.toBe(t0);
    await db('people').where({ identity_key: 'ana ruiz' }).update({ gender: 'unknown' });
    const t2 = await changeToken(db);
    expect(t2).not.toBe(t1);
    await db('baselines').del();
    expect(await changeToken(db)).not.toBe(t2);
  });

  it('an uncommitted import is not in the token another connection reads', async () => {
    const t0 = await changeToken(db);
    await db.transaction(async (trx) => {
      await trx('people').insert({ name: 'Pending', identity_key: 'pending', gender: 'woman' });
      expect(await changeToken(trx)).not.toBe(t0); // the writer sees its own change
      expect(await changeToken(db)).toBe(t0); // others do not, until it commits
    });
    expect(await changeToken(db)).not.toBe(t0);
  });

  it('the stats cache keeps answers until the token moves', async () => {
    const stats = statsCache(db);
    const first = await stats({ unit: 'credit' });
    expect(await stats({ unit: 'credit' })).toBe(first); // the same array: kept
    await importFiles(db, [{ path: tempFile('more.csv', sheetOf('Token Show,1,1,director,Ana Ruiz,woman')), name: 'more.csv' }]);
    const after = await stats({ unit: 'credit' });
    expect(after).not.toBe(first);
    expect(after).toEqual(await computeStats(db, { unit: 'credit' }));
    expect(after.length).toBeGreaterThan(first.length);
  });
});
