/**
 * Sheets as researchers save them — Excel's BOM/CRLF/semicolon CSV, UTF-16
 * "Unicode text", aliased headers, quoted multi-line cells — imported from
 * real files into a real SQLite database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { creditLines, databasePerTest, freshDb, tempFile } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../data/sample/credits.csv', import.meta.url));

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

describe('importing sheets in the formats researchers save', () => {
  it('reads an Excel semicolon CSV with BOM and CRLF, quoted cells holding ; "" and newlines', async () => {
    const bytes = readFileSync(fixture('excel-semicolon-bom-crlf.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    expect(bytes.toString('utf8').replace(/\r\n/g, '').includes('\n')).toBe(false);

    const summary = await importFiles(db, [{ path: fixture('excel-semicolon-bom-crlf.csv'), name: 'excel.csv' }]);
    expect(summary.issues).toEqual([]);
    expect(summary.committed).toBe(true);
    expect(summary.files[0]).toMatchObject({ encoding: 'utf-8', delimiter: ';', rowsRead: 4, ignoredColumns: [] });
    expect(await creditLines(db)).toEqual([
      'Café Olé | S1E1 | director | Zoë Lindqvist | woman',
      'Café Olé | S1E1 | writer | Paulo Ferreira | man | "Written by" on screen; story by him too',
      'Café Olé | S1E2 | cinematographer | Amara Okafor | woman | shot on film (16 mm)',
      'Café Olé | S1E2 | editor | Kai Nakamura | non-binary',
    ]);
    expect(await db('episodes').select('number', 'title', 'air_date').orderBy('number')).toEqual([
      { number: 1, title: 'Pilot; Part One', air_date: '2019-09-20' },
      { number: 2, title: 'Second Pour', air_date: '2019-09-27' },
    ]);
    expect(await db('productions').select('title', 'slug', 'kind')).toEqual([{ title: 'Café Olé', slug: 'cafe-ole', kind: 'tv' }]);
  });

  it('reads Excel "Unicode text": UTF-16LE with BOM, tab-separated', async () => {
    expect([...readFileSync(fixture('unicode-text-utf16le.txt')).subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const summary = await importFiles(db, [{ path: fixture('unicode-text-utf16le.txt') }]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', rowsRead: 2 });
    expect(await creditLines(db)).toEqual(['Café Olé | S1E3 | director | Zoë Lindqvist | woman', 'Café Olé | S1E3 | writer | Paulo Ferreira | man']);
  });

  it('maps aliased headers, ignores unknown columns and keeps platform, notes and sources', async () => {
    const summary = await importFiles(db, [{ path: fixture('aliased-headers.csv') }]);
    expect(summary.issues).toEqual([]);
    expect(summary.files[0]?.ignoredColumns).toEqual(['Viewers (millions)']);
    expect(await creditLines(db)).toEqual([
      'Northern Line | S2E1 | director | Ines Duarte | woman',
      'Northern Line | S2E1 | writer | Ravi Menon | man | Teleplay by', // the role cell's "Teleplay by" kept as the note
      'Northern Line | S2E2 | director | Ines Duarte | woman | second block',
    ]);
    expect(await db('episodes').select('number', 'title', 'air_date').orderBy('number')).toEqual([
      { number: 1, title: 'The Junction', air_date: '2020-03-03' },
      { number: 2, title: 'Signal Failure', air_date: '2020-03-10' },
    ]);
    expect(await db('productions').first('platform')).toEqual({ platform: 'Channel 9' });
    expect(await db('credits').pluck('source')).toContain('https://example.org/northern-line/2x02');
  });

  it('reads a film sheet whose headers are all aliases', async () => {
    const summary = await importFiles(db, [{ path: fixture('aliased-headers-film.csv') }]);
    expect(summary.issues).toEqual([]);
    // A film has no season or episode: the release year comes from the release date.
    expect(await db('productions').select('title', 'slug', 'kind', 'platform', 'release_year')).toEqual([
      { title: 'The Long Quiet', slug: 'the-long-quiet', kind: 'film', platform: 'Cinema', release_year: 2022 },
    ]);
    expect(await creditLines(db)).toEqual([
      'The Long Quiet | S0E0 | cinematographer | Lena Sørensen | woman',
      'The Long Quiet | S0E0 | editor | Marcus Bell | man',
    ]);
  });

  it('keeps commas, doubled quotes and newlines inside quoted fields', async () => {
    const summary = await importFiles(db, [{ path: fixture('quoted-newlines.csv') }]);
    expect(summary.issues).toEqual([]);
    expect(summary.rowsRead).toBe(4);
    expect(await db('episodes').orderBy('number').pluck('title')).toEqual(['Spring, Again', 'The "Quiet" One']);
    expect(await creditLines(db)).toEqual([
      'Harbour Lights | S2E1 | director | Maren Holt | woman | first line second line',
      'Harbour Lights | S2E1 | writer | Idris Vale | unknown | said "hello" then left',
      'Harbour Lights | S2E2 | director | Sunny Adeyemi | non-binary | a b',
      'Harbour Lights | S2E2 | writer | Tomas Breck | man',
    ]);
  });

  it('locates bad rows on their physical line when earlier fields span several lines', async () => {
    const summary = await importFiles(db, [{ path: fixture('quoted-newlines-bad-row.csv'), name: 'q.csv' }]);
    expect(summary.issues.map((i) => [i.file, i.line, i.column, i.value])).toEqual([
      ['q.csv', 7, 6, 'key grip'],
      ['q.csv', 10, 7, ''],
    ]);
  });

  it('stores co-credits: several people in one role and one person in two roles', async () => {
    const summary = await importFiles(db, [{ path: fixture('co-credits.csv') }]);
    expect(summary.issues).toEqual([]);
    expect(summary).toMatchObject({ creditsNew: 7, episodesAdded: 1, peopleAdded: 6 });
    expect(await creditLines(db)).toEqual([
      'Glass Orchard | S1E1 | cinematographer | Bruno Costa | man',
      'Glass Orchard | S1E1 | director | Noor Haddad | woman',
      'Glass Orchard | S1E1 | editor | Freya Lund | unknown',
      'Glass Orchard | S1E1 | editor | Samir Aziz | unknown',
      'Glass Orchard | S1E1 | writer | Aiko Tanaka | non-binary | Story by',
      'Glass Orchard | S1E1 | writer | Jonah Price | man | Teleplay by',
      'Glass Orchard | S1E1 | writer | Noor Haddad | woman',
    ]);
  });

  it('treats differently spaced, cased and composed spellings as one person, shown as first seen', async () => {
    const summary = await importFiles(db, [{ path: fixture('names.csv') }]);
    expect(summary.issues).toEqual([]);
    expect(summary).toMatchObject({ creditsNew: 6, peopleAdded: 2 });
    expect(await db('people').select('name', 'identity_key', 'gender').orderBy('name')).toEqual([
      { name: 'Ana Ruiz', identity_key: 'ana ruiz', gender: 'woman' },
      { name: 'Zo\u00eb M\u00fcller', identity_key: 'zo\u00eb m\u00fcller', gender: 'woman' },
    ]);
  });

  it('finds a production again by its slug, and keeps apart titles that differ only in another script', async () => {
    const sheet = [
      'series,season,episode,role,person',
      'Élite,1,1,director,Ana Ruiz',
      'ELITE,1,2,director,Ana Ruiz',
      '東京 2,1,1,director,Ana Ruiz',
      '大阪 2,1,1,director,Ana Ruiz',
    ].join('\n');
    const summary = await importFiles(db, [{ path: tempFile('scripts.csv', sheet) }]);
    expect(summary.issues).toEqual([]);
    const productions = await db('productions').orderBy('id').select('title', 'slug');
    expect(productions.map((p) => p.title)).toEqual(['Élite', '東京 2', '大阪 2']);
    expect(productions[0].slug).toBe('elite');
    expect(productions[1].slug).not.toBe(productions[2].slug);
    expect(await db('episodes').count({ n: '*' })).toEqual([{ n: 4 }]);
  });

  it('commits a header-only sheet as zero rows', async () => {
    const summary = await importFiles(db, [{ path: fixture('header-only.csv') }]);
    expect(summary).toMatchObject({ issues: [], committed: true, rowsRead: 0, creditsNew: 0 });
    expect(await db('imports').select('outcome', 'rows_read', 'credits_added', 'error_count')).toEqual([
      { outcome: 'committed', rows_read: 0, credits_added: 0, error_count: 0 },
    ]);
  });
});

describe('the sample credits (Jessica Jones seasons 1–2, Queen Sugar)', () => {
  it('imports 50 new credits, then 50 unchanged on re-import', async () => {
    const first = await importFiles(db, [{ path: SAMPLE }]);
    expect(first.issues).toEqual([]);
    expect(first).toMatchObject({ rowsRead: 50, creditsNew: 50, creditsUnchanged: 0, duplicateRows: 0, productionsAdded: 2, seasonsAdded: 4 });
    expect(await db('productions').orderBy('slug').pluck('slug')).toEqual(['marvels-jessica-jones', 'queen-sugar']);
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 50 }]);

    const again = await importFiles(db, [{ path: SAMPLE }]);
    expect(again).toMatchObject({ committed: true, creditsNew: 0, creditsUnchanged: 50, creditsUpdated: 0, productionsAdded: 0, peopleAdded: 0 });
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 50 }]);
  });

  it('stores the episode facts the sheet gives', async () => {
    await importFiles(db, [{ path: SAMPLE }]);
    const ep = await db('episodes as e')
      .join('seasons as s', 's.id', 'e.season_id')
      .join('productions as p', 'p.id', 's.production_id')
      .where({ 'p.slug': 'marvels-jessica-jones', 's.number': 1, 'e.number': 10 })
      .first('e.title', 'e.air_date');
    expect(ep).toEqual({ title: 'AKA 1,000 Cuts', air_date: '2015-11-20' });
    const directors = await db('credits as c')
      .join('roles as r', 'r.id', 'c.role_id')
      .join('people as pe', 'pe.id', 'c.person_id')
      .where('r.code', 'director')
      .countDistinct({ n: 'pe.id' });
    expect(directors).toEqual([{ n: 24 }]);
  });

  it('skips empty rows above the header and reads its delimiter from the header, numbering lines as in the file', async () => {
    const sheet = tempFile('blank-top.csv', '\n;;;;\nseries;season;episode;role;person\nHarbour Lights;1;1;director;Ana Ruiz\nHarbour Lights;one;2;director;Ana Ruiz\n');
    const summary = await importFiles(db, [{ path: sheet }]);
    expect(summary.files[0]!.delimiter).toBe(';');
    expect(summary.issues.map((i) => [i.line, i.column, i.value])).toEqual([[5, 2, 'one']]);
  });

  it('reads episodes written with their season (S02E05, 2x06), filling a blank season and refusing a contradiction', async () => {
    const sheet = tempFile(
      'codes.csv',
      ['series,season,episode,role,person', 'Harbour Lights,,S02E05,director,Ana Ruiz', 'Harbour Lights,2,2x06,director,Ana Ruiz', 'Harbour Lights,3,S02E07,director,Ana Ruiz'].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet }]);
    expect(summary.issues.map((i) => [i.line, i.column, i.value, i.message])).toEqual([[4, 3, 'S02E07', 'episode "S02E07" names season 2 but the row is in season 3']]);
    const fixed = tempFile('codes-ok.csv', ['series,season,episode,role,person', 'Harbour Lights,,S02E05,director,Ana Ruiz', 'Harbour Lights,2,2x06,director,Ana Ruiz'].join('\n'));
    expect((await importFiles(db, [{ path: fixed }])).issues).toEqual([]);
    expect(await creditLines(db)).toEqual(['Harbour Lights | S2E5 | director | Ana Ruiz | unknown', 'Harbour Lights | S2E6 | director | Ana Ruiz | unknown']);
  });
});
