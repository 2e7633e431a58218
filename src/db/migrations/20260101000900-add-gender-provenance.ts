import type { Knex } from 'knex';

const SOURCES = ['self-identified', 'public-statement', 'press-pronouns', 'name-inferred', 'unknown'];

export async function up(knex: Knex): Promise<void> {
  // Where each person's gender comes from. Genders set before this (or by a
  // credit sheet) have no recorded provenance: 'unknown', the weakest level.
  await knex.schema.alterTable('people', (t) => {
    t.text('gender_source').notNullable().defaultTo('unknown').checkIn(SOURCES, 'people_gender_source_check');
    t.text('gender_source_url');
    t.text('gender_note');
  });
  // A corrected gender is never lost: the value it replaced, with its provenance.
  await knex.schema.createTable('gender_history', (t) => {
    t.increments('id').primary();
    t.integer('person_id').notNullable().references('id').inTable('people').onDelete('CASCADE');
    t.text('gender').notNullable().checkIn(['woman', 'man', 'non-binary', 'unknown'], 'gender_history_gender_check');
    t.text('gender_source').notNullable().checkIn(SOURCES, 'gender_history_source_check');
    t.text('gender_source_url');
    t.text('gender_note');
    t.string('replaced_at', 32).notNullable();
    // The people import (ledger entry) that replaced it; null when it was replaced outside an import.
    t.integer('import_id').references('id').inTable('imports');
    t.index(['person_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('gender_history');
  // Dropping the column drops its CHECK with it, on both databases.
  await knex.schema.alterTable('people', (t) => {
    t.dropColumn('gender_source');
    t.dropColumn('gender_source_url');
    t.dropColumn('gender_note');
  });
}
