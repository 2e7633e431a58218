import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('seasons', (t) => {
    t.increments('id').primary();
    t.integer('production_id').notNullable().references('id').inTable('productions').onDelete('CASCADE');
    t.integer('number').notNullable();
    t.unique(['production_id', 'number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('seasons');
}
