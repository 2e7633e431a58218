/**
 * A minimum evidence level in the statistics: genders resting on weaker
 * evidence count as unknown, the provenance mix stands beside every share,
 * and both ways to the tallies (SQLite's in-process pass, the grouped SQL
 * PostgreSQL runs) agree with provenance in the data.
 *
 * The fixture (tests/fixtures/people/evidence-*.csv), directors of Evidence
 * Test season 1 by episode: 1 Ada (woman, self-identified); 2 Ben (man,
 * public statement) and Cleo (woman, press pronouns); 3 Dee (woman, inferred
 * from the name); 4 Eli (man, from the credit sheet: no recorded source) and
 * Fay (unknown). Writers: 1 Cleo; 2 Gus (non-binary, press pronouns).
 */
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaselines, runSeeds } from '../../seeds/index.js';
import { assembleTallies, coverageTallies, creditTallies, personTallies, seasonTallies, seasonsMatching } from '../../src/db/stats-queries.js';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { importPeople } from '../../src/people/service.js';
import { statsCache } from '../../src/stats/cache.js';
import { STATS_FIELDS, type StatsRow } from '../../src/stats/fields.js';
import { computeStats, parseStatsQuery } from '../../src/stats/service.js';
import { freshDb } from '../helpers/db.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/people/${name}`, import.meta.url));

let db: Knex;
let app: Express;
beforeAll(async () => {
  db = await freshDb();
  await ensureBaselines(db);
  expect((await importFiles(db, [{ path: fixture('evidence-credits.csv') }])).issues).toEqual([]);
  expect((await importPeople(db, [{ path: fixture('evidence-people.csv') }])).issues).toEqual([]);
  app = createApp({ db });
});
afterAll(async () => {
  await db.destroy();
});

const counts = (r: StatsRow) => ({
  women: r.women,
  men: r.men,
  non_binary: r.non_binary,
  unknown: r.unknown,
  known: r.known,
  total: r.total,
  evidence: [r.evidence_self_identified, r.evidence_public_statement, r.evidence_press_pronouns, r.evidence_name_inferred, r.evidence_unrecorded],
});

