/** The credits as they leave CrewCount: the canonical import format, one row per credit. */
import type { Knex } from 'knex';

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
  'credit_note',
  'source',
] as const;

export interface CreditFilter {
  productionId?: number;
  season?: number;
  role?: string;
}

/**
 * Ordered by natural keys (title, season, episode, role, name), not ids, so
 * exporting, importing into an empty database and exporting again gives the
 * same bytes.
 */
export function creditsExportQuery(db: Knex, filter: CreditFilter): Knex.QueryBuilder {
  const q = db('credits as c')
    .join('episodes as e', 'e.id', 'c.episode_id')
    .join('seasons as s', 's.id', 'e.season_id')
    .join('productions as p', 'p.id', 's.production_id')
    .join('roles as r', 'r.id', 'c.role_id')
    .join('people as pe', 'pe.id', 'c.person_id')
    .select(
      'p.title as series',
      's.number as season',
      'e.number as episode',
      'e.title as episode_title',
      'e.air_date',
      'r.code as role',
      'pe.name as person',
      'pe.gender',
      'p.kind',
      'p.platform',
      'c.credit_note',
      'c.source',
    )
    .orderBy([
      { column: 'p.title' },
      { column: 's.number' },
      { column: 'e.number' },
      { column: 'r.id' },
      { column: 'pe.identity_key' },
    ]);
  if (filter.productionId !== undefined) q.where('p.id', filter.productionId);
  if (filter.season !== undefined) q.where('s.number', filter.season);
  if (filter.role !== undefined) q.where('r.code', filter.role);
  return q;
}
