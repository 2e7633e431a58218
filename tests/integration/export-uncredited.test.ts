/**
 * Coverage counts episodes without credits (a wide sheet's TBA row records
 * one), so the credits export keeps such an episode as a row with no role,
 * person or gender, and a long sheet reads that row back as the episode
 * alone: every figure, coverage and the baseline's reference date included,
 * is the same after an export and an import into an empty database.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureBaselines } from '../../seeds/index.js';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { exportCredits, freshDb, tempFile } from '../helpers/db.js';

// Episode 1 had no director yet when the table was copied: it starts the season (2021-08-25, in the DGA's 2020-21).
const WIDE = ['No. in season,Title,Directed by,Original release date', '1,A,TBA,2021-08-25', '2,B,Ann Bee,2021-09-08'].join('\n');

const opened: Knex[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.destroy();
});
async function seededDb(): Promise<Knex> {
  const d = await freshDb();
  opened.push(d);
  await ensureBaselines(d);
  return d;
}

describe('an episode without credits', () => {
  it('is a row of its own in the credits export, and imports back to the same figures and bytes', async () => {
    const d = await seededDb();
    expect((await importFiles(d, [{ path: tempFile('yr.csv', WIDE) }], { production: 'Year Show', season: 1 })).issues).toEqual([]);
    const exported = await exportCredits(d);
    expect(exported.split('\n').slice(1, 3)).toEqual(['Year Show,1,1,A,2021-08-25,,,,tv,,,,', 'Year Show,1,2,B,2021-09-08,director,Ann Bee,unknown,tv,,,,']);
    const before = await computeStats(d, { role: 'director', unit: 'person' });
    expect(before[0]).toMatchObject({ coverage: 0.5, baseline_exact_period: true });

    const copy = await seededDb();
    const back = await importFiles(copy, [{ path: tempFile('export.csv', exported) }]);
    expect(back).toMatchObject({ issues: [], committed: true, creditsNew: 1, episodesAdded: 2 });
    expect(await computeStats(copy)).toEqual(await computeStats(d));
    expect(await exportCredits(copy)).toBe(exported);
  });

  it('is written in JSON with null role, person and gender; the API credits list has it too', async () => {
    const d = await seededDb();
    await importFiles(d, [{ path: tempFile('yr.csv', WIDE) }], { production: 'Year Show', season: 1 });
    const res = await request(createApp({ db: d })).get('/api/credits.json?production=year-show');
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ episode: 1, episode_title: 'A', role: null, person: null, gender: null });
    expect(res.body).toHaveLength(2);
  });

  it('is what a long-sheet row with no role, person or gender records; a row naming one of them still needs the others', async () => {
    const d = await seededDb();
    const sheet = ['series,season,episode,episode_title,air_date,role,person,gender', 'Long Show,1,1,Pilot,2021-08-25,,,', 'Long Show,1,2,Two,2021-09-01,director,Cy Dee,m'].join('\n');
    expect(await importFiles(d, [{ path: tempFile('long.csv', sheet) }])).toMatchObject({ issues: [], creditsNew: 1, episodesAdded: 2 });
    expect((await computeStats(d, { role: 'director', unit: 'credit' }))[0]).toMatchObject({ coverage: 0.5 });
    const half = await importFiles(d, [{ path: tempFile('half.csv', 'series,season,episode,role,person,gender\nLong Show,1,3,,,woman\nLong Show,1,4,director,,\n') }]);
    expect(half.committed).toBe(false);
    expect(half.issues.map((i) => [i.line, i.column])).toEqual([
      [2, 4],
      [2, 5],
      [3, 5],
    ]);
  });
});
