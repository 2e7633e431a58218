/**
 * The credits export against a plain reference: a one-row-per-credit join
 * (an episode without credits: one row with no role, person or gender)
 * ordered by title, season, episode, role id and identity key, written with
 * csv-stringify, which is how the export was made before it was sped up.
 * The data is awkward on purpose: titles and identity keys whose code-point
 * order differs from UTF-16 order and from a locale's, cells that need
 * quoting or the formula guard, notes here and there, and enough episodes and
 * people to span several streamed chunks. Read from memory, from a file
 * (on a worker thread: the compiled code, see below) and from PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PassThrough, Writable } from 'node:stream';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knexFactory from 'knex';
import { stringify } from 'csv-stringify/sync';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigrated } from '../../src/db/connect.js';
import { CREDIT_EXPORT_COLUMNS, type CreditFilter } from '../../src/db/export-queries.js';
import { neutraliseFormula } from '../../src/export/csv-safety.js';
import { writeCredits } from '../../src/export/credits.js';
import { csvCell } from '../../src/export/write.js';
import { dropOnDestroy, freshPgUrl, tempDir } from '../helpers/db.js';

/** The postgres test project runs the integration tests again for PostgreSQL: the SQLite-only ones need not repeat there. */
const POSTGRES_RUN = process.env.CREWCOUNT_TEST_DB === 'postgres';

const TITLES = ['beta', 'Alpha', 'alpha', 'Émile', 'Ωmega', '\u{1F600} smile', '\uFF21 wide', 'Z', '=SUM(1,2)', '-minus "quoted"', 'line\nbreak', 'comma, title'];
const NAMES = ['Zoë', 'zoe', 'Zoe Z', '\u{1F600}x', '\uFF21x', 'ab', 'a b', 'é', 'e\u0301', '-Minus', '@At', '\tTab', '+Plus', 'x,y', 'q"q', 'a\rb', 'Ω'];
const NOTES = [null, null, null, '', 'note, with comma', '"quoted"', 'two\nlines', '+plus', '=1+1', 'plain'];

/** A small deterministic generator, so the data is the same on every database. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Write the awkward data straight into the tables (the importer would clean some of it). */
async function fill(db: Knex): Promise<void> {
  const next = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const people: number[] = [];
  for (let i = 0; i < 400; i++) {
    const name = `${pick(NAMES)} ${i}`;
    const [row] = await db('people')
      .insert({ name, identity_key: `${pick(NAMES).toLowerCase()}${i % 7 === 0 ? '\u{10400}' : ''} ${i}`, gender: pick(['woman', 'man', 'non-binary', 'unknown']) })
      .returning('id');
    people.push(typeof row === 'object' ? (row as { id: number }).id : (row as number));
  }
  const roles = (await db('roles').select('id').orderBy('id')).map((r: { id: number }) => r.id);
  for (let p = 0; p < 120; p++) {
    const title = `${TITLES[p % TITLES.length]} ${Math.floor(p / TITLES.length)}`;
    const [prow] = await db('productions')
      .insert({ title, slug: `p-${p}`, kind: p % 5 === 0 ? 'film' : 'tv', platform: pick([null, 'Net,flix', 'HBO', '-dash']), release_year: p % 5 === 0 ? pick([null, 1999 + p]) : null })
      .returning('id');
    const productionId = typeof prow === 'object' ? (prow as { id: number }).id : (prow as number);
    for (const season of p % 3 === 0 ? [1, 2, 10] : [1]) {
      const [srow] = await db('seasons').insert({ production_id: productionId, number: season }).returning('id');
      const seasonId = typeof srow === 'object' ? (srow as { id: number }).id : (srow as number);
      for (const episode of [1, 2, 10]) {
        const [erow] = await db('episodes')
          .insert({ season_id: seasonId, number: episode, title: pick([null, `Ep ${episode}`, '+Pilot, part one', 'say "hi"']), air_date: pick([null, '2020-01-02']) })
          .returning('id');
        const episodeId = typeof erow === 'object' ? (erow as { id: number }).id : (erow as number);
        if (p % 11 === 4 && episode === 2) continue; // an episode without credits
        const credits = new Map<string, Record<string, unknown>>();
        for (let k = 0; k < 1 + Math.floor(next() * 9); k++) {
          const row = { episode_id: episodeId, role_id: pick(roles), person_id: pick(people), credit_note: pick(NOTES), source: pick(NOTES) };
          credits.set(`${row.role_id}/${row.person_id}`, row);
        }
        await db('credits').insert([...credits.values()]);
      }
    }
  }
}

