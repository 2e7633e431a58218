/**
 * Foreign keys on PostgreSQL's bulk inserts (src/db/dialects/pg-bulk.ts):
 * checked per call where the session may set session_replication_role
 * (superuser, or granted SET ON PARAMETER), by the usual per-row triggers
 * otherwise. Either way a missing parent fails the insert, a parent stored
 * before the transaction cannot be deleted under it, the stats' change
 * counter moves, and an import gives the same rows.
 */
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runSeeds } from '../../seeds/index.js';
import { bulkInserts, changeToken, insertIgnoringConflicts, insertNewRows, insertReturningIds, knexConfigFor } from '../../src/db/dialect.js';
import { CREDIT_COLUMNS } from '../../src/db/credit-store.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { adminQuery } from '../helpers/postgres-admin.js';
import { creditLines, freshPgUrl, tempFile } from '../helpers/db.js';
import { openMigrated } from '../../src/db/connect.js';

const KEY = ['episode_id', 'role_id', 'person_id'];

let parentsMade = 0;

/** A production, season, episode and person, committed; their ids and the director role's. */
async function storedParents(db: Knex): Promise<{ production: number; episode: number; person: number; director: number }> {
  const n = ++parentsMade;
  return db.transaction(async (trx) => {
    const [production] = await insertReturningIds(trx, 'productions', ['title', 'slug', 'kind', 'platform'], [[`Keys ${n}`, `keys-${n}`, 'tv', null]]);
    const [season] = await insertReturningIds(trx, 'seasons', ['production_id', 'number'], [[production!, 1]]);
    const [episode] = await insertReturningIds(trx, 'episodes', ['season_id', 'number', 'title', 'air_date'], [[season!, 1, null, null]]);
    const [person] = await insertReturningIds(trx, 'people', ['name', 'identity_key', 'gender'], [[`Kay Keys ${n}`, `kay keys ${n}`, 'woman']]);
    const director = (await trx('roles').where({ code: 'director' }).first('id')) as { id: number };
    return { production: production!, episode: episode!, person: person!, director: director.id };
  });
}

/** Run `work` in a transaction that is rolled back afterwards, whatever happens; `work`'s failures are the test's. */
async function inRolledBack(db: Knex, work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  const trx = await db.transaction();
  try {
    await work(trx);
  } finally {
    await trx.rollback().catch(() => undefined);
  }
}

const replicaRole = async (trx: Knex.Transaction): Promise<string> =>
  ((await trx.raw(`SELECT current_setting('session_replication_role') AS r`)) as { rows: Array<{ r: string }> }).rows[0]!.r;