async function one(query: Parameters<typeof computeStats>[1]): Promise<StatsRow> {
  const rows = await computeStats(db, { production: 'evidence-test', season: 1, ...query });
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('--min-evidence in the credit unit (directors: 6 credits)', () => {
  it.each([
    // level, women, men, unknown, evidence by level (self, public, press, inferred, unrecorded)
    [undefined, 3, 2, 1, [1, 1, 1, 1, 1]],
    ['name-inferred', 3, 1, 2, [1, 1, 1, 1, 0]],
    ['press-pronouns', 2, 1, 3, [1, 1, 1, 0, 0]],
    ['public-statement', 1, 1, 4, [1, 1, 0, 0, 0]],
    ['self-identified', 1, 0, 5, [1, 0, 0, 0, 0]],
  ] as const)('at %s: %i women, %i men, %i unknown', async (level, women, men, unknown, evidence) => {
    const row = await one({ role: 'director', unit: 'credit', ...(level ? { minEvidence: level } : {}) });
    expect(counts(row)).toEqual({ women, men, non_binary: 0, unknown, known: women + men, total: 6, evidence: [...evidence] });
    expect(row.min_evidence).toBe(level ?? null);
    expect(row.share_women).toBe(women + men === 0 ? null : Math.round((women / (women + men)) * 1e6) / 1e6);
    expect(row.small_sample).toBe(true);
  });
});

describe('--min-evidence in the other units', () => {
  it('the episode unit splits co-directed episodes exactly, by evidence too', async () => {
    const all = await one({ role: 'director', unit: 'episode' });
    expect(counts(all)).toEqual({ women: 2.5, men: 1, non_binary: 0, unknown: 0.5, known: 3.5, total: 4, evidence: [1, 0.5, 0.5, 1, 0.5] });
    const press = await one({ role: 'director', unit: 'episode', minEvidence: 'press-pronouns' });
    expect(counts(press)).toEqual({ women: 1.5, men: 0.5, non_binary: 0, unknown: 2, known: 2, total: 4, evidence: [1, 0.5, 0.5, 0, 0] });
    expect(press.share_women).toBe(0.75);
  });

  it('the person unit and role all count each person once per role', async () => {
    const writers = await one({ role: 'writer', unit: 'person', minEvidence: 'public-statement' });
    expect(counts(writers)).toEqual({ women: 0, men: 0, non_binary: 0, unknown: 2, known: 0, total: 2, evidence: [0, 0, 0, 0, 0] });
    expect(writers.share_women).toBeNull();
    const all = await one({ role: 'all', unit: 'person', minEvidence: 'press-pronouns' });
    // directors: Ada, Cleo women; Ben man; Dee, Eli, Fay unknown. Writers: Cleo woman, Gus non-binary.
    expect(counts(all)).toEqual({ women: 3, men: 1, non_binary: 1, unknown: 3, known: 5, total: 8, evidence: [1, 1, 3, 0, 0] });
  });

  it('without a minimum the counts are those of the recorded genders, whatever their evidence', async () => {
    const rows = await computeStats(db, { production: 'evidence-test' });
    for (const r of rows) {
      const byEvidence = r.evidence_self_identified + r.evidence_public_statement + r.evidence_press_pronouns + r.evidence_name_inferred + r.evidence_unrecorded;
      expect(byEvidence).toBeCloseTo(r.known, 6);
      expect(r.min_evidence).toBeNull();
    }
  });
});

describe('the tallies with provenance in the data', () => {
  it('SQLite in-process pass = grouped SQL, for every filter', async () => {
    const seasons = await seasonsMatching(db, {});
    for (const filter of [{}, { productionId: seasons[0]!.productionId }, { season: 1 }, { productionId: seasons[0]!.productionId, season: 1 }]) {
      const viaSql = assembleTallies(await creditTallies(db, filter), await personTallies(db, filter), await coverageTallies(db, filter));
      expect(await seasonTallies(db, filter), JSON.stringify(filter)).toEqual(viaSql);
    }
  });
});

describe('min_evidence as a parameter', () => {
  it('parseStatsQuery reads the levels loosely, treats unknown as no minimum and refuses anything else', () => {
    expect(parseStatsQuery({ min_evidence: 'press-pronouns' })).toEqual({ minEvidence: 'press-pronouns' });
    expect(parseStatsQuery({ min_evidence: 'Press Pronouns' })).toEqual({ minEvidence: 'press-pronouns' });
    expect(parseStatsQuery({ min_evidence: 'unknown' })).toEqual({});
    expect(parseStatsQuery({ min_evidence: '' })).toEqual({});
    expect(() => parseStatsQuery({ min_evidence: 'gossip' })).toThrow(
      'min_evidence must be one of self-identified, public-statement, press-pronouns, name-inferred, unknown (strongest first), got "gossip"',
    );
  });

  it('GET /api/stats?min_evidence= gives the same rows as computeStats', async () => {
    const res = await request(app).get('/api/stats').query({ production: 'evidence-test', role: 'director', unit: 'credit', min_evidence: 'press-pronouns' });
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual(await computeStats(db, { production: 'evidence-test', role: 'director', unit: 'credit', minEvidence: 'press-pronouns' }));
    expect(res.body.rows[0]).toMatchObject({ women: 2, men: 1, unknown: 3, min_evidence: 'press-pronouns' });
  });

  it('answers 400 for a level it does not know, and for one given twice', async () => {
    for (const query of ['min_evidence=gossip', 'min_evidence=press-pronouns&min_evidence=self-identified']) {
      const res = await request(app).get(`/api/stats?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_parameter', details: { parameter: 'min_evidence' } });
    }
    expect((await request(app).get('/api/stats.csv?min_evidence=gossip')).status).toBe(400);
  });

  it('the stats export takes it too, names it in the file name and carries the provenance columns', async () => {
    const res = await request(app).get('/api/stats.csv').query({ production: 'evidence-test', role: 'director', unit: 'credit', min_evidence: 'self-identified' });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="crewcount-stats-evidence-test-director-credit-min-self-identified.csv"');
    const [header, cells] = parse(res.text) as string[][];
    expect(header).toEqual([...STATS_FIELDS]);
    expect(Object.fromEntries(STATS_FIELDS.map((f, i) => [f, cells![i]]))).toMatchObject({ women: '1', men: '0', unknown: '5', min_evidence: 'self-identified', evidence_self_identified: '1', evidence_unrecorded: '0' });
  });

  it('the stats cache keeps each level apart', async () => {
    const cached = statsCache(db);
    const base = { production: 'evidence-test', role: 'director', unit: 'credit' } as const;
    expect((await cached(base))[0]).toMatchObject({ women: 3 });
    expect((await cached({ ...base, minEvidence: 'self-identified' }))[0]).toMatchObject({ women: 1 });
    expect((await cached(base))[0]).toMatchObject({ women: 3 });
  });
});

describe('the sample data with its people sheet (the seeds)', () => {
  let sample: Knex;
  beforeAll(async () => {
    sample = await freshDb();
    await runSeeds(sample);
  });
  afterAll(async () => {
    await sample.destroy();
  });

  it('every sampled gender rests on press pronouns or nouns, except Christina Voros (policy-level evidence only)', async () => {
    const bySource = (await sample('people').select('gender_source').count({ n: '*' }).groupBy('gender_source').orderBy('gender_source')) as Array<{
      gender_source: string;
      n: number | string;
    }>;
    expect(bySource.map((r) => [r.gender_source, Number(r.n)])).toEqual([
      ['press-pronouns', 26],
      ['unknown', 6],
    ]);
    expect(await sample('people').where('identity_key', 'christina voros').first('gender', 'gender_source')).toEqual({ gender: 'woman', gender_source: 'unknown' });
  });

  it('at press-pronouns, Queen Sugar season 2 keeps DeMane Davis and counts Christina Voros as unknown', async () => {
    const [plain] = await computeStats(sample, { production: 'queen-sugar', season: 2, role: 'director', unit: 'credit' });
    expect(plain).toMatchObject({ women: 2, unknown: 0, known: 2, evidence_press_pronouns: 1, evidence_unrecorded: 1 });
    const [strict] = await computeStats(sample, { production: 'queen-sugar', season: 2, role: 'director', unit: 'credit', minEvidence: 'press-pronouns' });
    expect(strict).toMatchObject({ women: 1, unknown: 1, known: 1, share_women: 1, evidence_press_pronouns: 1, evidence_unrecorded: 0 });
    const [jj] = await computeStats(sample, { production: 'marvels-jessica-jones', season: 2, role: 'director', unit: 'episode', minEvidence: 'press-pronouns' });
    expect(jj).toMatchObject({ women: 13, unknown: 0, share_women: 1 });
    // Nobody in the sample made a public statement of their own gender: at that level every share is empty.
    const stricter = await computeStats(sample, { minEvidence: 'public-statement' });
    expect(stricter.every((r) => r.known === 0 && r.share_women === null)).toBe(true);
  });
});
