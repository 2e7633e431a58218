import knexFactory, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isPostgresUrl, knexConfigFor } from './dialect.js';
import { migrationSource } from './migrations/index.js';

/** Open a database by URL or SQLite path. The caller owns the handle and destroys it. */
export function openDatabase(url: string): Knex {
  if (!isPostgresUrl(url) && url !== ':memory:') {
    mkdirSync(path.dirname(path.resolve(url.replace(/^sqlite:(\/\/)?/i, ''))), { recursive: true });
  }
  return knexFactory(knexConfigFor(url));
}

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}

/**
 * Migrate only when a migration is pending. knex's migrate.latest takes its
 * lock (a write) even when there is nothing to do, which would make every
 * reader wait for, and time out behind, a long import holding SQLite's writer lock.
 */
export async function migrateIfPending(db: Knex): Promise<void> {
  if (await db.schema.hasTable('knex_migrations')) {
    const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
    if (pending.length === 0) return;
  }
  await migrateLatest(db);
}

export async function migrateRollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}

/** Open and migrate: what every command does first. */
export async function openMigrated(url: string): Promise<Knex> {
  const db = openDatabase(url);
  try {
    await migrateIfPending(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}