/** A login role of the test server, dropped by the returned function (with what it owns in `dbUrl`). */
async function loginRole(dbUrl: string, grants: string[]): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject('pgAdminUrl');
  const name = `crewcount_role_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  await adminQuery(admin, `CREATE ROLE ${name} LOGIN`);
  await adminQuery(
    dbUrl,
    `GRANT USAGE ON SCHEMA public TO ${name};
     GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${name};
     GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${name};
     ${grants.map((g) => `${g} TO ${name};`).join('\n')}`,
  );
  const u = new URL(dbUrl);
  u.username = name;
  return {
    url: u.toString(),
    drop: async () => {
      await adminQuery(dbUrl, `DROP OWNED BY ${name}`);
      for (const g of grants) await adminQuery(admin, `${g.replace(/^GRANT/, 'REVOKE')} FROM ${name}`);
      await adminQuery(admin, `DROP ROLE ${name}`);
    },
  };
}

let url: string;
let dropDb: () => Promise<void>;
let db: Knex;
/** Whether the test server lets this suite create roles (a throwaway cluster does; TEST_DATABASE_URL may not). */
let canCreateRoles = false;
let serverVersion = 0;

beforeAll(async () => {
  ({ url, drop: dropDb } = await freshPgUrl());
  db = await openMigrated(url);
  const admin = knexFactory(knexConfigFor(inject('pgAdminUrl')));
  try {
    const me = (await admin.raw(
      `SELECT rolsuper OR rolcreaterole AS may, current_setting('server_version_num')::int AS version FROM pg_roles WHERE rolname = current_user`,
    )) as { rows: Array<{ may: boolean; version: number }> };
    canCreateRoles = me.rows[0]?.may === true;
    serverVersion = me.rows[0]?.version ?? 0;
  } finally {
    await admin.destroy();
  }
});
afterAll(async () => {
  await db.destroy();
  await dropDb();
});

describe('foreign keys on bulk inserts, checked per call (superuser)', () => {
  it('a missing parent fails the insert as a key violation, naming key, column and value; nothing is kept', async () => {
    const { episode, person, director } = await storedParents(db);
    for (const insert of [
      (trx: Knex.Transaction, rows: unknown[][]) => insertIgnoringConflicts(trx, 'credits', CREDIT_COLUMNS, rows as never, KEY),
      (trx: Knex.Transaction, rows: unknown[][]) => insertNewRows(trx, 'credits', CREDIT_COLUMNS, rows as never),
    ]) {
      await expect(
        db.transaction(async (trx) => {
          await insert(trx, [
            [episode, director, person, null, null, null],
            [episode, director, 987_654, null, null, null],
          ]);
        }),
      ).rejects.toThrow('insert into credits violates foreign key constraint "credits_person_id_foreign": person_id 987654 is not present in table people');
      await expect(
        db.transaction(async (trx) => {
          await insert(trx, [[876_543, director, person, null, null, null]]);
        }),
      ).rejects.toThrow(/"credits_episode_id_foreign": episode_id 876543 is not present in table episodes/);
    }
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('locks a parent stored before the transaction: deleting it waits until the insert ends', async () => {
    const { episode, person, director } = await storedParents(db);
    const other = knexFactory(knexConfigFor(url));
    const deleteWithin300ms = (table: string, id: number): Promise<unknown> =>
      other.transaction(async (t) => {
        await t.raw(`SET LOCAL lock_timeout = '300ms'`);
        await t(table).where({ id }).del();
      });
    try {
      await inRolledBack(db, async (trx) => {
        await insertIgnoringConflicts(trx, 'credits', CREDIT_COLUMNS, [[episode, director, person, null, null, null]], KEY);
        await expect(deleteWithin300ms('people', person)).rejects.toThrow(/lock timeout/);
        await expect(deleteWithin300ms('episodes', episode)).rejects.toThrow(/lock timeout/);
      });
      // The insert rolled back: the locks went with it.
      await deleteWithin300ms('people', person);
      expect(await db('people').where({ id: person }).first('id')).toBeUndefined();
    } finally {
      await other.destroy();
    }
  });

  it('sets session_replication_role for the insert only, or for a bulkInserts run until it ends', async () => {
    const { production, episode, person, director } = await storedParents(db);
    await inRolledBack(db, async (trx) => {
      await insertIgnoringConflicts(trx, 'credits', CREDIT_COLUMNS, [[episode, director, person, null, null, null]], KEY);
      expect(await replicaRole(trx)).toBe('origin');
      const inside = await bulkInserts(trx, async () => {
        const [season] = await insertReturningIds(trx, 'seasons', ['production_id', 'number'], [[production, 2]]);
        await insertReturningIds(trx, 'episodes', ['season_id', 'number', 'title', 'air_date'], [[season!, 1, null, null]]);
        return replicaRole(trx);
      });
      expect(inside).toBe('replica');
      expect(await replicaRole(trx)).toBe('origin');
    });
  });

  it('moves the change token when an import adds nothing but credits', async () => {
    const sheet = (rows: string[]): string => tempFile('c.csv', ['series,season,episode,role,person,gender', ...rows].join('\n') + '\n');
    await importFiles(db, [{ path: sheet(['Token Keys,1,1,director,Tia Token,woman', 'Token Keys,1,2,director,Tom Token,man']) }]);
    const before = await changeToken(db);
    const stats = await computeStats(db, { production: 'token-keys' });
    // Stored episodes and people: the only write is the credits insert, under replica.
    const summary = await importFiles(db, [{ path: sheet(['Token Keys,1,1,writer,Tom Token,', 'Token Keys,1,2,writer,Tia Token,']) }]);
    expect(summary).toMatchObject({ committed: true, creditsNew: 2, episodesAdded: 0, peopleAdded: 0 });
    expect(await changeToken(db)).not.toBe(before);
    expect(await computeStats(db, { production: 'token-keys' })).not.toEqual(stats);
  });
});

describe('foreign keys for roles that may not skip the triggers, and for roles granted it', () => {
  it('without the privilege: the per-row triggers check, the import gives the same credits and stats', async (ctx) => {
    if (!canCreateRoles) ctx.skip();
    const reference = await freshPgUrl();
    const plainDb = await freshPgUrl();
    const role = await loginRole(plainDb.url, []);
    const superDb = await openMigrated(reference.url);
    const asRole = knexFactory(knexConfigFor(role.url));
    try {
      for (const target of [superDb, asRole]) {
        await runSeeds(target);
        const summary = await importFiles(target, [{ path: 'data/sample/credits.csv' }]);
        expect(summary.committed).toBe(true);
      }
      expect(await creditLines(asRole)).toEqual(await creditLines(superDb));
      expect(await computeStats(asRole, {})).toEqual(await computeStats(superDb, {}));
      const { episode, director } = (await asRole('credits').first('episode_id as episode', 'role_id as director')) as { episode: number; director: number };
      const production = ((await asRole('productions').first('id')) as { id: number }).id;
      await inRolledBack(asRole, async (trx) => {
        await bulkInserts(trx, async () => {
          await insertReturningIds(trx, 'seasons', ['production_id', 'number'], [[production, 99]]);
          expect(await replicaRole(trx)).toBe('origin'); // never changed: the triggers do the checking
        });
      });
      await inRolledBack(asRole, async (trx) => {
        await expect(insertNewRows(trx, 'credits', CREDIT_COLUMNS, [[episode, director, 987_654, null, null, null]])).rejects.toThrow(
          /violates foreign key constraint "credits_person_id_foreign"/,
        );
      });
    } finally {
      await asRole.destroy();
      await superDb.destroy();
      await role.drop();
      await plainDb.drop();
      await reference.drop();
    }
  });

  it('granted SET ON PARAMETER session_replication_role: checked per call, as for a superuser', async (ctx) => {
    if (!canCreateRoles || serverVersion < 150000) ctx.skip(); // GRANT SET ON PARAMETER came with PostgreSQL 15
    const role = await loginRole(url, ['GRANT SET ON PARAMETER session_replication_role']);
    const asRole = knexFactory(knexConfigFor(role.url));
    try {
      const { episode, person, director } = await storedParents(db);
      await inRolledBack(asRole, async (trx) => {
        const inside = await bulkInserts(trx, async () => {
          await insertIgnoringConflicts(trx, 'credits', CREDIT_COLUMNS, [[episode, director, person, null, null, null]], KEY);
          return replicaRole(trx);
        });
        expect(inside).toBe('replica');
        await expect(insertNewRows(trx, 'credits', CREDIT_COLUMNS, [[episode, director, 987_654, null, null, null]])).rejects.toThrow(
          'insert into credits violates foreign key constraint "credits_person_id_foreign": person_id 987654 is not present in table people',
        );
      });
    } finally {
      await asRole.destroy();
      await role.drop();
    }
  });
});

