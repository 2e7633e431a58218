import type { Knex } from 'knex';

/**
 * An import that replaces (`crewcount import --replace`) may remove stored
 * credits: the ledger says how many each file removed, beside how many it
 * added, updated and left unchanged. Earlier imports removed none.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('imports', (t) => {
    t.integer('credits_removed').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('imports', (t) => {
    t.dropColumn('credits_removed');
  });
}
