/**
 * The same data gives the same answers on SQLite and PostgreSQL: stats rows,
 * export bytes and every API response.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSheet } from '../../bench/generate-sheet.js';
import { runSeeds } from '../../seeds/index.js';
import { exportBytes } from '../helpers/export.js';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { openReady } from '../../src/setup.js';
import { dropOnDestroy, freshPgUrl, tempDir, tempFile } from '../helpers/db.js';

/** A SQLite and a PostgreSQL database, both ready (migrated, baselines loaded). */
async function pair(): Promise<{ lite: Knex; pg: Knex }> {
  const { url, drop } = await freshPgUrl();
  return { lite: await openReady(':memory:'), pg: dropOnDestroy(await openReady(url), drop) };
}

describe('the sample data on SQLite and PostgreSQL', () => {
  let lite: Knex;
  let pg: Knex;
  beforeAll(async () => {
    ({ lite, pg } = await pair());
    await runSeeds(lite);
    await runSeeds(pg);
  });
  afterAll(async () => {
    await lite?.destroy();
    await pg?.destroy();
  });

  it('gives identical stats rows, whole and filtered', async () => {
    const all = await computeStats(lite, {});
    expect(all.length).toBeGreaterThan(10);
    expect(await computeStats(pg, {})).toEqual(all);
    const slug = String(all[0]!.production);
    for (const query of [{ production: slug }, { production: slug, season: 1 }, { season: 1 }, { role: 'director' }, { unit: 'person' }]) {
      expect(await computeStats(pg, query as never), JSON.stringify(query)).toEqual(await computeStats(lite, query as never));
    }
  });

  it('exports identical bytes', async () => {
    for (const kind of ['credits', 'stats', 'baselines']) {
      for (const format of ['csv', 'json']) {
        const expected = await exportBytes(lite, kind, format);
        expect(expected.length).toBeGreaterThan(100);
        expect((await exportBytes(pg, kind, format)).equals(expected), `${kind}.${format}`).toBe(true);
      }
    }
    const filtered = { season: '1', role: 'director' };
    expect((await exportBytes(pg, 'credits', 'csv', filtered)).equals(await exportBytes(lite, 'credits', 'csv', filtered))).toBe(true);
  });

  it('answers every API endpoint the same', async () => {
    const liteApp = createApp({ db: lite });
    const pgApp = createApp({ db: pg });
    const slug = String((await computeStats(lite, {}))[0]!.production);
    for (const url of [
      '/api/health',
      '/api/productions',
      '/api/stats',
      `/api/stats?production=${slug}&season=1`,
      '/api/stats?role=director&unit=person',
      '/api/stats?production=no-such-show',
      '/api/baselines',
      '/api/credits.csv',
      '/api/credits.json',
      '/api/stats.csv',
      '/api/baselines.json',
      '/api/nothing',
    ]) {
      const [a, b] = [await request(liteApp).get(url), await request(pgApp).get(url)];
      expect(b.status, url).toBe(a.status);
      expect(b.headers['content-type'], url).toBe(a.headers['content-type']);
      expect(b.text, url).toBe(a.text);
    }
    const [a, b] = [await request(liteApp).get('/api/imports'), await request(pgApp).get('/api/imports')];
    expect(b.status).toBe(200);
    const strip = (body: { imports: Array<Record<string, unknown>> }) =>
      body.imports.map((i) => Object.fromEntries(Object.entries(i).filter(([k]) => !/(_at|At|date|Date)$/.test(k))));
    expect(strip(b.body)).toEqual(strip(a.body));
  });
});

describe('a generated 20,000-credit sheet on SQLite and PostgreSQL', () => {
  let lite: Knex;
  let pg: Knex;
  beforeAll(async () => {
    ({ lite, pg } = await pair());
    const sheet = path.join(tempDir(), 'sheet.csv');
    await generateSheet(sheet, 20_000);
    const [a, b] = [await importFiles(lite, [{ path: sheet }]), await importFiles(pg, [{ path: sheet }])];
    expect(a.committed).toBe(true);
    expect({ ...b, files: [] }).toEqual({ ...a, files: [] });
  });
  afterAll(async () => {
    await lite?.destroy();
    await pg?.destroy();
  });

  it('gives identical stats rows', async () => {
    const all = await computeStats(lite, {});
    expect(all.length).toBeGreaterThan(100);
    expect(await computeStats(pg, {})).toEqual(all);
    for (const query of [{ season: 2 }, { production: String(all[0]!.production) }, { unit: 'episode' }]) {
      expect(await computeStats(pg, query as never), JSON.stringify(query)).toEqual(await computeStats(lite, query as never));
    }
  });

  it('exports identical credit bytes', async () => {
    const expected = await exportBytes(lite, 'credits', 'csv');
    expect((await exportBytes(pg, 'credits', 'csv')).equals(expected)).toBe(true);
    expect((await exportBytes(pg, 'credits', 'json')).equals(await exportBytes(lite, 'credits', 'json'))).toBe(true);
  });
});

describe('text that a locale would order differently', () => {
  let lite: Knex;
  let pg: Knex;
  beforeAll(async () => {
    ({ lite, pg } = await pair());
    const titles = ['zebra Days', 'Éclair', 'apple Tree', 'Banana', '_Underscore', 'Zulu', 'ápple', 'a-b', 'ab', 'A b'];
    const rows = titles.flatMap((t, i) => [
      `"${t}",1,1,,,director,Person ${String.fromCharCode(65 + i)},woman`,
      `"${t}",1,1,,,writer,${i % 2 ? 'émile' : 'Zoë'} Name${i},man`,
    ]);
    const sheet = tempFile('locale.csv', ['series,season,episode,episode_title,air_date,role,person,gender', ...rows].join('\n'));
    for (const db of [lite, pg]) expect((await importFiles(db, [{ path: sheet }])).committed).toBe(true);
  });
  afterAll(async () => {
    await lite?.destroy();
    await pg?.destroy();
  });

  it('orders stats, listings and exports by code point on both', async () => {
    const rows = await computeStats(lite, {});
    expect(await computeStats(pg, {})).toEqual(rows);
    expect((await exportBytes(pg, 'credits', 'csv')).equals(await exportBytes(lite, 'credits', 'csv'))).toBe(true);
    expect((await exportBytes(pg, 'stats', 'csv')).equals(await exportBytes(lite, 'stats', 'csv'))).toBe(true);
    const [a, b] = [await request(createApp({ db: lite })).get('/api/productions'), await request(createApp({ db: pg })).get('/api/productions')];
    expect(b.text).toBe(a.text);
    const titles = (a.body as { productions: Array<{ title: string }> }).productions.map((p) => p.title);
    expect(titles).toEqual([...titles].sort());
  });

  it('matches a production title ignoring ASCII case only, on both', async () => {
    for (const production of ['BANANA', 'éclair', 'ÉCLAIR', 'Éclair', 'APPLE TREE']) {
      const [a, b] = await Promise.all([
        computeStats(lite, { production }).then((r) => r.length, (e: Error) => e.name),
        computeStats(pg, { production }).then((r) => r.length, (e: Error) => e.name),
      ]);
      expect(b, production).toBe(a);
    }
  });
});
