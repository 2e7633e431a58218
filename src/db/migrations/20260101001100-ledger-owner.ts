import type { Knex } from 'knex';

/**
 * Which process runs an import (its pid and host name): the next import can
 * then tell a run whose process died (marked interrupted) from one that is
 * alive and only waiting for the import lock (left alone).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('imports', (t) => {
    t.integer('owner_pid');
    t.text('owner_host');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('imports', (t) => {
    t.dropColumn('owner_pid');
    t.dropColumn('owner_host');
  });
}
