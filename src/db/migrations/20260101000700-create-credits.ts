import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('credits', (t) => {
    t.integer('episode_id').notNullable().references('id').inTable('episodes').onDelete('CASCADE');
    t.integer('role_id').notNullable().references('id').inTable('roles');
    t.integer('person_id').notNullable().references('id').inTable('people');
    t.text('credit_note');
    // Where the credit was read (URL or citation), when the sheet gives it.
    t.text('source');
    // Which import added the credit: every figure can be traced to its sheet.
    t.integer('import_id').references('id').inTable('imports').onDelete('SET NULL');
    // A credit is one person in one role on one episode: re-imports never double-count.
    // That triple is the key; a surrogate id would only add an index to every insert.
    t.primary(['episode_id', 'role_id', 'person_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credits');
}
