/**
 * statsCache (what GET /api/stats answers from) never serves figures the
 * database no longer holds: a write through the same connection, or a commit
 * by another process, empties it.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureBaselines, runSeeds } from '../../seeds/index.js';
import { dataVersion } from '../../src/db/stats-queries.js';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { statsCache } from '../../src/stats/cache.js';
import { computeStats } from '../../src/stats/service.js';
import { freshDb, tempDir, tempFile } from '../helpers/db.js';

const open: Knex[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});
async function db(url?: string): Promise<Knex> {
  const d = await freshDb(url);
  open.push(d);
  return d;
}

const sheet = (rows: string[]) => tempFile('more.csv', ['series,season,episode,episode_title,air_date,role,person,gender', ...rows].join('\n'));

describe('statsCache', () => {
  it('answers like computeStats, and the same query twice with the same rows', async () => {
    const d = await db();
    await runSeeds(d);
    const stats = statsCache(d);
    const first = await stats({ production: 'queen-sugar' });
    expect(first).toEqual(await computeStats(d, { production: 'queen-sugar' }));
    expect(await stats({ production: 'queen-sugar' })).toBe(first); // kept
    expect(await stats({ production: 'queen-sugar', role: 'all' })).toEqual(await computeStats(d, { production: 'queen-sugar', role: 'all' }));
    await expect(stats({ production: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('forgets everything when the same connection writes', async () => {
    const d = await db();
    await runSeeds(d);
    const stats = statsCache(d);
    const before = await stats({ production: 'queen-sugar', season: 2, role: 'director', unit: 'person' });
    expect(before[0]).toMatchObject({ women: 2, men: 0 });
    const v = await dataVersion(d);
    const summary = await importFiles(d, [{ path: sheet(['Queen Sugar,2,16,,2017-11-15,director,Some Director,man']) }]);
    expect(summary.issues).toEqual([]);
    expect(await dataVersion(d)).not.toBe(v);
    const after = await stats({ production: 'queen-sugar', season: 2, role: 'director', unit: 'person' });
    expect(after[0]).toMatchObject({ women: 2, men: 1 });
  });

  it('forgets everything when another connection (another process) commits', async () => {
    const file = path.join(tempDir(), 'shared.sqlite');
    const server = await db(file);
    await ensureBaselines(server);
    const writer = await db(file);
    expect((await importFiles(writer, [{ path: sheet(['Shared,1,1,,2016-10-01,director,Ana One,woman']) }])).issues).toEqual([]);
    const stats = statsCache(server);
    expect((await stats({ production: 'shared', role: 'director', unit: 'credit' }))[0]).toMatchObject({ women: 1, men: 0 });
    expect((await importFiles(writer, [{ path: sheet(['Shared,1,2,,2016-10-08,director,Ben Two,man']) }])).issues).toEqual([]);
    expect((await stats({ production: 'shared', role: 'director', unit: 'credit' }))[0]).toMatchObject({ women: 1, men: 1 });
  });

  it('keeps at most maxEntries queries and never a result over maxRows', async () => {
    const d = await db();
    await runSeeds(d);
    const stats = statsCache(d, { maxEntries: 2, maxRows: 10 });
    const a = await stats({ production: 'queen-sugar', season: 1, role: 'all' });
    expect(await stats({ production: 'queen-sugar', season: 1, role: 'all' })).toBe(a);
    await stats({ production: 'queen-sugar', season: 2, role: 'all' });
    await stats({ production: 'queen-sugar', season: 1, role: 'director' });
    expect(await stats({ production: 'queen-sugar', season: 1, role: 'all' })).not.toBe(a); // evicted, computed again
    const big = await stats({}); // more than 10 rows: returned, not kept
    expect(big.length).toBeGreaterThan(10);
    expect(await stats({})).not.toBe(big);
    expect(await stats({})).toEqual(big);
  });
});

describe('GET /api/stats after an import', () => {
  it('shows the new credits', async () => {
    const d = await db();
    await runSeeds(d);
    const app = createApp({ db: d });
    const url = '/api/stats?production=queen-sugar&season=1&role=writer&unit=credit';
    expect((await request(app).get(url)).body.rows[0]).toMatchObject({ women: 1, men: 0 });
    expect((await importFiles(d, [{ path: sheet(['Queen Sugar,1,2,Evergreen,2016-09-07,writer,Another Writer,man']) }])).issues).toEqual([]);
    expect((await request(app).get(url)).body.rows[0]).toMatchObject({ women: 1, men: 1 });
  });
});