/** The export as it used to be made: one joined row per credit, formatted by csv-stringify. */
async function reference(db: Knex, filter: CreditFilter, format: 'csv' | 'json'): Promise<string> {
  const credits = db('credits as c')
    .join('roles as r', 'r.id', 'c.role_id')
    .join('people as pe', 'pe.id', 'c.person_id')
    .select('c.episode_id', 'r.id as role_id', 'r.code', 'pe.name', 'pe.gender', 'pe.identity_key', 'c.credit_note', 'c.source');
  if (filter.role !== undefined) credits.where('r.code', filter.role);
  // every episode, with its credits; one without (the filter's) is one row with no role, person or gender
  const q = db('episodes as e')
    .join('seasons as s', 's.id', 'e.season_id')
    .join('productions as p', 'p.id', 's.production_id')
    .leftJoin(credits.as('k'), 'k.episode_id', 'e.id')
    .select(
      'p.title',
      // a film has no season or episode: blank in the export
      db.raw("case when p.kind = 'film' then null else s.number end as season"),
      db.raw("case when p.kind = 'film' then null else e.number end as episode"),
      'e.title as et',
      'e.air_date',
      'k.code',
      'k.name',
      'k.gender',
      'p.kind',
      db.raw('coalesce(s.platform, p.platform) as platform'),
      'p.release_year',
      'k.credit_note',
      'k.source',
    )
    .orderBy(['p.title', 's.number', 'e.number', 'k.role_id', 'k.identity_key']);
  if (filter.productionId !== undefined) q.where('p.id', filter.productionId);
  // a film has no season: no season number selects it
  if (filter.season !== undefined) q.where('s.number', filter.season).whereNot('p.kind', 'film');
  const rows = ((await q) as Record<string, unknown>[]).map((r) => Object.values(r));
  if (format === 'json') {
    const objects = rows.map((row) => JSON.stringify(Object.fromEntries(CREDIT_EXPORT_COLUMNS.map((c, i) => [c, row[i] ?? null]))));
    return objects.length === 0 ? '[]\n' : `[\n${objects.join(',\n')}\n]\n`;
  }
  const cell = (v: unknown): string | number => (v === null || v === undefined ? '' : typeof v === 'number' ? v : neutraliseFormula(String(v)));
  return stringify([[...CREDIT_EXPORT_COLUMNS], ...rows.map((r) => r.map(cell))], { record_delimiter: 'unix' });
}

type WriteCredits = typeof writeCredits;

async function exported(db: Knex, filter: CreditFilter, format: 'csv' | 'json', write: WriteCredits = writeCredits): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(db, filter, out, { format });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

/** An output that takes 20 kB slowly, then goes away (as an HTTP client hanging up). */
function vanishingOutput(): Writable {
  let written = 0;
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (written > 20_000) this.destroy();
      setTimeout(done, 5);
    },
  });
  out.on('error', () => {});
  return out;
}

describe.skipIf(POSTGRES_RUN)('csvCell', () => {
  it('formats every value as csv-stringify did (after the formula guard)', () => {
    const values: unknown[] = [null, undefined, '', 0, -1.5, 1e21, 0.1 + 0.2, true, false, 'plain', ...TITLES, ...NAMES, ...NOTES];
    for (const a of ['"', ',', '\n', '\r', '\t', '=', '+', '-', '@', ' ', 'x', 'é', '\u{1F600}']) for (const b of ['', 'x', '"', ',', '\n']) values.push(a + b, b + a);
    const old = (v: unknown): string | number => {
      if (v === null || v === undefined) return '';
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      return neutraliseFormula(String(v));
    };
    for (const v of values) expect(`${csvCell(v)}\n`, JSON.stringify(v)).toBe(stringify([[old(v)]], { record_delimiter: 'unix' }));
  });
});

const FILTERS: CreditFilter[] = [{}, { season: 2 }, { role: 'director' }, { season: 10, role: 'writer' }, { season: 99 }];

