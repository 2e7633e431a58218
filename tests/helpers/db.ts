/**
 * Fresh databases for tests: every test gets its own migrated SQLite
 * database (in memory by default, or a real file when a test needs one that
 * other processes can open). No shared state between tests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { afterEach, beforeEach, inject } from 'vitest';
import { runSeeds } from '../../seeds/index.js';
import { openMigrated } from '../../src/db/connect.js';
import { writeCredits } from '../../src/export/credits.js';
import { adminQuery, databaseUrl } from './postgres-admin.js';

export async function freshDb(url = ':memory:'): Promise<Knex> {
  // CREWCOUNT_TEST_DB=postgres: the tests that ask for an in-memory database get a PostgreSQL one.
  if (url === ':memory:' && process.env.CREWCOUNT_TEST_DB === 'postgres') return freshPgDb();
  return openMigrated(url);
}

/**
 * A database of its own for each test of the file (or describe block) that
 * calls this: `open` makes it before each test, and it is destroyed after;
 * `use` receives it:
 *
 *   let db: Knex;
 *   databasePerTest(freshDb, (d) => (db = d));
 */
export function databasePerTest(open: () => Promise<Knex>, use: (db: Knex) => void): void {
  let db: Knex | undefined;
  beforeEach(async () => {
    db = await open();
    use(db);
  });
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });
}

/** `open`'s database with the seeds run: the baselines, the sample credits and the sample people sheet. */
export function seeded(open: () => Promise<Knex> = freshDb): () => Promise<Knex> {
  return async () => {
    const db = await open();
    await runSeeds(db);
    return db;
  };
}

/** A new temporary directory for this test's files. */
export function tempDir(prefix = 'crewcount-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Write `content` (text or bytes) to a temporary file and return its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, content);
  return file;
}

/**
 * Every row of every table that import writes, in a stable order: compare
 * before and after a failed import to prove nothing was written.
 */
export async function snapshot(db: Knex): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['productions', 'seasons', 'episodes', 'people', 'credits']) {
    out[table] = await db(table).select('*').orderByRaw('1, 2, 3');
  }
  return out;
}

let pgDatabases = 0;

/**
 * A PostgreSQL URL of a new, migrated, empty database of its own (a copy of
 * the template the global setup migrated), and a function that drops it.
 */
export async function freshPgUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject('pgAdminUrl');
  const name = `crewcount_test_${process.pid}_${++pgDatabases}_${Math.floor(Math.random() * 1e9).toString(36)}`;
  await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  return { url: databaseUrl(admin, name), drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** freshDb on PostgreSQL: a new migrated database per call, dropped when the handle is destroyed. */
export async function freshPgDb(): Promise<Knex> {
  const { url, drop } = await freshPgUrl();
  return dropOnDestroy(await openMigrated(url), drop);
}

/** Make `db.destroy()` also run `drop` (once its connections are closed). */
export function dropOnDestroy(db: Knex, drop: () => Promise<void>): Knex {
  const destroy = db.destroy.bind(db);
  let dropped = false;
  // knex defines destroy read-only on the instance function.
  Object.defineProperty(db, 'destroy', {
    configurable: true,
    value: async (callback?: (...args: unknown[]) => void) => {
      await destroy();
      if (!dropped) {
        dropped = true;
        await drop();
      }
      callback?.();
    },
  });
  return db;
}

/**
 * Every credit as one readable line ("Title | S1E2 | role | name | gender
 * | note"), ordered by title, season, episode, role and name; `episode`
 * adds the episode's title and air date after SxEy, `where` filters.
 */
export async function creditLines(db: Knex, options: { where?: Record<string, unknown>; episode?: boolean } = {}): Promise<string[]> {
  const rows: Array<Record<string, string | number | null>> = await db('credits as c')
    .join('episodes as e', 'e.id', 'c.episode_id')
    .join('seasons as s', 's.id', 'e.season_id')
    .join('productions as p', 'p.id', 's.production_id')
    .join('roles as r', 'r.id', 'c.role_id')
    .join('people as pe', 'pe.id', 'c.person_id')
    .where(options.where ?? {})
    .select('p.title', 's.number as season', 'e.number as episode', 'e.title as episode_title', 'e.air_date', 'r.code', 'pe.name', 'pe.gender', 'c.credit_note')
    .orderBy(['p.title', 's.number', 'e.number', 'r.code', 'pe.name']);
  return rows.map((r) =>
    [
      r.title,
      `S${r.season}E${r.episode}`,
      ...(options.episode ? [r.episode_title, r.air_date] : []),
      r.code,
      r.name,
      r.gender,
      ...(r.credit_note ? [r.credit_note] : []),
    ].join(' | '),
  );
}

/** The credits export (CSV) of a database, as a string. */
export async function exportCredits(db: Knex): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  await writeCredits(db, {}, out, { format: 'csv' });
  return text;
}
