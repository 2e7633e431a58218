/**
 * People stored with an invisible mark in their name (before cleanText
 * dropped them) are cleaned by a migration, so importing the same sheet
 * again finds them instead of adding them twice; one whose clean name is
 * another stored person's stays as it is.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { up } from '../../src/db/migrations/20260101001500-clean-stored-names.js';
import { importFiles } from '../../src/import/service.js';
import { databasePerTest, freshDb, tempFile } from '../helpers/db.js';

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

describe('the clean-stored-names migration', () => {
  it('drops the marks from stored names and keys, unless the clean key is taken, and a re-import then finds the person', async () => {
    // As an import before the migration stored them: the name cleaned by the old rules, the key from it.
    await db('people').insert([
      { name: 'Ann Lee\u200e', identity_key: 'ann lee\u200e', gender: 'woman' },
      { name: 'Kay\u00adla Moss', identity_key: 'kay\u00adla moss', gender: 'woman' },
      { name: 'Bo Kim', identity_key: 'bo kim', gender: 'man' },
      { name: 'Bo Kim\u200f', identity_key: 'bo kim\u200f', gender: 'man' },
      { name: 'Plain Name', identity_key: 'plain name', gender: 'unknown' },
    ]);
    await up(db);
    expect(await db('people').orderBy('id').select('name', 'identity_key')).toEqual([
      { name: 'Ann Lee', identity_key: 'ann lee' },
      { name: 'Kayla Moss', identity_key: 'kayla moss' },
      { name: 'Bo Kim', identity_key: 'bo kim' },
      { name: 'Bo Kim\u200f', identity_key: 'bo kim\u200f' }, // "Bo Kim" is another person's already
      { name: 'Plain Name', identity_key: 'plain name' },
    ]);
    const sheet = 'series,season,episode,role,person,gender\nBidi,1,1,director,Ann Lee\u200e,w\nBidi,1,1,writer,Kay\u00adla Moss,w\n';
    expect(await importFiles(db, [{ path: tempFile('lrm.csv', sheet) }])).toMatchObject({ issues: [], peopleAdded: 0, creditsNew: 2 });
  });
});
