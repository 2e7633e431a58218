import type { Knex } from 'knex';

// The vocabulary as it stood when this migration was written; later roles get
// their own migration so that this one stays reproducible.
const ROLES: Array<[string, string]> = [
  ['director', 'Directors'],
  ['writer', 'Writers'],
  ['cinematographer', 'Cinematographers'],
  ['editor', 'Editors'],
  ['creator', 'Creators'],
  ['producer', 'Producers'],
  ['executive_producer', 'Executive producers'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('roles', (t) => {
    t.increments('id').primary();
    t.text('code').notNullable().unique();
    t.text('label').notNullable();
  });
  await knex('roles').insert(ROLES.map(([code, label]) => ({ code, label })));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('roles');
}
