/**
 * People sheets: each gender with the evidence it rests on, corrections
 * that keep the replaced record in gender_history, and the same
 * all-or-nothing import as credit sheets (ledger, dry run, located errors).
 */
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { beforeEach, describe, expect, it } from 'vitest';
import { listEntries } from '../../src/db/ledger.js';
import { genderHistory } from '../../src/db/people-store.js';
import { importFiles } from '../../src/import/service.js';
import { formatPeopleSummary } from '../../src/people/report.js';
import { importPeople } from '../../src/people/service.js';
import { databasePerTest, freshDb, snapshot, tempFile } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/people/${name}`, import.meta.url));

async function person(db: Knex, key: string) {
  return db('people').where('identity_key', key).first('name', 'gender', 'gender_source', 'gender_source_url', 'gender_note');
}

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

describe('importPeople', () => {
  it('stores each provenance level on the people the credit sheet created, and creates the rest', async () => {
    expect((await importFiles(db, [{ path: fixture('evidence-credits.csv') }])).issues).toEqual([]);
    const summary = await importPeople(db, [{ path: fixture('evidence-people.csv'), name: 'evidence-people.csv' }]);
    expect(summary.issues).toEqual([]);
    // The credit sheet stored every person of the people sheet, with an unknown gender; Fay's row only adds a note.
    expect(summary).toMatchObject({ rowsRead: 6, peopleNew: 0, peopleUpdated: 6, peopleUnchanged: 0, gendersChanged: 5, committed: true });
    expect(await person(db, 'ada self')).toEqual({
      name: 'Ada Self',
      gender: 'woman',
      gender_source: 'self-identified',
      gender_source_url: 'https://example.org/ada-questionnaire',
      gender_note: "answered the researchers' questionnaire",
    });
    expect(await person(db, 'ben public')).toMatchObject({ gender: 'man', gender_source: 'public-statement', gender_note: '"as a man in this job" (interview)' });
    expect(await person(db, 'cleo press')).toMatchObject({ gender: 'woman', gender_source: 'press-pronouns' });
    expect(await person(db, 'dee inferred')).toMatchObject({ gender: 'woman', gender_source: 'name-inferred', gender_source_url: null });
    expect(await person(db, 'gus nonbinary')).toMatchObject({ gender: 'non-binary', gender_source: 'press-pronouns' });
    expect(await person(db, 'fay unknown')).toMatchObject({ gender: 'unknown', gender_source: 'unknown', gender_note: 'no source found' });
    // A gender set by a credit sheet has no recorded provenance.
    expect(await person(db, 'eli credit')).toMatchObject({ gender: 'man', gender_source: 'unknown', gender_source_url: null });
    expect(formatPeopleSummary(summary).split('\n')).toEqual([
      'evidence-people.csv: 6 rows read, decoded as utf-8, comma-separated',
      'people: 0 new, 6 updated (5 with a different gender), 0 unchanged',
      'committed',
    ]);
  });

  it('creates people a credit sheet has not named yet, whom a later credit sheet then finds by the same identity key', async () => {
    const summary = await importPeople(db, [{ path: fixture('evidence-people.csv') }]);
    expect(summary).toMatchObject({ peopleNew: 6, peopleUpdated: 0, peopleUnchanged: 0, committed: true });
    expect((await importFiles(db, [{ path: fixture('evidence-credits.csv') }])).issues).toEqual([]);
    const [{ n }] = (await db('people').count({ n: '*' })) as [{ n: number }];
    expect(Number(n)).toBe(7); // the six of the people sheet and Eli Credit
    expect(await person(db, 'cleo press')).toMatchObject({ gender: 'woman', gender_source: 'press-pronouns' });
  });

  it('keeps the replaced gender and its evidence in the history when a later sheet corrects it', async () => {
    await importPeople(db, [{ path: fixture('evidence-people.csv') }]);
    const [first] = await db('imports').orderBy('id', 'desc').select('id');
    const summary = await importPeople(db, [{ path: fixture('correction.csv') }]);
    expect(summary).toMatchObject({ peopleNew: 0, peopleUpdated: 1, gendersChanged: 1, peopleUnchanged: 0, committed: true });
    expect(await person(db, 'cleo press')).toEqual({
      name: 'Cleo Press',
      gender: 'non-binary',
      gender_source: 'public-statement',
      gender_source_url: 'https://example.org/cleo-interview',
      gender_note: `"I'm non-binary" (interview)`,
    });
    const history = await genderHistory(db, 'cleo press');
    const [second] = await db('imports').orderBy('id', 'desc').select('id');
    expect(second.id).not.toBe(first.id);
    expect((await listEntries(db)).at(-1)).toMatchObject({
      outcome: 'committed',
      rows_read: 1,
      message: 'people sheet: 0 new, 1 updated (1 with a different gender), 0 unchanged',
    });
    expect(history).toEqual([
      {
        gender: 'woman',
        source: 'press-pronouns',
        sourceUrl: 'https://example.org/cleo-review',
        note: '"she directed" (review)',
        replacedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        importId: second.id,
      },
    ]);
    // Importing the correction again changes nothing and adds no history.
    expect(await importPeople(db, [{ path: fixture('correction.csv') }])).toMatchObject({ peopleUpdated: 0, peopleUnchanged: 1 });
    expect(await genderHistory(db, 'cleo press')).toHaveLength(1);
  });

  it.each([
    ['with a note saying why', 'Xa Yb,,,http://example.org/x,withdrawn: misgendered in the press'],
    ['with nothing but the blank gender (the history remembers)', 'Xa Yb,,,,'],
  ])('a gender a people sheet withdrew (%s) is not set again by re-importing the credit sheet', async (_how, row) => {
    const credits = (episodes: number): string =>
      tempFile('w.csv', `series,season,episode,role,person,gender\n${Array.from({ length: episodes }, (_, i) => `W,1,${i + 1},director,Xa Yb,f`).join('\n')}\n`);
    expect((await importFiles(db, [{ path: credits(1) }])).issues).toEqual([]);
    expect((await importPeople(db, [{ path: tempFile('p.csv', `person,gender,gender_source,source_url,note\n${row}\n`) }])).issues).toEqual([]);
    expect(await person(db, 'xa yb')).toMatchObject({ gender: 'unknown' });
    const before = await snapshot(db);
    // the original sheet, grown by an episode, as researchers keep it
    const again = await importFiles(db, [{ path: credits(2), name: 'w.csv' }]);
    expect(again.committed).toBe(false);
    expect(again.issues).toEqual([
      expect.objectContaining({ line: 2, value: 'woman', message: expect.stringMatching(/^person "Xa Yb" is given gender woman at line 2 but a people sheet records their gender as unknown/) }),
      expect.objectContaining({ line: 3, value: 'woman' }),
    ]);
    expect(await snapshot(db)).toEqual(before);
    // without a gender the same sheet imports, and the person stays unknown
    const blank = tempFile('w2.csv', 'series,season,episode,role,person,gender\nW,1,1,director,Xa Yb,\nW,1,2,director,Xa Yb,\n');
    expect((await importFiles(db, [{ path: blank }])).committed).toBe(true);
    expect(await person(db, 'xa yb')).toMatchObject({ gender: 'unknown' });
  });

  it('a credit sheet still gives a gender to someone no people sheet has recorded', async () => {
    expect((await importFiles(db, [{ path: tempFile('a.csv', 'series,season,episode,role,person,gender\nW,1,1,director,Xa Yb,\n') }])).issues).toEqual([]);
    expect((await importFiles(db, [{ path: tempFile('b.csv', 'series,season,episode,role,person,gender\nW,1,2,director,Xa Yb,f\n') }])).issues).toEqual([]);
    expect(await person(db, 'xa yb')).toMatchObject({ gender: 'woman', gender_source: 'unknown' });
  });

  it('a changed source, URL or note alone is an update with history too, matched by identity key', async () => {
    await importPeople(db, [{ path: fixture('evidence-people.csv') }]);
    // "ada self;w;Self identified;…" in a semicolon-separated, BOM-prefixed CRLF sheet with aliased headers.
    const summary = await importPeople(db, [{ path: fixture('semicolon-bom.csv'), name: 'semicolon-bom.csv' }]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ delimiter: ';', rowsRead: 1 });
    expect(summary).toMatchObject({ peopleUpdated: 1, gendersChanged: 0 });
    expect(await person(db, 'ada self')).toMatchObject({ name: 'Ada Self', gender: 'woman', gender_source_url: 'https://example.org/ada-2', gender_note: 're-confirmed' });
    expect((await genderHistory(db, 'ada self')).map((h) => h.sourceUrl)).toEqual(['https://example.org/ada-questionnaire']);
  });

  it('several sheets load in one transaction, each ledger entry with its own counts', async () => {
    const more = tempFile('more.csv', 'person,gender,gender_source\nHal New,man,press-pronouns\n');
    const summary = await importPeople(db, [
      { path: fixture('evidence-people.csv'), name: 'evidence-people.csv' },
      { path: more, name: 'more.csv' },
    ]);
    expect(summary).toMatchObject({ peopleNew: 7, committed: true });
    expect((await listEntries(db)).map((e) => [e.file_name, e.outcome, e.message])).toEqual([
      ['evidence-people.csv', 'committed', 'people sheet: 6 new, 0 updated (0 with a different gender), 0 unchanged'],
      ['more.csv', 'committed', 'people sheet: 1 new, 0 updated (0 with a different gender), 0 unchanged'],
    ]);
  });

  it('re-importing the same sheet finds everyone unchanged', async () => {
    await importPeople(db, [{ path: fixture('evidence-people.csv') }]);
    const before = await snapshot(db);
    const again = await importPeople(db, [{ path: fixture('evidence-people.csv') }]);
    expect(again).toMatchObject({ peopleNew: 0, peopleUpdated: 0, peopleUnchanged: 6, committed: true });
    expect(await snapshot(db)).toEqual(before);
    expect(await db('gender_history').select('id')).toEqual([]);
  });

  it('a dry run reports what a real import would do and writes nothing, not even a ledger entry', async () => {
    await importFiles(db, [{ path: fixture('evidence-credits.csv') }]);
    const before = await snapshot(db);
    const ledger = await listEntries(db);
    const dry = await importPeople(db, [{ path: fixture('evidence-people.csv') }], { dryRun: true });
    expect(dry).toMatchObject({ peopleNew: 0, peopleUpdated: 6, peopleUnchanged: 0, dryRun: true, committed: false });
    expect(formatPeopleSummary(dry).split('\n').at(-1)).toBe('dry run: nothing was written');
    expect(await snapshot(db)).toEqual(before);
    expect(await db('gender_history').select('id')).toEqual([]);
    expect(await listEntries(db)).toEqual(ledger);
    const real = await importPeople(db, [{ path: fixture('evidence-people.csv') }]);
    expect({ ...real, committed: false, dryRun: true, files: dry.files }).toEqual(dry);
  });
});

describe('importPeople refuses bad sheets whole', () => {
  beforeEach(async () => {
    await importPeople(db, [{ path: fixture('evidence-people.csv') }]);
  });

  it('reports every bad row with line, column and value, writes nothing and marks the ledger entry failed', async () => {
    const before = await snapshot(db);
    const summary = await importPeople(db, [{ path: fixture('bad-rows.csv'), name: 'bad-rows.csv' }]);
    expect(summary.committed).toBe(false);
    expect(summary.issues.map(({ file, line, column, value }) => ({ file, line, column, value }))).toEqual([
      { file: 'bad-rows.csv', line: 3, column: 2, value: 'xy' },
      { file: 'bad-rows.csv', line: 4, column: 1, value: '' },
      { file: 'bad-rows.csv', line: 5, column: 3, value: 'press-pronouns' },
      { file: 'bad-rows.csv', line: 6, column: 3, value: 'guessed' },
    ]);
    expect(formatPeopleSummary(summary).split('\n').at(-1)).toBe('not imported: 4 errors; nothing was written');
    expect(await snapshot(db)).toEqual(before); // Ada's valid row was not applied either
    const last = (await listEntries(db)).at(-1)!;
    expect(last).toMatchObject({ file_name: 'bad-rows.csv', outcome: 'failed', error_count: 4, rows_read: 5 });
    expect(last.message).toMatch(/^4 errors; first: line 3: gender "xy" is not known/);
  });

  it('names both lines when one sheet gives a person two different records; an exact repeat is counted once', async () => {
    const before = await snapshot(db);
    const summary = await importPeople(db, [{ path: fixture('conflict.csv'), name: 'conflict.csv' }]);
    expect(summary.issues).toEqual([
      {
        file: 'conflict.csv',
        line: 4,
        column: 0,
        value: 'man (press-pronouns)',
        message: 'person "ADA SELF" is given man (press-pronouns) at line 4 but woman (self-identified) at line 2; a person has one gender record per import',
      },
    ]);
    expect(summary.repeatedRows).toBe(1);
    expect(await snapshot(db)).toEqual(before);
  });

  it('names the other file when two sheets of one import disagree', async () => {
    const other = tempFile('other.csv', 'person,gender,gender_source\nBen Public,woman,press-pronouns\n');
    const summary = await importPeople(db, [
      { path: fixture('correction.csv'), name: 'correction.csv' },
      { path: fixture('conflict.csv'), name: 'conflict.csv' },
      { path: other, name: 'other.csv' },
    ]);
    expect(summary.issues.map((i) => i.message)).toContain(
      'person "Ben Public" is given woman (press-pronouns) at line 2 but man (public-statement) at conflict.csv line 3; a person has one gender record per import',
    );
    expect((await listEntries(db)).slice(-3).map((e) => e.outcome)).toEqual(['failed', 'failed', 'failed']);
  });

  it('refuses control characters, a missing gender column, an empty file and a missing file', async () => {
    const control = await importPeople(db, [{ path: fixture('control-char.csv'), name: 'control-char.csv' }]);
    expect(control.issues).toEqual([
      { file: 'control-char.csv', line: 3, column: 1, value: 'Ben? Public', message: 'person contains the control character U+0001; remove it' },
    ]);
    const missing = await importPeople(db, [{ path: fixture('missing-gender-column.csv'), name: 'm.csv' }]);
    expect(missing.issues).toMatchObject([{ file: 'm.csv', line: 1, column: 0, message: expect.stringMatching(/^missing required column gender/) }]);
    const empty = await importPeople(db, [{ path: tempFile('empty.csv', ''), name: 'empty.csv' }]);
    expect(empty.issues).toEqual([{ file: 'empty.csv', line: 1, column: 0, value: '', message: 'the file is empty: no header row' }]);
    const absent = await importPeople(db, [{ path: '/nonexistent/people.csv' }]);
    expect(absent.issues).toEqual([{ file: '/nonexistent/people.csv', line: 0, column: 0, value: '', message: 'cannot read the file: no such file' }]);
  });

  it('reads a Windows-1252 people sheet and says so in the summary, as credit sheets do', async () => {
    const bytes = Buffer.from('person,gender,gender_source\nAgn\xe8s Varda,woman,press-pronouns\n', 'latin1');
    const summary = await importPeople(db, [{ path: tempFile('people-1252.csv', bytes), name: 'people-1252.csv' }]);
    expect(summary.issues).toEqual([]);
    expect(formatPeopleSummary(summary)).toMatch(/^people-1252\.csv: 1 row read, decoded as windows-1252 \(not valid UTF-8 at byte \d+\), comma-separated$/m);
    expect(await db('people').where({ identity_key: 'agnès varda' }).select('name', 'gender', 'gender_source')).toEqual([
      { name: 'Agnès Varda', gender: 'woman', gender_source: 'press-pronouns' },
    ]);
  });
});
