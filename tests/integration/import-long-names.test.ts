/**
 * Names and titles have one length limit on both databases (MAX_NAME_CHARS):
 * PostgreSQL's unique indexes refuse entries of more than ~2,700 bytes,
 * which SQLite would store, so a longer name is a located error everywhere
 * instead of a crash on one database only.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { MAX_NAME_CHARS } from '../../src/import/names.js';
import { importFiles } from '../../src/import/service.js';
import { importPeople } from '../../src/people/service.js';
import { databasePerTest, freshDb, snapshot, tempFile } from '../helpers/db.js';

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

// 4 bytes each in UTF-8, none repeated (a repeated character compresses and hides the index limit)
const longest = (n: number): string => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x20000 + i * 7)).join('');

describe('the length limit of names and titles', () => {
  it('takes a person name and a series title of the longest length, in 4-byte characters, on every database', async () => {
    const name = longest(MAX_NAME_CHARS);
    const title = Array.from(longest(MAX_NAME_CHARS)).reverse().join('');
    const sheet = tempFile('longest.csv', `series,season,episode,role,person,gender\n${title},1,1,director,${name},woman\n`);
    const summary = await importFiles(db, [{ path: sheet }]);
    expect(summary.issues).toEqual([]);
    expect(await db('people').pluck('name')).toEqual([name]);
    const people = await importPeople(db, [{ path: tempFile('p.csv', `person,gender,gender_source\n${name},woman,self-identified\n`) }]);
    expect(people.issues).toEqual([]);
  });

  it('refuses a longer one at its cell, in long, wide and people sheets, and writes nothing', async () => {
    const name = longest(MAX_NAME_CHARS + 1);
    const before = await snapshot(db);
    const long = await importFiles(db, [{ path: tempFile('l.csv', `series,season,episode,role,person,gender\nS,1,1,director,${name},\n${name},1,1,director,Ana Ruiz,\n`), name: 'l.csv' }]);
    expect(long.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [2, 5, `person is 301 characters long; CrewCount takes names of up to ${MAX_NAME_CHARS} (a pasted paragraph, or a column shifted?)`],
      [3, 1, `series is 301 characters long; CrewCount takes titles of up to ${MAX_NAME_CHARS} (a pasted paragraph, or a column shifted?)`],
    ]);
    const wide = await importFiles(db, [{ path: tempFile('w.csv', `No. in season,Directed by,Written by\n1,Ana Ruiz,Bo Kim & ${name}\n`), name: 'w.csv' }], { production: 'W', season: 1 });
    expect(wide.issues.map((i) => [i.line, i.column])).toEqual([[2, 3]]);
    const people = await importPeople(db, [{ path: tempFile('p.csv', `person,gender\n${name},woman\n`), name: 'p.csv' }]);
    expect(people.issues.map((i) => [i.line, i.column, i.message.slice(0, 30)])).toEqual([[2, 1, 'person is 301 characters long;']]);
    expect(await snapshot(db)).toEqual(before);
  });
});
