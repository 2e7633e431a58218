import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('people', (t) => {
    t.increments('id').primary();
    // First-seen spelling, as displayed.
    t.text('name').notNullable();
    // Cleaned, case-folded name: "ANA RUIZ" and "Ana  Ruiz" are one person.
    t.text('identity_key').notNullable().unique();
    // Gender belongs to the person, never to a credit.
    t.text('gender')
      .notNullable()
      .defaultTo('unknown')
      .checkIn(['woman', 'man', 'non-binary', 'unknown'], 'people_gender_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('people');
}
