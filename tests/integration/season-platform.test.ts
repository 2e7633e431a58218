/**
 * A season's platform picks its baseline, and a show can move: Lucifer went
 * from FOX to Netflix. Each season keeps the platform its rows give; one
 * without falls back to the production's (the first given); two rows of one
 * import that disagree about a season are an error; a later sheet may
 * correct a stored one, as it may an episode's title.
 */
import type { Knex } from 'knex';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureBaselines } from '../../seeds/index.js';
import { migrationSource } from '../../src/db/migrations/index.js';
import { createApp } from '../../src/http/app.js';
import { formatSummary } from '../../src/import/report.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { exportCredits, freshDb, tempFile } from '../helpers/db.js';

const HEAD = 'series,season,episode,air_date,role,person,gender,platform';
// Both seasons in Boxed In's 2019-20 (from 1 September), which has a broadcast (30%) and a streaming (35%) key-roles figure.
const MOVER = [HEAD, 'Mover,1,1,2019-09-20,director,Ann Lee,woman,FOX', 'Mover,1,2,2019-09-27,director,Bo Kim,man,', 'Mover,2,1,2020-05-01,director,Ann Lee,woman,Netflix'];

let db: Knex | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

async function seededDb(): Promise<Knex> {
  db = await freshDb();
  await ensureBaselines(db);
  return db;
}

const keyRoles = async (d: Knex, season: number) => (await computeStats(d, { production: 'mover', season, role: 'all', unit: 'person' }))[0]!;
const importSheet = (d: Knex, name: string, lines: string[]) => importFiles(d, [{ path: tempFile(name, `${lines.join('\n')}\n`) }]);

describe("a season's platform", () => {
  it('picks each season its own baseline when a show moves platform', async () => {
    const d = await seededDb();
    expect((await importSheet(d, 'mover.csv', MOVER)).issues).toEqual([]);
    expect(await keyRoles(d, 1)).toMatchObject({ platform: 'FOX', baseline_share: 0.3, baseline_label: 'Boxed In 2019-20: key roles, TV (broadcast), % of people', baseline_exact_platform: true });
    expect(await keyRoles(d, 2)).toMatchObject({ platform: 'Netflix', baseline_share: 0.35, baseline_label: 'Boxed In 2019-20: key roles, TV (streaming), % of people', baseline_exact_platform: true });
    expect(await d('seasons').orderBy('number').select('number', 'platform')).toEqual([
      { number: 1, platform: 'FOX' },
      { number: 2, platform: 'Netflix' },
    ]);
    // The production keeps the platform first given.
    expect(await d('productions').select('platform')).toEqual([{ platform: 'FOX' }]);
    const res = await request(createApp({ db: d })).get('/api/productions');
    expect(res.body.productions[0]).toMatchObject({ platform: 'FOX', seasons: [{ season: 1, platform: 'FOX' }, { season: 2, platform: 'Netflix' }] });
  });

  it("is one per season: rows of one import that disagree are an error naming both lines, and nothing is stored", async () => {
    const d = await seededDb();
    const summary = await importSheet(d, 'split.csv', [...MOVER, 'Mover,2,2,2020-05-08,director,Bo Kim,man,Hulu']);
    expect(summary.committed).toBe(false);
    expect(summary.issues).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/split\.csv$/),
        line: 5,
        value: 'Hulu',
        message: 'Mover season 2 is given platform "Hulu" at line 5 but "Netflix" at line 4; a season has one platform (a show that moved gives each season its own)',
      }),
    ]);
    expect(await d('seasons').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it("may be corrected by a later sheet; a season no sheet gives one uses the production's", async () => {
    const d = await seededDb();
    await importSheet(d, 'mover.csv', MOVER);
    const later = await importSheet(d, 'later.csv', [HEAD, 'Mover,2,1,2020-05-01,director,Ann Lee,woman,Hulu', 'Mover,3,1,2020-06-01,director,Cy Dee,man,']);
    expect(later).toMatchObject({ issues: [], seasonsUpdated: 1, seasonsAdded: 1 });
    expect(formatSummary(later)).toContain('updated: 1 season (platform), 0 episodes, 0 people');
    expect(await d('seasons').orderBy('number').select('number', 'platform')).toEqual([
      { number: 1, platform: 'FOX' },
      { number: 2, platform: 'Hulu' },
      { number: 3, platform: null },
    ]);
    expect(await keyRoles(d, 2)).toMatchObject({ baseline_share: 0.35, baseline_exact_platform: true });
    expect(await keyRoles(d, 3)).toMatchObject({ platform: 'FOX', baseline_share: 0.3, baseline_label: 'Boxed In 2019-20: key roles, TV (broadcast), % of people' });
    // Re-importing the first sheet puts Netflix back: the later sheet's Hulu was a correction, as this is.
    expect((await importSheet(d, 'mover.csv', MOVER)).issues).toEqual([]);
    expect(await d('seasons').where({ number: 2 }).select('platform')).toEqual([{ platform: 'Netflix' }]);
  });

  it('is one platform however it is spelled: netflix and Netflix neither conflict nor count as a correction', async () => {
    const d = await seededDb();
    await importSheet(d, 'mover.csv', MOVER);
    const spelled = await importSheet(d, 'spelled.csv', [HEAD, 'Mover,2,1,2020-05-01,director,Ann Lee,woman,netflix', 'Mover,2,2,2020-05-08,director,Bo Kim,man,NETFLIX']);
    expect(spelled).toMatchObject({ issues: [], seasonsUpdated: 0 });
    expect(await d('seasons').where({ number: 2 }).select('platform')).toEqual([{ platform: 'Netflix' }]);
  });

  it('leaves the credits export with each season’s platform, which imports back to the same figures and bytes', async () => {
    const d = await seededDb();
    await importSheet(d, 'mover.csv', MOVER);
    const exported = await exportCredits(d);
    expect(exported).toContain('Mover,1,1,,2019-09-20,director,Ann Lee,woman,tv,FOX,');
    expect(exported).toContain('Mover,2,1,,2020-05-01,director,Ann Lee,woman,tv,Netflix,');
    const copy = await freshDb();
    try {
      await ensureBaselines(copy);
      expect((await importFiles(copy, [{ path: tempFile('export.csv', exported) }])).issues).toEqual([]);
      expect(await exportCredits(copy)).toBe(exported);
      expect(await computeStats(copy)).toEqual(await computeStats(d));
    } finally {
      await copy.destroy();
    }
  });

  it("is its production's for seasons stored before the migration that added it", async () => {
    const d = await seededDb();
    await importSheet(d, 'mover.csv', MOVER.slice(0, 3));
    await d('productions').update({ platform: 'Netflix' });
    // Back to just before the season-platform migration (the later ones first), one step at a time.
    const names = await migrationSource.getMigrations!([]);
    for (let i = names.indexOf('20260101001400-season-platform'); i < names.length; i++) await d.migrate.down({ migrationSource });
    expect(await d.migrate.currentVersion({ migrationSource })).toBe('20260101001300-change-counter-always');
    await d.migrate.latest({ migrationSource });
    expect(await d('seasons').select('platform')).toEqual([{ platform: 'Netflix' }]);
  });
});
