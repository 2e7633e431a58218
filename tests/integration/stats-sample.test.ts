/**
 * The researched sample (data/sample/credits.csv, via the seeds): the figures
 * data/sample/NOTES.md says the numbers should show.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeeds } from '../../seeds/index.js';
import { importFiles } from '../../src/import/service.js';
import type { StatsRow } from '../../src/stats/fields.js';
import { computeStats } from '../../src/stats/service.js';
import { wilsonInterval } from '../../src/stats/wilson.js';
import { freshDb, tempFile } from '../helpers/db.js';

let db: Knex;
let rows: StatsRow[];

beforeAll(async () => {
  db = await freshDb();
  await runSeeds(db);
  rows = await computeStats(db);
});
afterAll(async () => {
  await db.destroy();
});

const find = (production: string, season: number, role: string, unit: string): StatsRow => {
  const r = rows.find((x) => x.production === production && x.season === season && x.role === role && x.unit === unit);
  if (!r) throw new Error(`no row ${production} ${season} ${role} ${unit}`);
  return r;
};

describe('sample data: Marvel’s Jessica Jones', () => {
  it('season 2: women directed all 13 episodes, in every unit', () => {
    for (const unit of ['credit', 'person', 'episode']) {
      const r = find('marvels-jessica-jones', 2, 'director', unit);
      expect(r).toMatchObject({ women: 13, men: 0, non_binary: 0, unknown: 0, total: 13, known: 13, share_women: 1, small_sample: false, coverage: 1 });
      // 13 of 13: the Wilson lower bound is 13 / (13 + z²)
      expect(r.ci95_low).toBeCloseTo(13 / (13 + 1.959964 ** 2), 5);
      expect(r.ci95_high).toBe(1);
      expect(r.season_year).toBe(2018);
    }
  });

  it('season 1: women directed 4 of the 11 episodes whose director’s gender is known; one is unknown', () => {
    for (const unit of ['credit', 'episode']) {
      // women: Clarkson (1, 2), Rodriguez (10), Briesewitz (11); men: Petrarca (3, 4), Surjik (5),
      // Cellan Jones (7, 8), Dahl (9), Rymer (13); unknown: Gierhart (12); episode 6 is not in the sheet
      const r = find('marvels-jessica-jones', 1, 'director', unit);
      expect(r).toMatchObject({ women: 4, men: 7, non_binary: 0, unknown: 1, known: 11, total: 12, small_sample: false });
      expect(r.share_women).toBeCloseTo(4 / 11, 6);
      const ci = wilsonInterval(4, 11)!;
      expect(r.ci95_low).toBeCloseTo(ci.low, 6);
      expect(r.ci95_high).toBeCloseTo(ci.high, 6);
    }
    // people: Clarkson, Rodriguez, Briesewitz / Petrarca, Surjik, Cellan Jones, Dahl, Rymer / Gierhart
    const person = find('marvels-jessica-jones', 1, 'director', 'person');
    expect(person).toMatchObject({ women: 3, men: 5, unknown: 1, known: 8, total: 9, small_sample: true });
    expect(person.share_women).toBe(0.375);
  });

  it('season 1 writers: co-written episodes split, unknown kept', () => {
    const credit = find('marvels-jessica-jones', 1, 'writer', 'credit');
    const episode = find('marvels-jessica-jones', 1, 'writer', 'episode');
    // every written episode counts 1 in the episode unit: 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13
    expect(episode.total).toBe(11);
    expect(credit.total).toBe(18);
    // 11 of the 12 episodes in the sheet have a writer
    expect(episode.coverage).toBeCloseTo(11 / 12, 6);
  });

  it('released 2015-11-20: the 2015-16 TV season', () => {
    const episode = find('marvels-jessica-jones', 1, 'director', 'episode');
    expect(episode.baseline_label).toBe('Episodic Television Director Inclusion Report 2015-16: directors, TV, % of episodes');
    expect(episode.baseline_exact_period).toBe(true);
    const all = find('marvels-jessica-jones', 1, 'all', 'person');
    expect(all.baseline_label).toBe('Boxed In 2015-16: key roles, TV, % of people');
    expect(all.baseline_share).toBe(0.26);
  });
});

describe('a film', () => {
  it('a 2017 film’s all row sits beside The Celluloid Ceiling 2017 key roles, 18%', async () => {
    const sheet = tempFile(
      'film.csv',
      [
        'series,season,episode,episode_title,air_date,role,person,gender,kind',
        'Sample Film 2017,,,,2017-06-15,director,Fay Film,woman,film',
        'Sample Film 2017,,,,2017-06-15,writer,Gus Film,man,film',
        'Sample Film 2017,,,,2017-06-15,editor,Fay Film,woman,film',
      ].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet }]);
    expect(summary.issues).toEqual([]);
    const film = await computeStats(db, { production: 'Sample Film 2017', role: 'all' });
    expect(film).toHaveLength(3);
    for (const r of film) {
      expect(r.kind).toBe('film');
      // A film has no seasons: its row carries the release year.
      expect(r.season).toBeNull();
      expect(r.season_year).toBe(2017);
      expect(r.baseline_label).toBe('The Celluloid Ceiling 2017: key roles, film, % of people');
      expect(r.baseline_share).toBe(0.18);
      expect(r.baseline_exact_period).toBe(true);
    }
    const person = film.find((r) => r.unit === 'person')!;
    // director Fay + writer Gus + editor Fay: 2 women, 1 man (a person counts once per role)
    expect(person).toMatchObject({ women: 2, men: 1, known: 3 });
    expect(person.gap_pp).toBeCloseTo((2 / 3 - 0.18) * 100, 4);
    const director = await computeStats(db, { production: 'sample-film-2017', role: 'director', unit: 'person' });
    expect(director[0]!.baseline_label).toBe('The Celluloid Ceiling 2017: directors, film, % of people');
    expect(director[0]!.baseline_share).toBe(0.11);
  });
});

describe('the production’s platform', () => {
  it('picks the platform’s own baseline when the sheet names the network', async () => {
    const sheet = tempFile(
      'platforms.csv',
      [
        'series,season,episode,episode_title,air_date,role,person,gender,platform',
        'Broadcast Show,1,1,,2016-10-01,director,Bo Cast,woman,ABC',
        'Streaming Show,1,1,,2016-10-01,director,Stre Aming,woman,Netflix',
        'Streaming Later,1,1,,2019-10-01,director,Stre Aming,woman,Netflix',
        'Broadcast Later,1,1,,2019-10-01,director,Bo Cast,woman,NBC',
        'Cable Later,1,1,,2019-10-01,director,Bo Cast,woman,HBO',
      ].join('\n'),
    );
    expect((await importFiles(db, [{ path: sheet }])).issues).toEqual([]);
    const all = async (production: string) => (await computeStats(db, { production, role: 'all', unit: 'person' }))[0]!;
    // 2016-17: Boxed In has an all-platform 28% and a broadcast-only 27%
    expect(await all('broadcast-show')).toMatchObject({ baseline_share: 0.27, baseline_label: 'Boxed In 2016-17: key roles, TV (broadcast), % of people' });
    expect(await all('streaming-show')).toMatchObject({ baseline_share: 0.28, baseline_label: 'Boxed In 2016-17: key roles, TV, % of people' });
    // 2019-20: streaming 35% and broadcast 30% only
    expect(await all('streaming-later')).toMatchObject({ baseline_share: 0.35, baseline_label: 'Boxed In 2019-20: key roles, TV (streaming), % of people' });
    expect(await all('broadcast-later')).toMatchObject({ baseline_share: 0.3, baseline_label: 'Boxed In 2019-20: key roles, TV (broadcast), % of people' });
    // cable has no row of its own in 2019-20: the nearest season that covers it (2017-18, all platforms) is not preferred
    // over the season's own rows, because the period outranks the platform
    expect((await all('cable-later')).baseline_label).toMatch(/^Boxed In 2019-20: key roles, TV \((streaming|broadcast)\)/);
  });
});
