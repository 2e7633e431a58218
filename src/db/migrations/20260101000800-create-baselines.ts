import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Published industry figures, each with its source and what it measures.
  await knex.schema.createTable('baselines', (t) => {
    t.increments('id').primary();
    t.text('source').notNullable(); // publisher
    t.text('report').notNullable();
    t.text('period').notNullable(); // "2017" (calendar year) or "2016-17" (TV season)
    t.string('period_start', 10).notNullable(); // ISO date, derived from period and medium
    t.string('period_end', 10).notNullable();
    t.text('medium').notNullable().checkIn(['tv', 'film'], 'baselines_medium_check');
    t.text('population').notNullable();
    t.text('platform').notNullable().defaultTo(''); // '' = not split by platform
    t.text('role').notNullable(); // a role code or key_roles
    t.text('unit').notNullable().checkIn(['person', 'episode'], 'baselines_unit_check');
    t.double('share_pct').notNullable();
    t.text('cited_via').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.text('origin').notNullable().defaultTo('seed'); // seed or the file a user imported
    t.unique(['report', 'period', 'medium', 'platform', 'role', 'unit', 'share_pct']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('baselines');
}
