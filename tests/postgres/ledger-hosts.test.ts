/**
 * A shared PostgreSQL server is used from several hosts, whose processes
 * this host cannot see. An import holds one advisory lock per ledger entry
 * for its transaction, taken before it waits for the import lock
 * (lockImports); PostgreSQL drops it with the session when the process dies.
 * So the next import, on any host, can tell a dead run from a live one.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerEntriesHeld, lockImports } from '../../src/db/dialect.js';
import { listEntries, markInterrupted, OTHER_HOST_GRACE_MS, openEntry, thisProcess, type Owner } from '../../src/db/ledger.js';
import { importFiles } from '../../src/import/service.js';
import { importPeople } from '../../src/people/service.js';
import { freshPgDb, tempFile } from '../helpers/db.js';

let db: Knex;
beforeEach(async () => {
  db = await freshPgDb();
});
afterEach(async () => {
  await db.destroy();
});

const REMOTE: Owner = { pid: 4242, host: `remote-of-${thisProcess().host}` };
/** This process, seen from a host where it is the remote one. */
const ANOTHER_HOST: Owner = { pid: 1, host: `another-${thisProcess().host}` };
const later = (): Date => new Date(Date.now() + OTHER_HOST_GRACE_MS + 1_000);
const outcomeOf = async (id: number): Promise<string | undefined> => (await listEntries(db)).find((r) => r.id === id)?.outcome;
const good = (): string => tempFile('good.csv', 'series,season,episode,role,person,gender\nLedger Show,1,1,director,Ana Ruiz,woman\n');

describe('ledger entries of other hosts on PostgreSQL', () => {
  it('one whose lock no transaction holds is marked interrupted, once a minute has passed since it began', async () => {
    const dead = await openEntry(db, 'remote.csv', REMOTE);
    // Just begun: its import may not have taken the lock yet.
    expect(await markInterrupted(db, [])).toEqual([]);
    expect(await outcomeOf(dead)).toBe('running');
    expect(await markInterrupted(db, [], thisProcess(), later())).toEqual([dead]);
    expect(await outcomeOf(dead)).toBe('interrupted');
  });

  it('one whose import transaction is open (on another connection, as on another host) stays running until it ends', async () => {
    const live = await openEntry(db, 'remote.csv', REMOTE);
    const trx = await db.transaction();
    try {
      await lockImports(trx, [live]);
      expect(await ledgerEntriesHeld(db, [live])).toEqual(new Set([live]));
      expect(await markInterrupted(db, [], thisProcess(), later())).toEqual([]);
      expect(await outcomeOf(live)).toBe('running');
    } finally {
      await trx.rollback();
    }
    // The session ended (here: its transaction): the lock is gone, and asking did not keep it.
    expect(await ledgerEntriesHeld(db, [live])).toEqual(new Set());
    expect(await markInterrupted(db, [], thisProcess(), later())).toEqual([live]);
  });

  it.each([
    ['credit', (): Promise<{ committed: boolean }> => importFiles(db, [{ path: good(), name: 'good.csv' }])],
    ['people', (): Promise<{ committed: boolean }> => importPeople(db, [{ path: tempFile('p.csv', 'person,gender\nAna Ruiz,woman\n'), name: 'good.csv' }])],
  ] as const)('a real %s import holds its entry while it waits for the import lock, and commits it afterwards', async (_kind, start) => {
    const blocker = await db.transaction();
    let pending: Promise<{ committed: boolean }> | undefined;
    try {
      await lockImports(blocker, []); // another import is running
      pending = start();
      // Wait (without a time limit of its own: the test's timeout bounds it) for the import to hold its entry.
      let entry: number | undefined;
      while (entry === undefined || !(await ledgerEntriesHeld(db, [entry]))?.has(entry)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        entry ??= (await listEntries(db)).find((r) => r.file_name === 'good.csv')?.id;
      }
      // Seen from another host a minute on, the waiting import is alive.
      expect(await markInterrupted(db, [], ANOTHER_HOST, later())).toEqual([]);
      expect(await outcomeOf(entry)).toBe('running');
      await blocker.commit();
      expect((await pending).committed).toBe(true);
      expect(await outcomeOf(entry)).toBe('committed');
    } finally {
      if (!blocker.isCompleted()) await blocker.rollback();
      await pending?.catch(() => undefined);
    }
  });
});