/** What every database must give: the reference, taken from SQLite (whose ORDER BY compares bytes). */
async function expectReference(db: Knex, write: WriteCredits = writeCredits): Promise<void> {
  const someProduction = (await db('productions').where('title', 'like', 'Ωmega%').first('id')) as { id: number };
  for (const filter of [...FILTERS, { productionId: someProduction.id }, { productionId: someProduction.id, season: 2, role: 'editor' }]) {
    for (const format of ['csv', 'json'] as const) {
      const expected = await reference(db, filter, format);
      expect(await exported(db, filter, format, write), `${format} ${JSON.stringify(filter)}`).toBe(expected);
    }
  }
  expect((await reference(db, {}, 'csv')).split('\n').length).toBeGreaterThan(2000);
}

describe.skipIf(POSTGRES_RUN).each([
  ['in memory', ':memory:'],
  ['in a file', 'file'],
])('the credits export of a database %s', (_label, where) => {
  let db: Knex;
  beforeAll(async () => {
    db = await openMigrated(where === 'file' ? path.join(tempDir(), 'export.sqlite') : where);
    await fill(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('is the reference, byte for byte, whole and filtered, as CSV and JSON', async () => {
    await expectReference(db);
  });

  it('fails, rather than waits, when the output goes away half way', async () => {
    await expect(writeCredits(db, {}, vanishingOutput(), { format: 'csv' })).rejects.toThrow(/closed/);
  });
});

/**
 * From a SQLite file the compiled export reads on a worker thread. Node 20
 * cannot load TypeScript there (module hooks do not reach workers; from the
 * sources the export reads on its own thread), so this compiles the project
 * (`tsc -p .`, as `npm run build` does) and uses dist/, the code the CLI runs.
 */
describe.skipIf(POSTGRES_RUN)('the credits export read on a worker thread', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  let compiled: WriteCredits;
  let db: Knex;
  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', '.'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      // Type errors elsewhere in the project still emit JavaScript; the import below fails if they did not.
    }
    const module = (await import(pathToFileURL(path.join(ROOT, 'dist', 'src', 'export', 'credits.js')).href)) as { writeCredits: WriteCredits };
    compiled = module.writeCredits;
    db = await openMigrated(path.join(tempDir(), 'export.sqlite'));
    await fill(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('is the reference, byte for byte, whole and filtered, as CSV and JSON', async () => {
    await expectReference(db, compiled);
  });

  it('gives the same bytes to exports running at once (one on the worker, the others on this thread)', async () => {
    const expected = await reference(db, {}, 'csv');
    const all = await Promise.all([1, 2, 3].map(() => exported(db, {}, 'csv', compiled)));
    for (const text of all) expect(text).toBe(expected);
  });

  it('fails, rather than waits, when the output goes away half way', async () => {
    await expect(compiled(db, {}, vanishingOutput(), { format: 'csv' })).rejects.toThrow(/closed/);
  });

  it("reports the worker thread's errors", async () => {
    const file = path.join(tempDir(), 'not-a-database.sqlite');
    writeFileSync(file, 'this is not SQLite, though it is long enough to have a header '.repeat(4));
    const broken = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    try {
      await expect(exported(broken, {}, 'csv', compiled)).rejects.toThrow(/reading .*not-a-database\.sqlite failed: .*not a database/);
    } finally {
      await broken.destroy();
    }
  });
});

describe('the credits export on PostgreSQL', () => {
  let lite: Knex;
  let pg: Knex;
  beforeAll(async () => {
    const { url, drop } = await freshPgUrl();
    lite = await openMigrated(':memory:');
    // The test template database collates by an English ICU locale, not by code point.
    pg = dropOnDestroy(await openMigrated(url), drop);
    await fill(lite);
    await fill(pg);
  });
  afterAll(async () => {
    await lite?.destroy();
    await pg?.destroy();
  });

  it('is the reference too, whatever the database collation', async () => {
    for (const filter of FILTERS) {
      for (const format of ['csv', 'json'] as const) {
        expect(await exported(pg, filter, format), `${format} ${JSON.stringify(filter)}`).toBe(await reference(lite, filter, format));
      }
    }
  });
});
