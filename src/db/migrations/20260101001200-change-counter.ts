import type { Knex } from 'knex';
import { createChangeCounter, dropChangeCounter } from '../dialect.js';

/**
 * A change token for PostgreSQL (a counter every write to the stats' tables
 * bumps), so stats can be cached there as on SQLite; SQLite has one built in
 * and gets nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await createChangeCounter(knex);
}

export async function down(knex: Knex): Promise<void> {
  await dropChangeCounter(knex);
}
