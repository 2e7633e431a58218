/** The knex migrations on PostgreSQL: up, down, up again; constraints in the database itself. */
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateLatest, migrateRollbackAll, openDatabase } from '../../src/db/connect.js';
import { dialectOf, listTables } from '../../src/db/dialect.js';
import { freshPgUrl } from '../helpers/db.js';

describe('migrations on PostgreSQL', () => {
  let db: Knex | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('create every table, drop them all again, and create them again', async () => {
    const fresh = await freshPgUrl();
    drop = fresh.drop;
    db = openDatabase(fresh.url);
    expect(dialectOf(db)).toBe('postgres');
    await migrateRollbackAll(db); // the template is migrated: start from nothing
    expect((await listTables(db)).filter((t) => !t.startsWith('knex_'))).toEqual([]);
    await migrateLatest(db);
    const tables = await listTables(db);
    for (const t of ['productions', 'seasons', 'episodes', 'people', 'roles', 'credits', 'imports', 'baselines']) expect(tables).toContain(t);
    await migrateRollbackAll(db);
    expect((await listTables(db)).filter((t) => !t.startsWith('knex_'))).toEqual([]);
    await migrateLatest(db);
    expect(await listTables(db)).toContain('credits');
  });

  it('enforce the gender vocabulary and foreign keys', async () => {
    const fresh = await freshPgUrl();
    drop = fresh.drop;
    db = openDatabase(fresh.url);
    await expect(db('people').insert({ name: 'X', identity_key: 'x', gender: 'female' })).rejects.toThrow(/check constraint/i);
    await expect(db('seasons').insert({ production_id: 999, number: 1 })).rejects.toThrow(/foreign key/i);
  });
});
