/**
 * One snapshot per stats answer on PostgreSQL (issue 8; the SQLite version
 * is in tests/hardening/concurrent-readers.test.ts): computeStats runs every
 * query in one REPEATABLE READ READ ONLY transaction, so an import that
 * commits while it reads is either wholly in the answer or not at all.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/db/dialect.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { databasePerTest, freshPgDb, seeded, tempFile } from '../helpers/db.js';

const creditTotal = (rows: Array<{ unit: string; total: number }>): number => rows.filter((r) => r.unit === 'credit').reduce((n, r) => n + r.total, 0);

let db: Knex;
databasePerTest(seeded(freshPgDb), (d) => (db = d));

describe('stats read one snapshot on PostgreSQL', () => {
  it('every query of one computeStats runs in one read-only repeatable-read transaction, one after the other', async () => {
    const seen: Array<{ sql: string; tx: unknown }> = [];
    const listen = (q: { sql: string; __knexTxId?: unknown }): void => void seen.push({ sql: q.sql, tx: q.__knexTxId });
    // One after the other, too: node-postgres deprecates a query sent while its connection runs another.
    const warnings: string[] = [];
    const warned = (w: Error): void => void warnings.push(w.message);
    db.on('query', listen);
    process.on('warning', warned);
    try {
      await computeStats(db, {});
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      db.off('query', listen);
      process.off('warning', warned);
    }
    expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
    const begin = seen.find((q) => /^BEGIN/i.test(q.sql));
    expect(begin?.sql).toMatch(/ISOLATION LEVEL REPEATABLE READ/i);
    expect(begin?.sql).toMatch(/READ ONLY/i);
    const reads = seen.filter((q) => /^select/i.test(q.sql));
    expect(reads.length).toBeGreaterThan(2);
    expect(new Set(reads.map((q) => q.tx)).size).toBe(1);
    expect(reads[0]!.tx).toBe(begin!.tx);
  });

  it('an import that commits while a snapshot is open is not in it, and is wholly in the next', async () => {
    const sheet = tempFile(
      'late.csv',
      ['series,season,episode,role,person,gender', "Marvel's Jessica Jones,2,1,editor,Snapshot Person,woman", "Marvel's Jessica Jones,99,1,director,Snapshot Person,woman"].join('\n') + '\n',
    );
    const before = creditTotal(await computeStats(db, {}));
    const during = await readSnapshot(db, async (snapshot) => {
      const first = creditTotal(await computeStats(snapshot, {}));
      // Another connection of the pool commits an existing season's credit and a new season's.
      const summary = await importFiles(db, [{ path: sheet, name: 'late.csv' }]);
      expect(summary).toMatchObject({ committed: true, creditsNew: 2, seasonsAdded: 1 });
      return [first, creditTotal(await computeStats(snapshot, {}))];
    });
    expect(during).toEqual([before, before]);
    expect(creditTotal(await computeStats(db, {}))).toBe(before + 4); // two credits, each in its role row and in `all`
  });
});
