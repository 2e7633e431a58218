/** The credits as they leave CrewCount: the canonical import format, one row per credit. */
import type { Knex } from 'knex';
import { SEASON_PLATFORM_SQL } from './season-platform.js';
import { byCodePoint, jsonArray, jsonArrayAgg } from './dialect.js';

/** Column order of the credits export (and a valid import header). */
export const CREDIT_EXPORT_COLUMNS = [
  'series',
  'season',
  'episode',
  'episode_title',
  'air_date',
  'role',
  'person',
  'gender',
  'kind',
  'platform',
  'year',
  'credit_note',
  'source',
] as const;

export interface CreditFilter {
  productionId?: number;
  season?: number;
  role?: string;
}

/**
 * The queries behind the credits export, to be streamed in this order from
 * one snapshot (streamRows):
 *
 * - `roles`: [id, code], every role.
 * - `people`: [id, name, gender], ordered by identity key (by code point),
 *   so a person's position in it ranks them among the people of a credit
 *   group; only the people the filter's credits name, when there is a filter.
 * - `episodes`: [episode, credits], one row per episode ordered by title (by
 *   code point), season and episode number, both JSON (text from SQLite,
 *   parsed by the PostgreSQL driver): `episode` is [series, season, episode,
 *   episode_title, air_date, kind, platform, year], `credits` an array of
 *   [role_id, person_id, credit_note, source] in no particular order, empty
 *   (or null) when the episode has no credit the filter keeps.
 *
 * The export orders each episode's credits by role id and identity key, so
 * the order depends only on natural keys, never on ids: exporting, importing
 * into an empty database and exporting again gives the same bytes.
 *
 * Why this shape: a million credits as a million joined rows cost SQLite a
 * sort of every row (the order spans six tables) and the driver a JavaScript
 * value per cell. Here the episodes come in index order (productions by the
 * title index, then the seasons' and episodes' unique indexes: CROSS JOIN is
 * SQLite's way of fixing that join order, and PostgreSQL plans it like the
 * inner join it is), each as two values, and people once each.
 */
export function creditsExportQueries(
  db: Knex,
  filter: CreditFilter,
): { roles: Knex.QueryBuilder; people: Knex.QueryBuilder; episodes: Knex.QueryBuilder } {
  const roles = db('roles').select('id', 'code');

  const credits = db('credits as c')
    .select(db.raw(jsonArrayAgg(db, ['c.role_id', 'c.person_id', 'c.credit_note', 'c.source'])))
    .where('c.episode_id', db.ref('e.id'));
  if (filter.role !== undefined) credits.whereIn('c.role_id', db('roles').select('id').where('code', filter.role));

  const episodes = db('productions as p')
    .joinRaw('CROSS JOIN seasons AS s CROSS JOIN episodes AS e')
    .where('s.production_id', db.ref('p.id'))
    .where('e.season_id', db.ref('s.id'))
    .select(
      // A film has no season or episode (its credits sit on internal ones): blank, with its release year.
      db.raw(
        `${jsonArray(db, [
          'p.title',
          "case when p.kind = 'film' then null else s.number end",
          "case when p.kind = 'film' then null else e.number end",
          'e.title',
          'e.air_date',
          'p.kind',
          SEASON_PLATFORM_SQL,
          'p.release_year',
        ])} as episode`,
      ),
      credits.as('credits'),
    )
    .orderByRaw(`${byCodePoint(db, 'p.title')}, s.number, e.number`);
  if (filter.productionId !== undefined) episodes.where('p.id', filter.productionId);
  // a film has no season (its credits sit on an internal one): no season number selects it
  if (filter.season !== undefined) episodes.where('s.number', filter.season).whereNot('p.kind', 'film');

  const people = db('people as pe').select('pe.id', 'pe.name', 'pe.gender').orderByRaw(byCodePoint(db, 'pe.identity_key'));
  if (filter.productionId !== undefined || filter.season !== undefined || filter.role !== undefined) {
    // A filtered export (one production, say) need not rank everybody.
    const named = db('credits as c')
      .join('episodes as e', 'e.id', 'c.episode_id')
      .join('seasons as s', 's.id', 'e.season_id')
      .distinct('c.person_id');
    if (filter.productionId !== undefined) named.where('s.production_id', filter.productionId);
    if (filter.season !== undefined) named.where('s.number', filter.season);
    if (filter.role !== undefined) named.whereIn('c.role_id', db('roles').select('id').where('code', filter.role));
    people.whereIn('pe.id', named);
  }
  return { roles, people, episodes };
}
