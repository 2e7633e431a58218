import type { Knex } from 'knex';

/**
 * A film has no seasons: its credits hang on one internal season and
 * episode (see FILM_SEASON in src/domain/kinds.ts) and its stats row and
 * baseline period use the release year, which a sheet may give without a
 * full release date.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('productions', (t) => {
    t.integer('release_year');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('productions', (t) => {
    t.dropColumn('release_year');
  });
}
