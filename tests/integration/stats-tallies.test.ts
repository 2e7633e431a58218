/**
 * The tallies under the statistics: SQLite's single ordered pass
 * (seasonTallies) agrees with the grouped SQL queries that PostgreSQL runs,
 * for every filter; and the episode unit is exact where float sums are not.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { ensureBaselines, runSeeds } from '../../seeds/index.js';
import {
  assembleTallies,
  coverageTallies,
  creditTallies,
  personTallies,
  seasonTallies,
  seasonsMatching,
  type SeasonFilter,
} from '../../src/db/stats-queries.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { freshDb, tempDir, tempFile } from '../helpers/db.js';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'stats', 'season-small.csv');

describe('seasonTallies (SQLite pass) = grouped SQL aggregation', () => {
  let db: Knex;
  beforeAll(async () => {
    db = await freshDb();
    await runSeeds(db);
    const generated = path.join(tempDir(), 'generated.csv');
    await generateSheet(generated, 3000, 11);
    const summary = await importFiles(db, [{ path: FIXTURE }, { path: generated }]);
    expect(summary.issues).toEqual([]);
  });
  afterAll(async () => {
    await db.destroy();
  });

  const viaSql = async (filter: SeasonFilter) =>
    assembleTallies(await creditTallies(db, filter), await personTallies(db, filter), await coverageTallies(db, filter));

  it('for every season at once', async () => {
    const stream = await seasonTallies(db, {});
    expect(stream.size).toBe((await seasonsMatching(db, {})).length);
    expect(stream).toEqual(await viaSql({}));
  });

  it('for one production, one season number, and one season', async () => {
    const seasons = await seasonsMatching(db, {});
    const picks = [seasons[0]!, seasons[Math.floor(seasons.length / 2)]!, seasons[seasons.length - 1]!];
    for (const s of picks) {
      for (const filter of [{ productionId: s.productionId }, { season: s.season }, { productionId: s.productionId, season: s.season }]) {
        const stream = await seasonTallies(db, filter);
        expect(stream.size).toBeGreaterThan(0);
        expect(stream, JSON.stringify(filter)).toEqual(await viaSql(filter));
      }
    }
  });

  it('the list-of-ids scope of the grouped queries agrees too', async () => {
    const ids = (await seasonsMatching(db, {})).slice(0, 5).map((s) => s.seasonId);
    const byIds = assembleTallies(await creditTallies(db, ids), await personTallies(db, ids), await coverageTallies(db, ids));
    expect([...byIds.keys()].sort()).toEqual([...ids].sort());
    const all = await seasonTallies(db, {});
    for (const id of ids) expect(byIds.get(id)).toEqual(all.get(id));
    expect(await creditTallies(db, [])).toEqual([]);
  });

  it('a filter matching nothing gives nothing', async () => {
    expect((await seasonTallies(db, { season: 999 })).size).toBe(0);
    expect((await seasonTallies(db, { productionId: 999_999 })).size).toBe(0);
  });
});

describe('an empty database', () => {
  it('has no tallies and no rows', async () => {
    const db = await freshDb();
    try {
      expect((await seasonTallies(db, {})).size).toBe(0);
      await ensureBaselines(db);
      expect(await computeStats(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

describe('the episode unit is exact', () => {
  it('ten episodes of three co-writers are 10 known episodes, not 9.999999999999998 (not a small sample)', async () => {
    // Writers per episode (each gets 1/3): women W (eps 1–3), non-binary N (eps 1–5), men M1, M2, M3 for the rest.
    const writers: string[][] = [
      ['W', 'N', 'M1'],
      ['W', 'N', 'M1'],
      ['W', 'N', 'M1'],
      ['N', 'M1', 'M2'],
      ['N', 'M1', 'M2'],
      ['M1', 'M2', 'M3'],
      ['M1', 'M2', 'M3'],
      ['M1', 'M2', 'M3'],
      ['M1', 'M2', 'M3'],
      ['M1', 'M2', 'M3'],
    ];
    const gender: Record<string, string> = { W: 'woman', N: 'non-binary', M1: 'man', M2: 'man', M3: 'man' };
    const lines = ['series,season,episode,episode_title,air_date,role,person,gender'];
    writers.forEach((people, i) => {
      for (const p of people) lines.push(`Thirds,1,${i + 1},,2016-10-0${(i % 9) + 1},writer,Writer ${p},${gender[p]}`);
    });
    const db = await freshDb();
    try {
      await ensureBaselines(db);
      expect((await importFiles(db, [{ path: tempFile('thirds.csv', lines.join('\n')) }])).issues).toEqual([]);
      const [row] = await computeStats(db, { production: 'thirds', role: 'writer', unit: 'episode' });
      // women 3 credits × 1/3, men 22 × 1/3, non-binary 5 × 1/3: adding thirds in floating point gives 9.999999999999998
      expect(3 / 3 + 22 / 3 + 5 / 3).toBeLessThan(10);
      expect(row).toMatchObject({ women: 1, men: 7.333333, non_binary: 1.666667, unknown: 0, known: 10, total: 10, share_women: 0.1, small_sample: false, coverage: 1 });
      const [people] = await computeStats(db, { production: 'thirds', role: 'writer', unit: 'person' });
      expect(people).toMatchObject({ women: 1, men: 3, non_binary: 1, known: 5, small_sample: true });
    } finally {
      await db.destroy();
    }
  });
});

describe('inside a transaction', () => {
  it('computeStats on a transaction sees its uncommitted credits, and the pool is free afterwards', async () => {
    const db = await freshDb();
    try {
      await runSeeds(db);
      const before = await computeStats(db, { production: 'queen-sugar', season: 2, role: 'director', unit: 'credit' });
      let inside: Awaited<ReturnType<typeof computeStats>> = [];
      const rollback = new Error('roll back');
      const outcome = db.transaction(async (trx) => {
        const [episode] = await trx('episodes as e').join('seasons as s', 's.id', 'e.season_id').join('productions as p', 'p.id', 's.production_id').where({ 'p.slug': 'queen-sugar', 's.number': 2 }).select('e.id');
        const [person] = await trx('people').insert({ name: 'Tx Person', identity_key: 'tx person', gender: 'man' }).returning('id');
        const role = await trx('roles').where('code', 'director').first('id');
        await trx('credits').insert({ episode_id: episode!.id, role_id: role!.id, person_id: typeof person === 'object' ? person.id : person });
        inside = await computeStats(trx, { production: 'queen-sugar', season: 2, role: 'director', unit: 'credit' });
        throw rollback;
      });
      await expect(outcome).rejects.toBe(rollback);
      expect(inside[0]).toMatchObject({ women: 2, men: 1 });
      expect(await computeStats(db, { production: 'queen-sugar', season: 2, role: 'director', unit: 'credit' })).toEqual(before);
    } finally {
      await db.destroy();
    }
  });
});
