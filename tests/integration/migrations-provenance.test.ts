/** The gender-provenance migration on its own: columns, CHECKs and the history table, up and down (SQLite and PostgreSQL). */
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationSource } from '../../src/db/migrations/index.js';
import { listTables } from '../../src/db/dialect.js';
import { freshDb } from '../helpers/db.js';

const NAME = '20260101000900-add-gender-provenance';

/** Roll back to just before the provenance migration (the migrations after it first), one knex migrate.down at a time. */
async function rollBackProvenance(db: Knex): Promise<void> {
  const names = await migrationSource.getMigrations!([]);
  for (let i = names.indexOf(NAME); i < names.length; i++) await db.migrate.down({ migrationSource });
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
  expect(pending.length).toBe(names.length - names.indexOf(NAME));
}

describe('the gender-provenance migration', () => {
  let db: Knex | undefined;
  afterEach(async () => {
    await db?.destroy();
  });

  it('gives people a provenance defaulting to unknown, checked against the vocabulary, and a history table', async () => {
    db = await freshDb();
    expect(await listTables(db)).toContain('gender_history');
    await db('people').insert({ name: 'A', identity_key: 'a', gender: 'woman' });
    expect(await db('people').first('gender_source', 'gender_source_url', 'gender_note')).toEqual({ gender_source: 'unknown', gender_source_url: null, gender_note: null });
    await expect(db('people').insert({ name: 'B', identity_key: 'b', gender: 'man', gender_source: 'gossip' })).rejects.toThrow(/check/i);
    const { id } = (await db('people').first('id'))!;
    await expect(db('gender_history').insert({ person_id: id, gender: 'female', gender_source: 'unknown', replaced_at: 'x' })).rejects.toThrow(/check/i);
    await expect(db('gender_history').insert({ person_id: 999, gender: 'man', gender_source: 'unknown', replaced_at: 'x' })).rejects.toThrow(/foreign key/i);
  });

  it('goes down (keeping the people and their genders) and up again', async () => {
    db = await freshDb();
    await db('people').insert({ name: 'A', identity_key: 'a', gender: 'woman', gender_source: 'press-pronouns' });
    await rollBackProvenance(db);
    expect(await listTables(db)).not.toContain('gender_history');
    expect(await db('people').select('name', 'identity_key', 'gender')).toEqual([{ name: 'A', identity_key: 'a', gender: 'woman' }]);
    await expect(db('people').insert({ name: 'B', identity_key: 'b', gender: 'female' })).rejects.toThrow(/check/i);
    await expect(db('people').insert({ name: 'A2', identity_key: 'a', gender: 'man' })).rejects.toThrow(/unique/i);
    await db.migrate.latest({ migrationSource });
    expect(await db('people').select('gender', 'gender_source')).toEqual([{ gender: 'woman', gender_source: 'unknown' }]);
  });
});
