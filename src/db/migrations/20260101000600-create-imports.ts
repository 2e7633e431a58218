import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The import ledger: one row per file per import attempt, committed or not.
  await knex.schema.createTable('imports', (t) => {
    t.increments('id').primary();
    t.text('file_name').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('rows_read').notNullable().defaultTo(0);
    t.integer('credits_added').notNullable().defaultTo(0);
    t.integer('credits_updated').notNullable().defaultTo(0);
    t.integer('credits_unchanged').notNullable().defaultTo(0);
    t.integer('error_count').notNullable().defaultTo(0);
    t.text('outcome').notNullable().checkIn(['running', 'committed', 'failed', 'interrupted'], 'imports_outcome_check');
    t.text('message');
    t.string('started_at', 32).notNullable();
    t.string('finished_at', 32);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('imports');
}
