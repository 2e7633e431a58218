/**
 * Headers and rows as sheets in the wild write them: numbered and joined
 * role columns, crew jobs CrewCount does not count, other languages,
 * genders in an episode table, a TV sheet's year, "Series" in its UK
 * sense, a key-value preamble, a table of films without --kind film, files
 * pasted together, trailing delimiters, "No.,Ep.", "credited as" and
 * "Gender (source)". Real files into a real database: nothing may be
 * dropped unseen, and a refused sheet writes nothing.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/import/report.js';
import { importFiles, type ImportOptions } from '../../src/import/service.js';
import { creditLines, databasePerTest, freshDb, tempFile } from '../helpers/db.js';

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

async function importText(name: string, lines: readonly string[], options: ImportOptions = {}) {
  return importFiles(db, [{ path: tempFile(name, lines.join('\n')), name }], options);
}

const credits = async (): Promise<number> => Number((await db('credits').count({ n: '*' }))[0]!.n);
const located = (issues: ReadonlyArray<{ line: number; column: number; value: string }>) => issues.map((i) => [i.line, i.column, i.value]);

describe('role columns of a wide sheet', () => {
  it('reads Director 1 and Director 2 as two director columns, a person in both credited once', async () => {
    const summary = await importText(
      'multi.csv',
      ['Season,Episode,Title,Director 1,Director 2,Writer(s),Writer 2', '1,1,Pilot,Ann Lee,Bo Kim,Cy Park,', '1,2,Two,Dee Ray,Dee Ray,Eve Moss,Cy Park'],
      { production: 'Harbour Lights' },
    );
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ format: 'wide', ignoredColumns: [] });
    expect(await creditLines(db)).toEqual([
      'Harbour Lights | S1E1 | director | Ann Lee | unknown',
      'Harbour Lights | S1E1 | director | Bo Kim | unknown',
      'Harbour Lights | S1E1 | writer | Cy Park | unknown',
      'Harbour Lights | S1E2 | director | Dee Ray | unknown',
      'Harbour Lights | S1E2 | writer | Cy Park | unknown',
      'Harbour Lights | S1E2 | writer | Eve Moss | unknown',
    ]);
  });

  it('reads Directed by (Part 1) and (Part 2), co-directors, and "Written and directed by" in both roles', async () => {
    const summary = await importText(
      'parts.csv',
      [
        'No. in season,Title,Directed by (Part 1),Directed by (Part 2),Co-directed by,Written & Directed by,Directed and written by,Edited by',
        '1,Homecoming,Ann Lee,Bo Kim,,Cy Park,,Eve Moss',
        '2,Away,,,Ann Lee,,Dee Ray & Fay Wu,TBA',
      ],
      { production: 'Harbour Lights', season: 3 },
    );
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ ignoredColumns: [], placeholders: 1 });
    expect(await creditLines(db)).toEqual([
      'Harbour Lights | S3E1 | director | Ann Lee | unknown',
      'Harbour Lights | S3E1 | director | Bo Kim | unknown',
      'Harbour Lights | S3E1 | director | Cy Park | unknown',
      'Harbour Lights | S3E1 | editor | Eve Moss | unknown',
      'Harbour Lights | S3E1 | writer | Cy Park | unknown',
      'Harbour Lights | S3E2 | director | Ann Lee | unknown',
      'Harbour Lights | S3E2 | director | Dee Ray | unknown',
      'Harbour Lights | S3E2 | director | Fay Wu | unknown',
      'Harbour Lights | S3E2 | writer | Dee Ray | unknown',
      'Harbour Lights | S3E2 | writer | Fay Wu | unknown',
    ]);
  });

  it('counts a placeholder in a column of two roles once, and lists a problem in it once', async () => {
    const ok = await importText('tba.csv', ['Episode,Written and directed by', '1,TBA', '2,Ann Lee'], { production: 'P', season: 1, dryRun: true });
    expect(ok.issues).toEqual([]);
    expect(ok.files[0]!.placeholders).toBe(1);
    const bad = await importText('label.csv', ['Episode,Written and directed by', '1,Directed by: Ann Lee'], { production: 'P', season: 1 });
    expect(bad.issues.map((i) => [i.line, i.column, i.message])).toEqual([[2, 2, '"Directed by: Ann Lee" is not a name: it holds the label "by:"; write the names alone']]);
  });

  it('refuses, at their header cells, columns of crew jobs it does not count and role headers in another language, writing nothing', async () => {
    const summary = await importText(
      'hdrs.csv',
      [
        'Season,Episode,Title,Directed by,Showrunner,Additional writing by,Guest director,Written by (uncredited),Drehbuch,U.S. viewers (millions)',
        '1,1,Pilot,Ann Lee,Bo Kim,Cy Park,Dee Ray,Eve Moss,Fay Wu,1.2',
      ],
      { production: 'Harbour Lights' },
    );
    expect(located(summary.issues)).toEqual([
      [1, 5, 'Showrunner'],
      [1, 6, 'Additional writing by'],
      [1, 7, 'Guest director'],
      [1, 8, 'Written by (uncredited)'],
      [1, 9, 'Drehbuch'],
    ]);
    expect(summary.issues[2]!.message).toBe(
      'header "Guest director" names a crew job that is not one of the roles CrewCount counts (the nearest is director), so its names cannot be read: rename the column "Directed by" if its names are credited as directors, or delete the column',
    );
    expect(summary.committed).toBe(false);
    expect(await credits()).toBe(0);
  });

  it('reads a German episode table as one, refusing each role header at its cell', async () => {
    const summary = await importText('de.csv', ['Staffel,Folge,Titel,Regie,Drehbuch,Kamera,Schnitt', '1,1,Anfang,Ann Lee,Bo Kim,Cy Park,Dee Ray'], { production: 'P' });
    expect(located(summary.issues).slice(0, 4)).toEqual([
      [1, 4, 'Regie'],
      [1, 5, 'Drehbuch'],
      [1, 6, 'Kamera'],
      [1, 7, 'Schnitt'],
    ]);
    expect(summary.issues[0]!.message).toMatch(/^header "Regie" looks like a crew credit in another language \(director\?\).*rename the column "Directed by"/);
    expect(await credits()).toBe(0);
  });

  it('refuses extra role columns in a sheet of one credit per row', async () => {
    const summary = await importText('long.csv', ['series,season,episode,role,person,gender,Co-director,Director 2', 'Show I,1,1,writer,Ann Lee,F,Bo Kim,Cy Park']);
    expect(located(summary.issues)).toEqual([
      [1, 7, 'Co-director'],
      [1, 8, 'Director 2'],
    ]);
    expect(await credits()).toBe(0);
  });
});

describe('genders and years a sheet cannot use', () => {
  it('refuses gender columns in a wide sheet, pointing to the people sheet', async () => {
    const summary = await importText('g.csv', ['Season,Episode,Title,Directed by,Gender,Written by,Writer gender', '1,1,A,Ann Lee,F,Bo Kim,M'], { production: 'P' });
    expect(located(summary.issues)).toEqual([
      [1, 5, 'Gender'],
      [1, 7, 'Writer gender'],
    ]);
    expect(summary.issues[0]!.message).toContain("give each person's gender in a people sheet (crewcount import-people");
    expect(await credits()).toBe(0);
  });

  it("lists a TV sheet's year column as ignored", async () => {
    const summary = await importText('y.csv', ['series,season,episode,year,role,person,gender', 'Show AD,1,1,2018,director,Ann Lee,F']);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]!.ignoredColumns).toEqual(['year']);
    expect(formatSummary(summary).split('\n')[0]).toBe('y.csv: 1 row read, decoded as utf-8, comma-separated; ignored columns: year');
  });
});

describe('"Series" as UK sheets write it', () => {
  it('reads "Series" beside a Programme column as the season', async () => {
    const summary = await importText('uk.csv', ['Programme,Series,Episode,Role,Name,Gender', 'Show W,2,1,Director,Ann Lee,F']);
    expect(summary.issues).toEqual([]);
    expect(await creditLines(db)).toEqual(['Show W | S2E1 | director | Ann Lee | woman']);
  });

  it('reads "Series" as the season when --production names the show, in long and wide sheets', async () => {
    expect((await importText('l.csv', ['Series,Episode,Role,Name,Gender', '2,1,Director,Ann Lee,F'], { production: 'Show W' })).issues).toEqual([]);
    expect((await importText('w.csv', ['Series,Episode,Title,Directed by', '2,2,Pilot,Bo Kim'], { production: 'Show W', season: 2 })).issues).toEqual([]);
    expect(await creditLines(db)).toEqual(['Show W | S2E1 | director | Ann Lee | woman', 'Show W | S2E2 | director | Bo Kim | unknown']);
    expect(await db('productions').pluck('title')).toEqual(['Show W']);
  });

  it('never makes a production of a bare number under "Series"', async () => {
    const summary = await importText('n.csv', ['Series,Episode,Role,Name,Gender', '2,1,Director,Ann Lee,F'], { season: 2 });
    expect(located(summary.issues)).toEqual([[2, 1, '2']]);
    expect(summary.issues[0]!.message).toMatch(/^series "2" is a bare number: in UK usage a "Series" column numbers seasons; give the show's title with --production/);
    expect(await db('productions').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('headers that need a word of help', () => {
  it('points from a key-value preamble to the options that read the sheet, which then does', async () => {
    const lines = ['Show:,Show AM', 'Season:,2', '', 'Episode,Role,Name,Gender', '1,Director,Ann Lee,F'];
    const refused = await importText('kv.csv', lines);
    expect(refused.issues.map((i) => [i.line, i.column])).toEqual([
      [1, 0],
      [4, 0],
    ]);
    expect(refused.issues[1]!.message).toContain('import with --production "Show AM" --season 2');
    const read = await importText('kv.csv', lines, { production: 'Show AM', season: 2 });
    expect(read.issues).toEqual([]);
    expect(read.files[0]!.preamble).toEqual([1, 2]);
    expect(await creditLines(db)).toEqual(['Show AM | S2E1 | director | Ann Lee | woman']);
  });

  it('suggests --kind film for a table of films', async () => {
    const summary = await importText('films.csv', ['Title,Year,Directed by,Written by', 'The Quiet Field,2019,Ann Lee,Bo Kim']);
    expect(summary.issues).toHaveLength(1);
    expect(summary.issues[0]!.message).toContain('if the rows are films (no seasons or episodes), say so with --kind film (upload: kind=film)');
    expect((await importText('films.csv', ['Title,Year,Directed by,Written by', 'The Quiet Field,2019,Ann Lee,Bo Kim'], { kind: 'film' })).issues).toEqual([]);
  });
});

describe('rows that are not credits', () => {
  it('skips the header repeated by files pasted together, byte-order mark and all', async () => {
    const summary = await importText('cat.csv', [
      '\ufeffseries,season,episode,role,person,gender',
      'Show AU,1,1,director,Ann Lee,F',
      '\ufeffseries,season,episode,role,person,gender',
      'Show AU,2,1,director,Bo Kim,M',
    ]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]!.rowsRead).toBe(2);
    expect(await creditLines(db)).toEqual(['Show AU | S1E1 | director | Ann Lee | woman', 'Show AU | S2E1 | director | Bo Kim | man']);
    const wide = await importText('cat-wide.csv', ['Season,Episode,Title,Directed by', '1,1,A,Ann Lee', 'Season,Episode,Title,Directed by', '2,1,B,Bo Kim'], { production: 'P' });
    expect(wide.issues).toEqual([]);
    expect(wide.files[0]!.rowsRead).toBe(2);
  });

  it('reports another header below the first once, and reads no further', async () => {
    const summary = await importText('cat2.csv', [
      'series,season,episode,role,person,gender',
      'Show AU,1,1,director,Ann Lee,F',
      'series,season,episode,person,role',
      'Show AU,2,1,Bo Kim,director',
      'Show AU,2,2,Cy Park,director',
    ]);
    expect(summary.issues).toEqual([
      {
        file: 'cat2.csv',
        line: 3,
        column: 0,
        value: 'series,season,episode,person,role',
        message:
          'a header row again (files pasted together?), but not the header of line 1: the rows below it follow its columns, so they were not read; import each file on its own (one import may name several files)',
      },
    ]);
    expect(await credits()).toBe(0);
  });

  it('accepts one empty field after the last column, and a header ended by a delimiter', async () => {
    const rows = await importText('tr.csv', ['series,season,episode,role,person,gender', 'Show AS,1,1,director,Ann Lee,F,', 'Show AS,1,2,director,Bo Kim,M']);
    expect(rows.issues).toEqual([]);
    const header = await importText('th.csv', ['series,season,episode,role,person,gender,', 'Show AS,1,3,director,Cy Park,F', 'Show AS,1,4,director,Dee Ray,M,']);
    expect(header.issues).toEqual([]);
    expect(await creditLines(db)).toHaveLength(4);
    // only an empty one, and only one
    const refused = await importText('tr2.csv', ['series,season,episode,role,person,gender', 'Show AS,1,1,director,Ann Lee,F,x', 'Show AS,1,2,director,Bo Kim,M,,']);
    expect(refused.issues.map((i) => [i.line, i.message])).toEqual([
      [2, 'row has 7 fields but the header has 6'],
      [3, 'row has 8 fields but the header has 6'],
    ]);
  });

  it('reads "No.,Ep." as the overall number and the episode', async () => {
    const summary = await importText('noep.csv', ['No.,Ep.,Title,Directed by', '11,1,A,Ann Lee', '12,2,B,Bo Kim'], { production: 'P', season: 2 });
    expect(summary.issues).toEqual([]);
    expect(await creditLines(db)).toEqual(['P | S2E1 | director | Ann Lee | unknown', 'P | S2E2 | director | Bo Kim | unknown']);
  });

  it('reads the name column beside "credited as", and the gender beside "Gender (source)", listing the other', async () => {
    const summary = await importText('as.csv', ['series,season,episode,role,name,credited as,gender,Gender (source)', 'Show AV,1,1,director,Ann Lee,A. Lee,F,press']);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]!.ignoredColumns).toEqual(['credited as', 'Gender (source)']);
    expect(await creditLines(db)).toEqual(['Show AV | S1E1 | director | Ann Lee | woman']);
  });
});
