/**
 * Films: no seasons or episodes, a release year, Celluloid Ceiling
 * baselines; imported from real files, counted, exported and re-imported.
 */
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { ensureBaselines } from '../../seeds/index.js';
import { databasePerTest, exportCredits, freshDb, tempFile } from '../helpers/db.js';

const FILMS = fileURLToPath(new URL('../fixtures/import/wide/films.csv', import.meta.url));

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

describe('films', () => {
  it('imports a table of films: no season or episode, the release year from a year or a release date', async () => {
    const summary = await importFiles(db, [{ path: FILMS }]);
    expect(summary.issues).toEqual([]);
    expect(await db('productions').orderBy('title').select('title', 'kind', 'release_year')).toEqual([
      { title: 'Paper Lanterns', kind: 'film', release_year: 2017 },
      { title: 'The Long Quiet', kind: 'film', release_year: 2017 },
    ]);
    expect(await db('credits').count({ n: '*' })).toEqual([{ n: 7 }]);
  });

  it('gives a film one stats row per role and unit with its release year and no season, matched to The Celluloid Ceiling', async () => {
    await ensureBaselines(db);
    await importFiles(db, [{ path: FILMS }]);
    const rows = await computeStats(db, { production: 'the-long-quiet', unit: 'person' });
    expect(rows.map((r) => r.role)).toEqual(['director', 'writer', 'cinematographer', 'editor', 'all']);
    for (const r of rows) {
      expect(r).toMatchObject({ kind: 'film', season: null, season_year: 2017, unknown: r.total });
      expect(r.baseline_label).toMatch(/^The Celluloid Ceiling 2017: .*, film, % of people$/);
      expect(r.baseline_exact_period).toBe(true);
    }
    expect(rows.find((r) => r.role === 'director')!.baseline_share).toBe(0.11);
    // A film known only by its release date is matched by that date's year.
    const [lanterns] = await computeStats(db, { production: 'paper-lanterns', role: 'director', unit: 'person' });
    expect(lanterns).toMatchObject({ season: null, season_year: 2017, baseline_share: 0.11 });
  });

  it('refuses film rows with a season or episode, without a year, or whose year and date disagree', async () => {
    const sheet = tempFile(
      'bad-films.csv',
      [
        'series,kind,season,episode,year,air_date,role,person',
        'A,film,1,1,2017,,director,Ana Ruiz',
        'B,film,,,,,director,Ana Ruiz',
        'C,film,,,2016,2017-06-15,director,Ana Ruiz',
        'D,film,,,17,,director,Ana Ruiz',
      ].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet }]);
    expect(summary.issues.map((i) => [i.line, i.column, i.value, i.message])).toEqual([
      [2, 3, '1', 'a film has no seasons; leave season blank for a film'],
      [2, 4, '1', 'a film has no episodes; leave episode blank for a film'],
      [3, 5, '', 'a film needs its release year: give a year column or a release date'],
      [4, 5, '2016', 'release year 2016 disagrees with the release date 2017-06-15'],
      [5, 5, '17', 'release year "17" is not a year; expected four digits such as 2017'],
    ]);
    expect(await db('productions').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('names both lines when two rows give a film different years, and keeps a stored year against a later sheet', async () => {
    const clash = tempFile('clash.csv', 'series,kind,year,role,person\nA,film,2017,director,Ana Ruiz\nA,film,2018,writer,Ana Ruiz\n');
    const summary = await importFiles(db, [{ path: clash }]);
    expect(summary.issues.map((i) => i.message)).toEqual(['"A" is given release year 2018 at line 3 but 2017 at line 2; if these are two films (a remake), tell them apart in the title, e.g. "A (2018)"']);
    await importFiles(db, [{ path: tempFile('a.csv', 'series,kind,year,role,person\nA,film,2017,director,Ana Ruiz\n') }]);
    const later = await importFiles(db, [{ path: tempFile('b.csv', 'series,kind,year,role,person\nA,film,2019,writer,Ana Ruiz\n') }]);
    expect(later.issues.map((i) => i.message)).toEqual(['"A" is given release year 2019 at line 2 but 2017 in the database; if these are two films (a remake), tell them apart in the title, e.g. "A (2019)"']);
  });

  it('names a wide film table row’s conflict once, not once per credit of the row', async () => {
    const table = tempFile('remakes.csv', 'Title,Year,Directed by,Written by\nLittle Women,1994,Gillian Armstrong,Robin Swicord\nLittle Women,2019,Greta Gerwig,Greta Gerwig\n');
    const summary = await importFiles(db, [{ path: table }], { kind: 'film' });
    expect(summary.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      '3: "Little Women" is given release year 2019 at line 3 but 1994 at line 2; if these are two films (a remake), tell them apart in the title, e.g. "Little Women (2019)"',
    ]);
  });

  it('exports a film with blank season and episode and its year, and the export imports back to the same bytes', async () => {
    await importFiles(db, [{ path: FILMS }]);
    const csv = await exportCredits(db);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('series,season,episode,episode_title,air_date,role,person,gender,kind,platform,year,credit_note,source');
    expect(lines).toContain('Paper Lanterns,,,,2017-06-15,director,Ravi Menon,unknown,film,,2017,,');
    expect(lines).toContain('The Long Quiet,,,,,writer,Marcus Bell,unknown,film,,2017,Screenplay by,');
    const other = await freshDb();
    try {
      const back = await importFiles(other, [{ path: tempFile('export.csv', csv) }]);
      expect(back.issues).toEqual([]);
      expect(await exportCredits(other)).toBe(csv);
      expect(await computeStats(other)).toEqual(await computeStats(db));
    } finally {
      await other.destroy();
    }
  });

  it('keeps films out of "season 1 of every production"', async () => {
    await importFiles(db, [{ path: FILMS }]);
    await importFiles(db, [{ path: tempFile('tv.csv', 'series,season,episode,role,person\nHarbour Lights,1,1,director,Ana Ruiz\n') }]);
    const rows = await computeStats(db, { season: 1, role: 'all', unit: 'credit' });
    expect(rows.map((r) => r.production)).toEqual(['harbour-lights']);
  });

  it('no season number selects a film: season 0 is a TV season 0, in the stats, the API and the credits export', async () => {
    await importFiles(db, [{ path: FILMS }]);
    await importFiles(db, [{ path: tempFile('specials.csv', 'series,season,episode,role,person\nHarbour Lights,0,1,director,Ana Ruiz\n') }]);
    expect((await computeStats(db, { season: 0, role: 'all', unit: 'credit' })).map((r) => [r.production, r.season])).toEqual([['harbour-lights', 0]]);
    const app = createApp({ db });
    const stats = await request(app).get('/api/stats?season=0&role=all&unit=credit');
    expect(stats.status).toBe(200);
    expect(stats.body.rows.map((r: { production: string; season: number | null }) => [r.production, r.season])).toEqual([['harbour-lights', 0]]);
    const credits = await request(app).get('/api/credits.csv?season=0');
    expect(credits.status).toBe(200);
    expect(credits.text.trimEnd().split('\n').slice(1)).toEqual(['Harbour Lights,0,1,,,director,Ana Ruiz,unknown,tv,,,,']);
  });

  it('lists a film in /api/productions with no season number, as its stats rows have none', async () => {
    await importFiles(db, [{ path: FILMS }]);
    const res = await request(createApp({ db })).get('/api/productions');
    expect(res.status).toBe(200);
    const film = res.body.productions.find((p: { slug: string }) => p.slug === 'the-long-quiet');
    expect(film).toMatchObject({ kind: 'film', seasons: [{ season: null, episodes: 1, credits: 5, first_air_date: null }] });
  });

  it('reads a filmography without a kind column when told --kind film, and refuses a row that says otherwise', async () => {
    const table = fileURLToPath(new URL('../fixtures/import/wide/filmography.csv', import.meta.url));
    const without = await importFiles(db, [{ path: table }]);
    expect(without.issues[0]!.message).toMatch(/^missing required columns season \(or --season\), episode \(No\. in season or No\. overall\) for a wide sheet/);
    const summary = await importFiles(db, [{ path: table }], { kind: 'film' });
    expect(summary.issues).toEqual([]);
    expect(await db('productions').orderBy('title').select('title', 'kind', 'release_year')).toEqual([
      { title: 'Paper Lanterns', kind: 'film', release_year: 2019 },
      { title: 'The Long Quiet', kind: 'film', release_year: 2017 },
    ]);
    const clash = tempFile('clash.csv', 'series,kind,year,role,person\nA,tv,2017,director,Ana Ruiz\n');
    const refused = await importFiles(db, [{ path: clash }], { kind: 'film' });
    expect(refused.issues.map((i) => [i.line, i.column, i.message])).toEqual([[2, 2, 'kind tv differs from the kind given for the whole file (film)']]);
  });
});
