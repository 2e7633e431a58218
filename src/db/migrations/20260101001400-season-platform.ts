import type { Knex } from 'knex';

/**
 * A show can move: Lucifer went from FOX to Netflix for its fourth season,
 * and Boxed In reports each platform kind apart, so the platform that picks
 * a season's baseline is the season's. The production's own platform stays,
 * as the one first given: seasons no sheet gave a platform for use it.
 * Seasons stored before this take their production's.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seasons', (t) => {
    t.text('platform');
  });
  await knex('seasons').update({ platform: knex('productions').select('platform').where('productions.id', knex.ref('seasons.production_id')) });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('seasons', (t) => {
    t.dropColumn('platform');
  });
}
