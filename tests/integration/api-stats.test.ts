/**
 * The JSON API through supertest on createApp({ db }): no listening socket.
 */
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeeds } from '../../seeds/index.js';
import { countBaselines } from '../../src/db/baseline-store.js';
import { createApp } from '../../src/http/app.js';
import { STATS_FIELDS } from '../../src/stats/fields.js';
import { computeStats } from '../../src/stats/service.js';
import { freshDb } from '../helpers/db.js';

let db: Knex;
let app: Express;

beforeAll(async () => {
  db = await freshDb();
  await runSeeds(db);
  app = createApp({ db });
});
afterAll(async () => {
  await db.destroy();
});

function expectError(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

describe('GET /api/health', () => {
  it('is ok', async () => {
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', uploads: false });
    // Whether uploads are on, for the upload page to say before a sheet is chosen (never the token).
    const open = await request(createApp({ db, token: 'secret-token' })).get('/api/health');
    expect(open.body).toEqual({ status: 'ok', uploads: true });
  });
});

describe('GET /api/productions', () => {
  it('lists productions with their seasons, episode and credit counts', async () => {
    const res = await request(app).get('/api/productions');
    expect(res.status).toBe(200);
    const jj = res.body.productions.find((p: { slug: string }) => p.slug === 'marvels-jessica-jones');
    expect(jj).toEqual({
      slug: 'marvels-jessica-jones',
      title: "Marvel's Jessica Jones",
      kind: 'tv',
      platform: null,
      seasons: [
        // season 1: 12 episodes in the sheet (episode 6 has no credit), 30 credits
        { season: 1, platform: null, episodes: 12, credits: 30, first_air_date: '2015-11-20' },
        { season: 2, platform: null, episodes: 13, credits: 14, first_air_date: '2018-03-08' },
      ],
    });
    expect(res.body.productions.map((p: { slug: string }) => p.slug)).toEqual(['marvels-jessica-jones', 'queen-sugar']);
  });
});

describe('GET /api/baselines', () => {
  it('returns every stored baseline with its citation', async () => {
    const res = await request(app).get('/api/baselines');
    expect(res.status).toBe(200);
    expect(res.body.baselines).toHaveLength(await countBaselines(db));
    expect(res.body.baselines[0]).toMatchObject({ report: expect.any(String), period: expect.any(String), share_pct: expect.any(Number), cited_via: expect.any(String) });
  });
});

describe('GET /api/stats', () => {
  it('without parameters: every row, equal to computeStats, with exactly the STATS_FIELDS', async () => {
    const res = await request(app).get('/api/stats');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual(await computeStats(db));
    for (const row of res.body.rows) expect(Object.keys(row)).toEqual([...STATS_FIELDS]);
  });

  it('one production and season by slug', async () => {
    const res = await request(app).get('/api/stats').query({ production: 'marvels-jessica-jones', season: '2' });
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(9); // director, writer (episode 1 only) and all × three units
    expect(res.body.rows).toEqual(await computeStats(db, { production: 'marvels-jessica-jones', season: 2 }));
  });

  it('by title, in any case, and with role and unit', async () => {
    const byTitle = await request(app).get(`/api/stats?production=${encodeURIComponent("Marvel's Jessica Jones")}&season=2&role=director&unit=person`);
    expect(byTitle.status).toBe(200);
    expect(byTitle.body.rows).toHaveLength(1);
    expect(byTitle.body.rows[0]).toMatchObject({ production: 'marvels-jessica-jones', season: 2, role: 'director', unit: 'person', women: 13, share_women: 1 });
    const lower = await request(app).get('/api/stats').query({ production: "marvel's jessica jones", season: '2', role: 'director', unit: 'person' });
    expect(lower.body.rows).toEqual(byTitle.body.rows);
    const all = await request(app).get('/api/stats').query({ production: 'queen-sugar', role: 'all' });
    expect(all.body.rows.map((r: { season: number; unit: string }) => `${r.season}/${r.unit}`)).toEqual([
      '1/credit',
      '1/person',
      '1/episode',
      '2/credit',
      '2/person',
      '2/episode',
    ]);
  });

  it('a season with no credits is an empty list, not an error', async () => {
    const res = await request(app).get('/api/stats').query({ production: 'queen-sugar', season: '7' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: [] });
  });

  it.each([
    ['season', 'abc'],
    ['season', '-1'],
    ['season', '1.5'],
    ['season', '1e3'],
    ['season', '1 OR 1=1'],
    ['role', 'grip'],
    ['role', 'Director; DROP TABLE credits'],
    ['unit', 'minutes'],
    ['unit', 'people'],
  ])('400 for %s=%s', async (name, value) => {
    const res = await request(app).get('/api/stats').query({ [name]: value });
    expectError(res, 400, 'bad_parameter');
    expect(res.body.error.message).toContain(name);
  });

  it('400 for a parameter given twice or as an object', async () => {
    expectError(await request(app).get('/api/stats?season=1&season=2'), 400, 'bad_parameter');
    expectError(await request(app).get('/api/stats?role=director&role=writer'), 400, 'bad_parameter');
    // the simple query parser makes no objects: "unit[a]" arrives as a name of its own, refused rather than ignored
    expectError(await request(app).get('/api/stats?unit[a]=credit'), 400, 'bad_parameter');
  });

  it('404 for an unknown production', async () => {
    const res = await request(app).get('/api/stats').query({ production: 'the-wire' });
    expectError(res, 404, 'not_found');
    expect(res.body.error.message).toContain('the-wire');
  });

  it('an SQL-injection-looking production is a harmless 404', async () => {
    const before = await db('credits').count<{ n: number }[]>({ n: '*' });
    for (const attack of ["x' OR '1'='1", "' OR 1=1 --", "marvels-jessica-jones'; DROP TABLE credits; --", '%', '_%', "') OR ('a'='a"]) {
      const res = await request(app).get('/api/stats').query({ production: attack });
      expectError(res, 404, 'not_found');
    }
    const after = await db('credits').count<{ n: number }[]>({ n: '*' });
    expect(after).toEqual(before);
    expect((await request(app).get('/api/stats').query({ production: 'queen-sugar' })).status).toBe(200);
  });

  it('404 JSON for an unknown endpoint under /api', async () => {
    expectError(await request(app).get('/api/nothing-here'), 404, 'not_found');
  });

  it('the 404 names the endpoint by its full path, /api included', async () => {
    const put = await request(app).put('/api/imports');
    expectError(put, 404, 'not_found');
    expect(put.body.error.message).toBe('no endpoint PUT /api/imports');
    expect((await request(app).get('/api/nothing-here?x=1')).body.error.message).toBe('no endpoint GET /api/nothing-here');
  });
});

describe('parameters an endpoint does not take', () => {
  // Each GET endpoint with the parameters it takes; anything else must be refused, never ignored.
  const ENDPOINTS: Array<[string, string[]]> = [
    ['/api/health', []],
    ['/api/productions', []],
    ['/api/baselines', []],
    ['/api/imports', ['production']],
    ['/api/stats', ['production', 'season', 'role', 'unit', 'min_evidence']],
    ['/api/stats.json', ['production', 'season', 'role', 'unit', 'min_evidence']],
    ['/api/stats.csv', ['production', 'season', 'role', 'unit', 'min_evidence', 'bom']],
    ['/api/credits.json', ['production', 'season', 'role']],
    ['/api/credits.csv', ['production', 'season', 'role', 'bom']],
    ['/api/baselines.json', []],
    ['/api/baselines.csv', ['bom']],
  ];

  it.each(['production[]=queen-sugar', 'season[]=1', 'role[]=director', 'production[0]=queen-sugar'])(
    '?%s is a 400 asking for the parameter once, as text, on every endpoint that takes it',
    async (query) => {
      const name = query.slice(0, query.indexOf('['));
      for (const [endpoint] of ENDPOINTS.filter(([, takes]) => takes.includes(name))) {
        const res = await request(app).get(`${endpoint}?${query}`);
        expectError(res, 400, 'bad_parameter');
        expect(res.body.error.details.parameter, endpoint).toBe(name);
        expect(res.body.error.message, endpoint).toMatch(new RegExp(`^${name} must be given once, as text`));
      }
    },
  );

  it.each(['foo=bar', 'seasons=1', 'productions=queen-sugar', 'Season=1'])('?%s is a 400 naming it and listing what the endpoint takes', async (query) => {
    const name = query.split('=')[0]!;
    for (const [endpoint, takes] of ENDPOINTS) {
      const res = await request(app).get(`${endpoint}?${query}`);
      expectError(res, 400, 'bad_parameter');
      expect(res.body.error.details).toEqual({ parameter: name, accepted: takes });
      expect(res.body.error.message, endpoint).toContain(`${name} is not a parameter of GET ${endpoint}`);
      for (const p of takes) expect(res.body.error.message, endpoint).toContain(p);
    }
  });

  it('parameters that only other endpoints use are refused too: credits are not counted in units or by evidence, JSON has no BOM', async () => {
    const refused: Array<[string, string]> = [
      ['/api/credits.csv', 'unit=person'],
      ['/api/credits.json', 'min_evidence=self-identified'],
      ['/api/stats', 'bom=1'],
      ['/api/stats.json', 'bom=1'],
      ['/api/baselines.csv', 'production=queen-sugar'],
    ];
    for (const [endpoint, query] of refused) {
      const res = await request(app).get(`${endpoint}?${query}`);
      expectError(res, 400, 'bad_parameter');
      expect(res.body.error.details.parameter, endpoint).toBe(query.split('=')[0]);
    }
  });

  it('every parameter an endpoint takes is still accepted', async () => {
    const values: Record<string, string> = { production: 'queen-sugar', season: '1', role: 'director', unit: 'person', min_evidence: 'self-identified', bom: '1' };
    for (const [endpoint, takes] of ENDPOINTS) {
      const res = await request(app).get(endpoint).query(Object.fromEntries(takes.map((p) => [p, values[p]])));
      expect(res.status, `${endpoint}: ${res.text.slice(0, 200)}`).toBe(200);
    }
  });
});

describe('parameters that are blank', () => {
  it('are absent, as an empty form field is', async () => {
    const res = await request(app).get('/api/stats?production=%20%20&season=&role=&unit=');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual(await computeStats(db));
  });
});
