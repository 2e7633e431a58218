import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('productions', (t) => {
    t.increments('id').primary();
    t.text('title').notNullable().unique();
    // The slug names the production in the CLI, the API and URLs.
    t.text('slug').notNullable().unique();
    t.text('kind').notNullable().defaultTo('tv').checkIn(['tv', 'film'], 'productions_kind_check');
    // Network or streamer when a sheet gives it; baselines per platform use it.
    t.text('platform');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('productions');
}
