/**
 * Sheets as researchers copy them from web pages and save them on a Mac,
 * imported into a real database: what would otherwise be stored wrong
 * without a word (a person named "Yes", one production per episode title,
 * two people for one name with an invisible mark, two names run into one,
 * Mac Roman read as Windows-1252) is refused at its cell, or read right.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { importPeople } from '../../src/people/service.js';
import { creditLines, databasePerTest, freshDb, snapshot, tempFile } from '../helpers/db.js';
import { EXCEL_MAC_CSV, macRoman } from '../fixtures/import/encodings/generate.js';

const MAC_CSV = fileURLToPath(new URL('../fixtures/import/encodings/excel-mac-csv-macintosh.csv', import.meta.url));

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

describe('a filmography that marks roles (Yes, No, ✔) instead of naming people', () => {
  it('is refused at each marked cell of a wide sheet, and nothing is stored', async () => {
    const sheet = tempFile('selma.csv', ['Year,Title,Director,Writer,Producer,Notes', '2014,Selma,Yes,No,No,', '2016,13th,✔,,✗[a],'].join('\n'));
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: sheet, name: 'selma.csv' }], { kind: 'film' });
    const marks = (mark: string): string =>
      `marks whether someone had the role ("${mark}") instead of naming them; the sheet needs the people's names in its role columns (a filmography of one person cannot be imported as credits)`;
    expect(summary.issues).toEqual([
      { file: 'selma.csv', line: 2, column: 3, value: 'Yes', message: `column "Director" ${marks('Yes')}` },
      { file: 'selma.csv', line: 2, column: 4, value: 'No', message: `column "Writer" ${marks('No')}` },
      { file: 'selma.csv', line: 2, column: 5, value: 'No', message: `column "Producer" ${marks('No')}` },
      { file: 'selma.csv', line: 3, column: 3, value: '✔', message: `column "Director" ${marks('✔')}` },
      { file: 'selma.csv', line: 3, column: 5, value: '✗[a]', message: `column "Producer" ${marks('✗')}` },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('is refused in the person cell of a long or a people sheet; names that start like a mark are read', async () => {
    const long = tempFile('long.csv', 'series,season,episode,role,person,gender\nS,1,1,director,Yes,\nS,1,1,writer,Noa Ruiz,\nS,1,1,editor,Yesim,\n');
    const summary = await importFiles(db, [{ path: long, name: 'long.csv' }]);
    expect(summary.issues).toEqual([
      { file: 'long.csv', line: 2, column: 5, value: 'Yes', message: `person "Yes" marks whether someone had the role instead of naming them; the sheet needs the person's name` },
    ]);
    const people = await importPeople(db, [{ path: tempFile('p.csv', 'person,gender\n✓,woman\n'), name: 'p.csv' }]);
    expect(people.issues.map((i) => [i.line, i.column, i.value, i.message.slice(0, 40)])).toEqual([[2, 1, '✓', 'person "✓" marks whether someone had the']]);
    const names = tempFile('names.csv', 'series,season,episode,role,person,gender\nS,1,1,writer,Noa Ruiz,\nS,1,1,editor,Yesim,\n');
    expect((await importFiles(db, [{ path: names }])).issues).toEqual([]);
    expect(await db('people').orderBy('name').pluck('name')).toEqual(['Noa Ruiz', 'Yesim']);
  });
});

describe('"Title" in a long sheet that numbers episodes', () => {
  const SHEET = 'Season,Episode,Title,Role,Name,Gender\n1,1,Pilot,Director,Ava DuVernay,F\n1,2,Second,Director,Ava DuVernay,F\n';

  it('is the episode title: the missing series is asked for, not made up from each title', async () => {
    const summary = await importFiles(db, [{ path: tempFile('s.csv', SHEET), name: 's.csv' }]);
    expect(summary.issues).toMatchObject([{ line: 1, column: 0, message: expect.stringMatching(/^missing required column series \(or --production\);/) }]);
    expect(await db('productions').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('is the episode title under --production', async () => {
    const summary = await importFiles(db, [{ path: tempFile('s.csv', SHEET) }], { production: 'When They See Us' });
    expect(summary.issues).toEqual([]);
    expect(await db('productions').pluck('title')).toEqual(['When They See Us']);
    expect(await db('episodes').orderBy('number').pluck('title')).toEqual(['Pilot', 'Second']);
  });
});

describe('invisible characters and maintenance tags copied from web pages', () => {
  it('makes no second person of a name with LRM, RLM, a soft hyphen, bidi controls or a [citation needed]', async () => {
    const long = tempFile(
      'long.csv',
      [
        'series,season,episode,role,person,gender',
        'S,1,1,director,Ava DuVernay,woman',
        'S,1,2,director,\u200eAva DuVernay\u200f,',
        'S,1,3,director,Ava Du\u00adVernay,',
        'S,1,4,director,\u2067Ava DuVernay\u2069,',
        'S,1,5,director,\u202bAva DuVernay\u202c,',
        'S,1,6,director,Ava DuVernay[citation needed],',
      ].join('\n'),
    );
    expect((await importFiles(db, [{ path: long }])).issues).toEqual([]);
    const wide = tempFile(
      'wide.csv',
      [
        'No. in season,Directed by,Written by,Original air date',
        '7,Ava DuVernay[better source needed],\u200fAva DuVernay & Bo Kim[who?],"March 3, 2021[dubious – discuss]"',
      ].join('\n'),
    );
    const summary = await importFiles(db, [{ path: wide }], { production: 'S', season: 1 });
    expect(summary.issues).toEqual([]);
    const people = await importPeople(db, [{ path: tempFile('p.csv', 'person,gender\nAva DuVernay[clarification needed]\u200e,woman\n') }]);
    expect(people.issues).toEqual([]);
    expect(await db('people').orderBy('name').pluck('name')).toEqual(['Ava DuVernay', 'Bo Kim']);
    expect(await db('episodes').where({ number: 7 }).pluck('air_date')).toEqual(['2021-03-03']);
  });

  it('keeps ZWNJ in a stored name, and names it beside the same name without one', async () => {
    const sheet = tempFile('fa.csv', 'series,season,episode,role,person,gender\nS,1,1,director,\u0645\u06cc\u200c\u0646\u0627,\nS,1,2,director,\u0645\u06cc\u0646\u0627,\n');
    const summary = await importFiles(db, [{ path: sheet }]);
    expect(summary.issues).toEqual([]);
    expect(await db('people').orderBy('id').pluck('name')).toEqual(['\u0645\u06cc\u200c\u0646\u0627', '\u0645\u06cc\u0646\u0627']);
    expect(summary.nameVariants).toEqual([['\u0645\u06cc\u0646\u0627', '\u0645\u06cc\u200c\u0646\u0627']]);
  });
});

describe('two names in one cell on lines ended by CR alone, U+2028 or U+2029', () => {
  it('are refused in a long sheet as more than one person, and split in a wide sheet', async () => {
    const long = tempFile('long.csv', 'series,season,episode,role,person\nS,1,1,director,"Ann Lee\rBo Kim"\nS,1,2,director,Ann Lee\u2028Bo Kim\n');
    const refused = await importFiles(db, [{ path: long, name: 'long.csv' }]);
    expect(refused.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [2, 5, `person "Ann Lee Bo Kim" names more than one person; give each their own row (a row's gender is one person's)`],
      [3, 5, `person "Ann Lee Bo Kim" names more than one person; give each their own row (a row's gender is one person's)`],
    ]);
    const wide = tempFile('wide.csv', 'No. in season,Directed by,Written by\n1,"Ann Lee\rBo Kim",Cy Ode\u2029Di Park\n');
    expect((await importFiles(db, [{ path: wide }], { production: 'S', season: 1 })).issues).toEqual([]);
    expect(await creditLines(db)).toEqual([
      'S | S1E1 | director | Ann Lee | unknown',
      'S | S1E1 | director | Bo Kim | unknown',
      'S | S1E1 | writer | Cy Ode | unknown',
      'S | S1E1 | writer | Di Park | unknown',
    ]);
  });
});

describe('writer labels glued to the name before them (pandas.read_html)', () => {
  it('gives each writer their own credit and part', async () => {
    const wide = tempFile('wide.csv', 'No. in season,Written by\n1,Story by : Tomas BreckTeleplay by : Idris Vale\n');
    expect((await importFiles(db, [{ path: wide }], { production: 'S', season: 1 })).issues).toEqual([]);
    expect(await creditLines(db)).toEqual(['S | S1E1 | writer | Idris Vale | unknown | Teleplay by', 'S | S1E1 | writer | Tomas Breck | unknown | Story by']);
  });

  it('refuses a name that still holds a "by:" label, in a wide and a long sheet', async () => {
    const wide = tempFile('wide.csv', 'No. in season,Directed by\n1,Directed by: Ana Ruiz\n');
    const summary = await importFiles(db, [{ path: wide, name: 'wide.csv' }], { production: 'S', season: 1 });
    expect(summary.issues).toEqual([
      { file: 'wide.csv', line: 2, column: 2, value: 'Directed by: Ana Ruiz', message: '"Directed by: Ana Ruiz" is not a name: it holds the label "by:"; write the names alone' },
    ]);
    const long = tempFile('long.csv', 'series,season,episode,role,person\nS,1,1,writer,Story by : Ana Ruiz\n');
    expect((await importFiles(db, [{ path: long }])).issues.map((i) => [i.line, i.column])).toEqual([[2, 5]]);
    expect(await db('people').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('a UK episode table: "No. overall" and "No. in series"', () => {
  it('reads "No. in series" as the number within the series (season)', async () => {
    const sheet = tempFile('uk.csv', 'No. overall,No. in series,Title,Directed by\n7,1,Opening,Ana Ruiz\n8,2,Closing,Bo Kim\n');
    const summary = await importFiles(db, [{ path: sheet }], { production: 'Line of Duty', season: 2 });
    expect(summary.issues).toEqual([]);
    expect(await creditLines(db)).toEqual(['Line of Duty | S2E1 | director | Ana Ruiz | unknown', 'Line of Duty | S2E2 | director | Bo Kim | unknown']);
  });
});

describe('Excel for Mac "CSV (Macintosh)": Mac Roman, lines ended by CR', () => {
  it('is the generator’s text in Mac Roman', () => {
    expect(readFileSync(MAC_CSV)).toEqual(macRoman(EXCEL_MAC_CSV));
  });

  it('is refused rather than read as windows-1252, asking for --encoding macintosh; nothing is stored', async () => {
    const bytes = readFileSync(MAC_CSV);
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: MAC_CSV, name: 'mac.csv' }]);
    expect(summary.issues).toEqual([
      {
        file: 'mac.csv',
        line: 2,
        column: 5,
        value: 'S\ufffd',
        message:
          `the file is not valid utf-8: unexpected byte 0xBF at byte offset ${bytes.indexOf(0xbf)}; ` +
          `its lines end in CR alone, as in Excel for Mac's "CSV (Macintosh)", which is Mac Roman: name the encoding with --encoding macintosh (or --encoding windows-1252 if it is Windows text); ` +
          'save it as UTF-8 or name its encoding with --encoding',
      },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('is read exactly with --encoding macintosh', async () => {
    const summary = await importFiles(db, [{ path: MAC_CSV }], { encoding: 'macintosh' });
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ encoding: 'macintosh', rowsRead: 3 });
    expect(await db('people').orderBy('name').pluck('name')).toEqual(['Renée Marsh', 'Søren Kragh', 'Zoë Ångström']);
  });
});
