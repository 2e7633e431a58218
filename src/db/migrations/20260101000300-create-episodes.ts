import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('episodes', (t) => {
    t.increments('id').primary();
    t.integer('season_id').notNullable().references('id').inTable('seasons').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.text('title');
    // ISO 8601 calendar date (YYYY-MM-DD) as text: comparable and identical on both databases.
    t.string('air_date', 10);
    t.unique(['season_id', 'number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('episodes');
}
