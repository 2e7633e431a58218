import { afterEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { openDatabase, migrateLatest, migrateRollbackAll } from '../../src/db/connect.js';
import { listTables } from '../../src/db/dialect.js';

describe('migrations', () => {
  let db: Knex | undefined;
  afterEach(async () => {
    await db?.destroy();
  });

  it('create every table on a fresh database and drop them all again', async () => {
    db = openDatabase(':memory:');
    await migrateLatest(db);
    const tables = await listTables(db);
    for (const t of ['productions', 'seasons', 'episodes', 'people', 'roles', 'credits', 'imports']) {
      expect(tables).toContain(t);
    }
    await migrateRollbackAll(db);
    const after = (await listTables(db)).filter((t) => !t.startsWith('knex_'));
    expect(after).toEqual([]);
    await migrateLatest(db);
    expect(await listTables(db)).toContain('credits');
  });

  it('enforce the gender vocabulary and foreign keys in the database itself', async () => {
    db = openDatabase(':memory:');
    await migrateLatest(db);
    await expect(db('people').insert({ name: 'X', identity_key: 'x', gender: 'female' })).rejects.toThrow(/CHECK/i);
    await expect(db('seasons').insert({ production_id: 999, number: 1 })).rejects.toThrow(/FOREIGN KEY/i);
  });
});
