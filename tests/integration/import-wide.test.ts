/**
 * Wide sheets (one row per episode, a column per role) imported from real
 * files into a real database: multi-name cells, story/teleplay parts,
 * numbering, --season/--production, and the same credits as the long layout.
 */
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { formatSummary } from '../../src/import/report.js';
import { computeStats } from '../../src/stats/service.js';
import { creditLines, databasePerTest, freshDb, snapshot, tempFile } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/wide/${name}`, import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../data/sample/credits.csv', import.meta.url));

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

describe('wide episode tables', () => {
  it('reads a reference page table: several people per cell, story and teleplay parts, every episode recorded', async () => {
    const summary = await importFiles(db, [{ path: fixture('episode-table.csv') }], { production: 'Harbour Lights', season: 2 });
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ format: 'wide', rowsRead: 4, ignoredColumns: ['U.S. viewers (millions)'], placeholders: 2 });
    expect(formatSummary(summary)).toContain('wide sheet (one row per episode), 4 rows read');
    expect(formatSummary(summary)).toContain('; 2 placeholders (TBA, N/A, unknown, a dash) credited to nobody');
    expect(await creditLines(db)).toEqual([
      'Harbour Lights | S2E1 | director | Maren Holt | unknown',
      'Harbour Lights | S2E1 | director | Sunny Adeyemi | unknown',
      'Harbour Lights | S2E1 | writer | Idris Vale | unknown | Teleplay by',
      'Harbour Lights | S2E1 | writer | Noor Haddad | unknown | Teleplay by',
      'Harbour Lights | S2E1 | writer | Tomas Breck | unknown | Story by',
      'Harbour Lights | S2E2 | director | Ana Ruiz | unknown',
      'Harbour Lights | S2E2 | director | Marcus Bell, Jr. | unknown',
      'Harbour Lights | S2E2 | writer | Idris Vale | unknown',
      'Harbour Lights | S2E2 | writer | Lena Sørensen | unknown',
      'Harbour Lights | S2E2 | writer | Tomas Breck | unknown',
      'Harbour Lights | S2E3 | director | Maren Holt | unknown',
      // credited for both parts: one credit, both parts in its note
      'Harbour Lights | S2E3 | writer | Noor Haddad | unknown | Story by; Teleplay by',
      'Harbour Lights | S2E3 | writer | Ravi Menon | unknown | Teleplay by',
    ]);
    // Titles lose the reference page's quotes; the TBA episode is recorded without credits, so coverage counts it.
    expect(await db('episodes').orderBy('number').select('number', 'title', 'air_date')).toEqual([
      { number: 1, title: 'Low Tide', air_date: '2021-03-03' },
      { number: 2, title: 'Salt', air_date: '2021-03-10' },
      { number: 3, title: "The Keeper's Log", air_date: '2021-03-17' },
      { number: 4, title: 'Undertow', air_date: '2021-03-24' },
    ]);
    const [directors] = await computeStats(db, { production: 'harbour-lights', role: 'director', unit: 'person' });
    // four people directed; the TBA episode has no director, so directors cover 3 of the 4 episodes
    expect(directors).toMatchObject({ season: 2, unknown: 4, known: 0, coverage: 0.75 });
  });

  it('credits nobody for placeholders (N/A whole, unknown, uncredited, none, various), reads character references and footnoted headers', async () => {
    const sheet = tempFile(
      'placeholders.csv',
      [
        'No. in season,Title,Directed by[a],Written by[b],Original air date[1]',
        '1,A,Unknown,N/A,"March 3, 2021"',
        '2,B,uncredited,none,"March 10, 2021"',
        '3,C,-,Various,"March 17, 2021"',
        '4,D,Ana Ruiz &amp; Maren Holt,n/a[c],"March 24, 2021"',
        '5,E,TBA[a],Zo&#235; M&#xFC;ller,"March 31, 2021"',
        '6,F,,,"April 7, 2021"', // blank cells are no placeholders
      ].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet }], { production: 'Harbour Lights', season: 2 });
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ format: 'wide', rowsRead: 6, placeholders: 8 });
    expect(summary.files[0]!.ignoredColumns ?? []).toEqual([]);
    expect(await creditLines(db)).toEqual([
      'Harbour Lights | S2E4 | director | Ana Ruiz | unknown',
      'Harbour Lights | S2E4 | director | Maren Holt | unknown',
      'Harbour Lights | S2E5 | writer | Zoë Müller | unknown',
    ]);
    expect(await db('episodes').orderBy('number').pluck('air_date')).toEqual(['2021-03-03', '2021-03-10', '2021-03-17', '2021-03-24', '2021-03-31', '2021-04-07']);
  });

  it('reads Story by and Teleplay by columns of a semicolon sheet, and the other role columns', async () => {
    const summary = await importFiles(db, [{ path: fixture('separate-part-columns.csv') }]);
    expect(summary.issues).toEqual([]);
    expect(await creditLines(db)).toEqual([
      'Harbour Lights | S3E1 | cinematographer | Lena Sørensen | unknown',
      'Harbour Lights | S3E1 | director | Ana Ruiz | unknown',
      'Harbour Lights | S3E1 | editor | Samir Aziz | unknown',
      'Harbour Lights | S3E1 | editor | Zoë Müller | unknown',
      'Harbour Lights | S3E1 | writer | Idris Vale | unknown | Teleplay by',
      'Harbour Lights | S3E1 | writer | Noor Haddad | unknown | Teleplay by',
      'Harbour Lights | S3E1 | writer | Tomas Breck | unknown | Story by; Teleplay by',
      'Harbour Lights | S3E2 | cinematographer | Lena Sørensen | unknown',
      'Harbour Lights | S3E2 | director | Sunny Adeyemi | unknown',
      'Harbour Lights | S3E2 | editor | Samir Aziz | unknown',
      'Harbour Lights | S3E2 | writer | Idris Vale | unknown | Teleplay by',
    ]);
  });

  it('keeps genders that people were given elsewhere: a wide sheet never overrides them', async () => {
    const long = tempFile('long.csv', 'series,season,episode,role,person,gender\nHarbour Lights,1,1,director,Maren Holt,woman\n');
    expect((await importFiles(db, [{ path: long }])).issues).toEqual([]);
    const summary = await importFiles(db, [{ path: fixture('episode-table.csv') }], { production: 'Harbour Lights', season: 2 });
    expect(summary.issues).toEqual([]);
    expect(await db('people').where({ name: 'Maren Holt' }).pluck('gender')).toEqual(['woman']);
  });

  it('gives the same credits as the long layout of the same real sheet (Jessica Jones season 2)', async () => {
    const wide = await importFiles(db, [{ path: fixture('jessica-jones-s2.csv') }], { production: "Marvel's Jessica Jones", season: 2 });
    expect(wide.issues).toEqual([]);
    const fromWide = (await creditLines(db)).map((l) => l.replace(/ \| (woman|man|unknown|non-binary)( \|.*)?$/, ''));
    const other = await freshDb();
    try {
      expect((await importFiles(other, [{ path: SAMPLE }])).issues).toEqual([]);
      const fromLong = (await creditLines(other, { where: { 's.number': 2, 'p.title': "Marvel's Jessica Jones" } })).map((l) =>
        l.replace(/ \| (woman|man|unknown|non-binary)( \|.*)?$/, ''),
      );
      expect(fromWide).toEqual(fromLong);
      expect(fromWide).toHaveLength(14);
      // Titles and air dates agree too: importing the long sheet over the wide one changes no episode
      // and adds no season-2 credit (it adds the notes and sources the wide sheet lacks).
      const again = await importFiles(db, [{ path: SAMPLE }]);
      expect(again.issues).toEqual([]);
      expect(again.episodesUpdated).toBe(0);
      expect(again.creditsUpdated).toBe(14);
      expect(await creditLines(db, { where: { 's.number': 2, 'p.title': "Marvel's Jessica Jones" } })).toHaveLength(14);
    } finally {
      await other.destroy();
    }
  });

  it('re-imports unchanged', async () => {
    const options = { production: 'Harbour Lights', season: 2 } as const;
    await importFiles(db, [{ path: fixture('episode-table.csv') }], options);
    const before = await snapshot(db);
    const again = await importFiles(db, [{ path: fixture('episode-table.csv') }], options);
    expect(again).toMatchObject({ creditsNew: 0, creditsUnchanged: 13, creditsUpdated: 0, episodesAdded: 0 });
    expect((await snapshot(db)).credits).toEqual(before.credits);
  });

  it('numbers episodes given only overall within their seasons when the sheet starts at episode 1', async () => {
    const summary = await importFiles(db, [{ path: fixture('overall-only.csv') }], { production: 'Glass Orchard' });
    expect(summary.issues).toEqual([]);
    expect(await creditLines(db, { where: { 'r.code': 'director' } })).toEqual([
      'Glass Orchard | S1E1 | director | Ana Ruiz | unknown',
      'Glass Orchard | S1E2 | director | Ana Ruiz | unknown',
      'Glass Orchard | S2E1 | director | Sunny Adeyemi | unknown',
      'Glass Orchard | S2E2 | director | Maren Holt | unknown',
    ]);
  });

  it('refuses overall numbers it cannot turn into numbers within the season, asking for No. in season', async () => {
    const summary = await importFiles(db, [{ path: fixture('overall-gap.csv') }], { production: 'Glass Orchard' });
    expect(summary.issues).toEqual([
      {
        file: fixture('overall-gap.csv'),
        line: 2,
        column: 2,
        value: '14',
        message:
          'the sheet numbers "Glass Orchard" episodes only overall and does not list every episode from 1 to 15, so the number within each season cannot be worked out; add a No. in season column',
      },
    ]);
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('names the cell that disagrees with --season or --production, and writes nothing', async () => {
    const sheet = tempFile(
      'clash.csv',
      ['Series,Season,No. in season,Directed by', 'Harbour Lights,2,1,Ana Ruiz', 'Harbour Lights,3,2,Ana Ruiz', 'Glass Orchard,,3,Ana Ruiz'].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet }], { production: 'Harbour Lights', season: 2 });
    expect(summary.issues.map((i) => [i.line, i.column, i.value, i.message])).toEqual([
      [3, 2, '3', 'season 3 differs from the season given for the whole file (2)'],
      [4, 1, 'Glass Orchard', 'series "Glass Orchard" differs from the production given for the whole file ("Harbour Lights")'],
    ]);
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('asks for what a wide sheet lacks, and obeys --format', async () => {
    const noSeason = await importFiles(db, [{ path: fixture('episode-table.csv') }]);
    expect(noSeason.issues).toHaveLength(1);
    expect(noSeason.issues[0]).toMatchObject({ line: 1, column: 0 });
    // "Title" in a table of episodes is the episode's title, so the production must come from --production.
    expect(noSeason.issues[0]!.message).toMatch(/^missing required columns series \(or --production\), season \(or --season\) for a wide sheet/);
    const forcedLong = await importFiles(db, [{ path: fixture('episode-table.csv') }], { format: 'long', production: 'H', season: 1 });
    expect(forcedLong.issues[0]!.message).toMatch(/^missing required columns role, person;/);
    const longAsWide = tempFile('long.csv', 'series,season,episode,role,person\nHarbour Lights,1,1,director,Ana Ruiz\n');
    const forcedWide = await importFiles(db, [{ path: longAsWide }], { format: 'wide' });
    expect(forcedWide.issues[0]!.message).toMatch(/^missing required column a role column such as "Directed by" for a wide sheet/);
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('locates bad cells of a wide row: ragged rows, control characters, bad numbers and dates', async () => {
    const sheet = tempFile(
      'bad.csv',
      [
        'No. in season,Title,Directed by,Written by,Original air date',
        '1,Pilot,Ana Ruiz,Tomas Breck,2021-03-03,extra',
        '2,Second,Ana\u0000Ruiz,Tomas Breck,2021-03-10',
        'two,Third,Ana Ruiz,,03/04/2021',
      ].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet }], { production: 'Harbour Lights', season: 1 });
    expect(summary.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [2, 6, 'row has 6 fields but the header has 5'],
      [3, 3, 'column 3 contains the control character U+0000; remove it'],
      [4, 1, expect.stringMatching(/^episode number "two" is not a whole number/)],
      [4, 5, expect.stringMatching(/^air date "03\/04\/2021" is ambiguous/)],
    ]);
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
