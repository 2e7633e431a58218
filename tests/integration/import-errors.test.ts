/**
 * Sheets with mistakes: every problem is collected with its file, line,
 * column and value, and nothing at all is written — checked against a
 * database that already holds an earlier import.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/import/report.js';
import { importFiles } from '../../src/import/service.js';
import type { ImportIssue } from '../../src/import/types.js';
import { freshDb, snapshot, tempFile } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

type Expected = Omit<ImportIssue, 'file' | 'message'> & { message: string | RegExp };

const ROLE_LIST = 'director, writer, cinematographer, editor, creator, producer, executive_producer';

const CASES: Array<[string, string, Expected[]]> = [
  ['an unknown role', 'unknown-role.csv', [{ line: 3, column: 6, value: 'gaffer', message: `role "gaffer" is not known; expected one of ${ROLE_LIST} or a synonym from the README` }]],
  ['an unknown gender', 'unknown-gender.csv', [{ line: 3, column: 8, value: 'xy', message: /^gender "xy" is not known; expected woman \(.*\); man \(.*\); non-binary \(.*\); unknown \(.*\)$/ }]],
  ['a season that is not a number', 'bad-season.csv', [{ line: 3, column: 2, value: 'one', message: 'season number "one" is not a whole number; expected e.g. 1, 01 or S01' }]],
  ['an episode that is not a whole number', 'bad-episode.csv', [{ line: 3, column: 3, value: '4.5', message: 'episode number "4.5" is not a whole number; expected e.g. 1, 01 or E01' }]],
  ['an empty person', 'empty-person.csv', [{ line: 3, column: 7, value: '   ', message: 'person is empty; every credit needs a name' }]],
  ['an unclosed quote', 'unclosed-quote.csv', [{ line: 3, column: expect.any(Number) as unknown as number, value: '', message: /quoted field that starts in this record is never closed/ }]],
  [
    'a quoted title left open until a later quote (rows swallowed)',
    'quote-swallows-rows.csv',
    [{ line: 2, column: 4, value: '"Undertow,2021-03-25,director,Mara Quint,woman Harbour Lights,1,4,Slack Water,20…', message: /^a quoted field goes on after its closing quote/ }],
  ],
  ['text after a closing quote', 'text-after-quote.csv', [{ line: 2, column: 7, value: '"Mara Quint" ,woman', message: /^a quoted field goes on after its closing quote/ }]],
  [
    'people cells that name nobody, or two people',
    'placeholder-person.csv',
    [
      { line: 2, column: 7, value: 'N/A', message: 'person "N/A" holds a place instead of naming someone; leave out the row until the person is known' },
      { line: 3, column: 7, value: 'Piet Olsen\nMara Quint', message: 'person "Piet Olsen Mara Quint" names more than one person; give each their own row (a row\'s gender is one person\'s)' },
      { line: 5, column: 7, value: '?', message: /^person "\?" holds a place instead of naming someone/ },
      { line: 6, column: 7, value: 'Unknown', message: /^person "Unknown" holds a place/ },
      { line: 7, column: 7, value: 'Ana &amp; Ravi', message: /^person "Ana & Ravi" names more than one person/ },
    ],
  ],
  [
    'ragged rows',
    'ragged-row.csv',
    [
      { line: 3, column: 8, value: 'Harbour Lights,1,4,Undertow,2021-03-25,writer,Piet Olsen', message: 'row has 7 fields but the header has 8' },
      { line: 4, column: 9, value: 'Harbour Lights,1,5,Slack Water,2021-04-01,director,Sunny Adeyemi,nb,extra', message: 'row has 9 fields but the header has 8' },
    ],
  ],
  ['one person given two genders', 'gender-conflict.csv', [{ line: 4, column: 8, value: 'woman', message: 'person "PIET OLSEN" is given gender woman at line 4 but man at line 2' }]],
  [
    'a gender that contradicts the stored person',
    'gender-vs-stored.csv',
    [{ line: 3, column: 8, value: 'woman', message: /^person "Tomas Breck" is given gender woman at line 3 but man in the database/ }],
  ],
  [
    'a missing required column',
    'missing-column.csv',
    [{ line: 1, column: 0, value: 'show,season,episode title,job,gender', message: /^missing required columns episode, person; the header has "show", "season", "episode title", "job", "gender"/ }],
  ],
  ['an empty file', 'empty.csv', [{ line: 1, column: 0, value: '', message: 'the file is empty: no header row' }]],
  [
    'several problems in one file',
    'several-problems.csv',
    [
      { line: 3, column: 6, value: 'gaffer', message: /^role "gaffer" is not known/ },
      { line: 4, column: 8, value: 'maybe', message: /^gender "maybe" is not known/ },
      { line: 5, column: 5, value: '03/04/2021', message: "air date \"03/04/2021\" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD, or give the sheet's date order: mdy if it means March 4, dmy if it means 3 April" },
      { line: 6, column: 1, value: '', message: 'series is empty; every credit needs its production' },
    ],
  ],
];

let db: Knex;
beforeEach(async () => {
  db = await freshDb();
  const earlier = await importFiles(db, [{ path: fixture('base.csv') }]);
  expect(earlier.committed).toBe(true);
});
afterEach(async () => {
  await db.destroy();
});

describe('a sheet with errors', () => {
  it.each(CASES)('with %s is reported in full and writes nothing', async (_kind, name, expected) => {
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: fixture(`errors/${name}`), name }]);

    expect(summary.issues).toEqual(
      expected.map((e) => ({ ...e, file: name, message: typeof e.message === 'string' ? e.message : expect.stringMatching(e.message) })),
    );
    expect(summary.committed).toBe(false);
    expect(await snapshot(db)).toEqual(before);

    const ledger = await db('imports').orderBy('id');
    expect(ledger).toHaveLength(2);
    expect(ledger[1]).toMatchObject({ file_name: name, outcome: 'failed', error_count: expected.length, credits_added: 0 });
    expect(ledger[1].message).toMatch(new RegExp(`^${expected.length} errors?; first: line ${expected[0]!.line}: `));
  });

  it('names the value and what was expected in every message', async () => {
    const summary = await importFiles(db, [{ path: fixture('errors/several-problems.csv') }]);
    for (const issue of summary.issues.filter((i) => i.value !== '')) {
      expect(issue.message).toContain(`"${issue.value}"`);
      expect(issue.message).toMatch(/expected|write it as/);
    }
  });

  it('names both lines of a gender conflict between rows', async () => {
    const summary = await importFiles(db, [{ path: fixture('errors/gender-conflict.csv'), name: 'g.csv' }]);
    expect(summary.issues.map(formatIssue)).toEqual(['g.csv:4:8: person "PIET OLSEN" is given gender woman at line 4 but man at line 2']);
  });

  it('places a conflict between rows at the cell that gives it, in the columns of the sheet it is in', async () => {
    const sheet = [
      'platform,series,kind,season,episode,episode_title,air_date,role,person,gender',
      'FOX,Drift,tv,1,1,Pilot,2021-01-01,director,Ann Lee,w',
      'Hulu,Drift,tv,1,1,Pilot II,2021-01-02,writer,Ann Lee,m',
      ',Drift,film,,,,2021-01-01,director,Bo Kim,',
    ].join('\n');
    const summary = await importFiles(db, [{ path: tempFile('c.csv', sheet), name: 'c.csv' }]);
    // In the order the loader resolves them: productions, seasons, episodes, people.
    expect(summary.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^c\.csv:4:3: "Drift" is given as film at line 4 but as tv at line 2/),
      expect.stringMatching(/^c\.csv:3:1: Drift season 1 is given platform "Hulu" at line 3 but "FOX" at line 2/),
      expect.stringMatching(/^c\.csv:3:6: Drift S1E1 is titled "Pilot II" at line 3 but "Pilot" at line 2/),
      expect.stringMatching(/^c\.csv:3:7: Drift S1E1 aired 2021-01-02 at line 3 but 2021-01-01 at line 2/),
      expect.stringMatching(/^c\.csv:3:10: person "Ann Lee" is given gender man at line 3 but woman at line 2/),
    ]);
  });

  it('rejects invalid UTF-8 when UTF-8 is named, with the offset of the bad byte, writing nothing', async () => {
    const bytes = readFileSync(fixture('errors/invalid-utf8.csv'));
    const before = await snapshot(db);
    // Unnamed, this file would be read as windows-1252 (see tests/integration/import-encodings.test.ts).
    const summary = await importFiles(db, [{ path: fixture('errors/invalid-utf8.csv'), name: 'latin1.csv' }], { encoding: 'utf-8' });
    expect(summary.issues).toEqual([
      expect.objectContaining({
        file: 'latin1.csv',
        message: `the file is not valid utf-8: unexpected byte 0xE9 at byte offset ${bytes.indexOf(0xe9)}; save it as UTF-8 or name its encoding with --encoding`,
      }),
    ]);
    expect(summary.committed).toBe(false);
    expect(await snapshot(db)).toEqual(before);
  });

  it('reads a non-UTF-8 file when its encoding is named', async () => {
    const summary = await importFiles(db, [{ path: fixture('errors/invalid-utf8.csv') }], { encoding: 'windows-1252' });
    expect(summary.issues).toEqual([]);
    expect(await db('people').where('identity_key', 'renée marsh').first('name')).toEqual({ name: 'Renée Marsh' });
  });

  it('writes nothing from any file when one file of an import has errors', async () => {
    const before = await snapshot(db);
    const summary = await importFiles(db, [
      { path: fixture('overlap.csv'), name: 'good.csv' },
      { path: fixture('errors/unknown-role.csv'), name: 'bad.csv' },
    ]);
    expect(summary.committed).toBe(false);
    expect(summary.issues.map((i) => i.file)).toEqual(['bad.csv']);
    expect(await snapshot(db)).toEqual(before);
    const ledger = await db('imports').where('id', '>', 1).orderBy('id').select('file_name', 'outcome', 'error_count', 'message');
    expect(ledger).toEqual([
      { file_name: 'good.csv', outcome: 'failed', error_count: 0, message: 'not loaded: errors in bad.csv' },
      { file_name: 'bad.csv', outcome: 'failed', error_count: 1, message: expect.stringMatching(/^1 error; first: line 3: role "gaffer"/) },
    ]);
  });

  it('writes nothing in a dry run of a sheet with errors, and leaves no ledger row', async () => {
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: fixture('errors/unknown-role.csv') }], { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, committed: false });
    expect(summary.issues).toHaveLength(1);
    expect(await snapshot(db)).toEqual(before);
    expect(await db('imports').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('reports a file that cannot be read as a located issue, not a crash, and ledgers it failed', async () => {
    const missing = fileURLToPath(new URL('../fixtures/import/no-such-sheet.csv', import.meta.url));
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: missing, name: 'no-such-sheet.csv' }]);
    expect(summary.issues).toEqual([{ file: 'no-such-sheet.csv', line: 0, column: 0, value: '', message: 'cannot read the file: no such file' }]);
    expect(summary.committed).toBe(false);
    const after = await snapshot(db);
    expect(after.credits).toEqual(before.credits);
    expect(await db('imports').where({ file_name: 'no-such-sheet.csv' }).select('outcome', 'error_count')).toEqual([{ outcome: 'failed', error_count: 1 }]);
  });
});
