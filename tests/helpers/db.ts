/**
 * Fresh databases for tests: every test gets its own migrated SQLite
 * database (in memory by default, or a real file when a test needs one that
 * other processes can open). No shared state between tests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { openMigrated } from '../../src/db/connect.js';
import { adminQuery, databaseUrl } from './postgres-admin.js';

export async function freshDb(url = ':memory:'): Promise<Knex> {
  // CREWCOUNT_TEST_DB=postgres: the tests that ask for an in-memory database get a PostgreSQL one.
  if (url === ':memory:' && process.env.CREWCOUNT_TEST_DB === 'postgres') return freshPgDb();
  return openMigrated(url);
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
