/**
 * What spreadsheets put above and around the header: Excel's `sep=;` line,
 * a title or source note, a group heading; and the sheet's date order
 * (3/8/2018). Real files into a real database.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/import/report.js';
import { importFiles, type ImportOptions } from '../../src/import/service.js';
import { importPeople } from '../../src/people/service.js';
import { creditLines, databasePerTest, freshDb, tempFile } from '../helpers/db.js';

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

const ROWS = ['Northern Line;2;1;Director;Ines Duarte;F', 'Northern Line;2;2;Writer;Zoë Lindqvist;Female'];
const HEADER = 'Series;Season;Episode;Role;Person;Gender';
const EXPECTED = ['Northern Line | S2E1 | director | Ines Duarte | woman', 'Northern Line | S2E2 | writer | Zoë Lindqvist | woman'];

async function importText(name: string, text: string, options: ImportOptions = {}) {
  return importFiles(db, [{ path: tempFile(name, text), name }], options);
}

// The worker thread's copy of this logic is checked against the main thread's in import-worker.test.ts.
const parallel = 'never';

describe('above the header', () => {
  it("reads Excel's sep= line as the delimiter and numbers the lines below it as in the file", async () => {
    const text = ['sep=;', HEADER, ...ROWS, 'Northern Line;2;3;Director;Bad Gender;Q', ''].join('\r\n');
    const refused = await importText('sep.csv', text, { parallel });
    expect(refused.issues).toEqual([expect.objectContaining({ file: 'sep.csv', line: 5, column: 6, value: 'Q' })]);
    const summary = await importText('sep.csv', ['sep=;', HEADER, ...ROWS].join('\r\n'), { parallel });
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ delimiter: ';', rowsRead: 2 });
    expect(summary.files[0]?.preamble).toBeUndefined(); // the sep= line is no record
    expect(await creditLines(db)).toEqual(EXPECTED);
  });

  it('takes the sep= line quoted or padded by a spreadsheet, and lets --delimiter override it', async () => {
    const quoted = await importText('q.csv', ['\ufeff"sep=;";;;;;', HEADER, ...ROWS].join('\n'), { parallel, dryRun: true });
    expect(quoted.issues).toEqual([]);
    expect(quoted.files[0]).toMatchObject({ delimiter: ';', rowsRead: 2 });
    // Under an explicit comma the ;-joined header is one unknown column: the sep= line was still skipped (line 2 is the header).
    const forced = await importText('f.csv', ['sep=;', HEADER, ...ROWS].join('\n'), { parallel, dryRun: true, delimiter: ',' });
    expect(forced.issues[0]).toMatchObject({ line: 2, message: expect.stringContaining('missing required columns') });
  });

  it('skips a title and a note above the header, says so, and locates errors on their physical lines', async () => {
    const text = ['Northern Line season 2: crew credits', 'Source: the end credits of each episode', '', HEADER, ...ROWS, 'Northern Line;2;x;Director;Someone;F'].join(
      '\n',
    );
    const refused = await importText('titled.csv', text, { parallel });
    expect(refused.issues).toEqual([expect.objectContaining({ line: 7, column: 3, value: 'x' })]);
    const summary = await importText('titled.csv', text.split('\n').slice(0, -1).join('\n'), { parallel });
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ delimiter: ';', rowsRead: 2, preamble: [1, 2] });
    expect(formatSummary(summary).split('\n')[0]).toBe(
      'titled.csv: 2 rows read, decoded as utf-8, semicolon-separated; skipped lines 1, 2 above the header (a title or note)',
    );
    expect(await creditLines(db)).toEqual(EXPECTED);
  });

  it('skips a group heading that spans the columns of an Excel export', async () => {
    const text = ['Episode,,,Crew,,', 'Series,Season,Episode,Role,Person,Gender', 'Northern Line,2,1,Director,Ines Duarte,F'].join('\r\n');
    const summary = await importText('grouped.csv', text, { parallel });
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ delimiter: ',', preamble: [1] });
    expect(await creditLines(db)).toEqual([EXPECTED[0]]);
  });

  it('reports the first line as the header when no clean header follows it: a typo is never passed over for a data row', async () => {
    const typo = await importText('typo.csv', ['Series,Season,Episode,Role,Persn,Gender', 'Northern Line,2,1,Director,Ines Duarte,F'].join('\n'), { parallel });
    expect(typo.issues).toEqual([expect.objectContaining({ line: 1, column: 0, message: expect.stringContaining('missing required column person;') })]);
    expect(typo.files[0]?.preamble).toBeUndefined();
    // Eleven lines of prose before the header: more than a title, so the first line is taken for the header.
    const prose = Array.from({ length: 11 }, (_, i) => `Note ${i + 1}`);
    const long = await importText('prose.csv', [...prose, HEADER, ...ROWS].join('\n'), { parallel });
    expect(long.issues).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('the header has "Note 1"') })]);
    expect(await creditLines(db)).toEqual([]);
  });
});

describe('pipe-separated sheets', () => {
  it('are detected and read like the others', async () => {
    const summary = await importText('pipe.csv', ['series|season|episode|role|person|gender', 'Northern Line|2|1|director|Ines Duarte|woman', ''].join('\n'));
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ delimiter: '|', rowsRead: 1 });
    expect(formatSummary(summary).split('\n')[0]).toBe('pipe.csv: 1 row read, decoded as utf-8, pipe-separated');
    expect(await creditLines(db)).toEqual([EXPECTED[0]]);
  });
});

describe('people sheets', () => {
  it('skip a title above the header too', async () => {
    const text = ['Genders of the season 2 crew (press pronouns)', 'person,gender,gender_source,source_url,note', 'Ines Duarte,woman,press-pronouns,https://example.org/a,'].join('\n');
    const summary = await importPeople(db, [{ path: tempFile('people.csv', text), name: 'people.csv' }]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ rowsRead: 1, preamble: [1] });
    expect(await db('people').select('name', 'gender', 'gender_source')).toEqual([{ name: 'Ines Duarte', gender: 'woman', gender_source: 'press-pronouns' }]);
  });
});

describe('the date order of numeric dates', () => {
  const sheet = (dates: string[]): string =>
    ['series,season,episode,role,person,air_date', ...dates.map((d, i) => `Café Olé,1,${i + 1},director,Person ${i + 1},${d}`)].join('\n');

  it('refuses ambiguous dates without one, naming both readings', async () => {
    const summary = await importText('dates.csv', sheet(['3/8/2018', '3/28/2018']));
    expect(summary.issues).toEqual([
      expect.objectContaining({
        line: 2,
        column: 6,
        value: '3/8/2018',
        message: 'air date "3/8/2018" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD, or give the sheet\'s date order: mdy if it means March 8, dmy if it means 3 August',
      }),
    ]);
  });

  it.each([
    ['mdy', ['3/8/2018', '3/28/2018', '12/1/2018'], ['2018-03-08', '2018-03-28', '2018-12-01']],
    ['dmy', ['3/8/2018', '28/3/2018', '12.1.2018'], ['2018-08-03', '2018-03-28', '2018-01-12']],
  ] as const)('reads every numeric date as %s when told', async (dateOrder, dates, iso) => {
    const summary = await importText('dates.csv', sheet([...dates]), { dateOrder });
    expect(summary.issues).toEqual([]);
    expect((await db('episodes').orderBy('number').select('air_date')).map((e) => e.air_date)).toEqual(iso);
  });

  it('refuses a date that does not fit the order given, and keeps reading ISO and written dates', async () => {
    const summary = await importText('dates.csv', sheet(['28/03/2018', '2018-03-28', '"March 28, 2018"']), { dateOrder: 'mdy' });
    expect(summary.issues).toEqual([
      expect.objectContaining({ line: 2, value: '28/03/2018', message: 'air date "28/03/2018" is not a valid month/day/year date (the date order given for the sheet is mdy)' }),
    ]);
  });

  it("explains a spreadsheet's date serial number", async () => {
    const summary = await importText('serial.csv', sheet(['43167']));
    expect(summary.issues[0]?.message).toBe('air date "43167" looks like a spreadsheet\'s date serial number; format the column as dates (YYYY-MM-DD) before saving the sheet');
  });
});

describe("IMDb's full-credits headings", () => {
  it('are read as roles in long and wide sheets', async () => {
    const long = [
      'series,season,episode,role,person',
      'Café Olé,1,1,Series Directed by,Amara Okafor',
      'Café Olé,1,1,Writing Credits,Amara Okafor',
      'Café Olé,1,1,Series Cinematography by,Kai Nakamura',
      'Café Olé,1,1,Film Editing by,Paulo Ferreira',
    ].join('\n');
    expect((await importText('imdb.csv', long)).issues).toEqual([]);
    const wide = ['Series,Season,No. in season,Series Directed by,Series Writing Credits,Series Film Editing by', 'Café Olé,1,2,Amara Okafor,Amara Okafor,Paulo Ferreira'].join('\n');
    expect((await importText('imdb-wide.csv', wide)).issues).toEqual([]);
    expect(await creditLines(db)).toEqual([
      'Café Olé | S1E1 | cinematographer | Kai Nakamura | unknown',
      'Café Olé | S1E1 | director | Amara Okafor | unknown',
      'Café Olé | S1E1 | editor | Paulo Ferreira | unknown',
      'Café Olé | S1E1 | writer | Amara Okafor | unknown',
      'Café Olé | S1E2 | director | Amara Okafor | unknown',
      'Café Olé | S1E2 | editor | Paulo Ferreira | unknown',
      'Café Olé | S1E2 | writer | Amara Okafor | unknown',
    ]);
  });
});

describe('names that may be one person written two ways', () => {
  it('are named in the summary, within one import and against stored people, and stored as two', async () => {
    const first = await importText('a.csv', ['series,season,episode,role,person', 'Northern Line,1,1,director,Ines Duarte', 'Northern Line,1,2,director,"Duarte, Ines"'].join('\n'));
    expect(first.issues).toEqual([]);
    expect(first.nameVariants).toEqual([['Duarte, Ines', 'Ines Duarte']]);
    expect(formatSummary(first).split('\n')).toContain(
      'check: "Duarte, Ines" and "Ines Duarte" may be one person written two ways; they are counted as two (write one spelling)',
    );
    const dry = await importText('b.csv', ['series,season,episode,role,person', 'Northern Line,1,3,writer,Menon Ravi', 'Northern Line,1,3,director,Ines Duarte'].join('\n'), { dryRun: true });
    expect(dry.nameVariants).toEqual([]);
    await importText('c.csv', ['series,season,episode,role,person', 'Northern Line,1,3,writer,Ravi Menon'].join('\n'));
    const second = await importText('b.csv', ['series,season,episode,role,person', 'Northern Line,1,3,writer,Menon Ravi', 'Northern Line,1,3,director,Ines Duarte'].join('\n'), { dryRun: true });
    expect(second.nameVariants).toEqual([['Menon Ravi', 'Ravi Menon']]);
    expect(await db('people').orderBy('id').pluck('name')).toEqual(['Ines Duarte', 'Duarte, Ines', 'Ravi Menon']);
  });
});
