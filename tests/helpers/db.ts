/**
 * Fresh databases for tests: every test gets its own migrated SQLite
 * database (in memory by default, or a real file when a test needs one that
 * other processes can open). No shared state between tests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openMigrated } from '../../src/db/connect.js';

export async function freshDb(url = ':memory:'): Promise<Knex> {
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
