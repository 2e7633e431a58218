/**
 * The tallies behind every statistic: counts straight from the stored
 * credits, grouped by season, role and the person's gender. The stats
 * service turns them into shares; nothing else reads credits for stats.
 */
import type { Knex } from 'knex';
import type { Gender } from '../domain/genders.js';
import type { Kind } from '../domain/kinds.js';

export interface SeasonInfo {
  seasonId: number;
  productionId: number;
  slug: string;
  title: string;
  kind: Kind;
  platform: string | null;
  season: number;
  episodes: number;
  firstAirDate: string | null;
}

export interface SeasonFilter {
  productionId?: number;
  season?: number;
}

export async function seasonsMatching(db: Knex, filter: SeasonFilter): Promise<SeasonInfo[]> {
  const q = db('seasons as s')
    .join('productions as p', 'p.id', 's.production_id')
    .leftJoin('episodes as e', 'e.season_id', 's.id')
    .select(
      's.id as seasonId',
      'p.id as productionId',
      'p.slug',
      'p.title',
      'p.kind',
      'p.platform',
      's.number as season',
      db.raw('count(e.id) as episodes'),
      db.raw('min(e.air_date) as "firstAirDate"'),
    )
    .groupBy('s.id', 'p.id', 'p.slug', 'p.title', 'p.kind', 'p.platform', 's.number')
    .orderBy([{ column: 'p.title' }, { column: 's.number' }]);
  if (filter.productionId !== undefined) q.where('p.id', filter.productionId);
  if (filter.season !== undefined) q.where('s.number', filter.season);
  const rows: SeasonInfo[] = await q;
  return rows.map((r) => ({ ...r, episodes: Number(r.episodes) }));
}

export interface CreditTally {
  seasonId: number;
  role: string;
  gender: Gender;
  /** People credited in this role on the credit's episode (the episode unit's divisor). */
  sharing: number;
  credits: number;
}

export interface PersonTally {
  seasonId: number;
  role: string;
  gender: Gender;
  people: number;
}

export interface CoverageTally {
  seasonId: number;
  role: string | null; // null: any role
  episodes: number;
}

function scoped(db: Knex, seasonIds: number[]): Knex.QueryBuilder {
  return db('credits as c')
    .join('episodes as e', 'e.id', 'c.episode_id')
    .join('roles as r', 'r.id', 'c.role_id')
    .join('people as p', 'p.id', 'c.person_id')
    .whereIn('e.season_id', seasonIds);
}

/** Credits per season × role × gender × number of people sharing the role on the episode. */
export async function creditTallies(db: Knex, seasonIds: number[]): Promise<CreditTally[]> {
  if (seasonIds.length === 0) return [];
  const perCredit = scoped(db, seasonIds).select(
    'e.season_id',
    'r.code',
    'p.gender',
    db.raw('count(*) over (partition by c.episode_id, c.role_id) as sharing'),
  );
  const rows: Array<{ season_id: number; code: string; gender: Gender; sharing: number | string; credits: number | string }> = await db
    .from(perCredit.as('k'))
    .select('k.season_id', 'k.code', 'k.gender', 'k.sharing', db.raw('count(*) as credits'))
    .groupBy('k.season_id', 'k.code', 'k.gender', 'k.sharing');
  return rows.map((r) => ({ seasonId: r.season_id, role: r.code, gender: r.gender, sharing: Number(r.sharing), credits: Number(r.credits) }));
}

/** Distinct people per season × role × gender (a person has one gender, so the groups add up). */
export async function personTallies(db: Knex, seasonIds: number[]): Promise<PersonTally[]> {
  if (seasonIds.length === 0) return [];
  const rows: Array<{ season_id: number; code: string; gender: Gender; people: number | string }> = await scoped(db, seasonIds)
    .select('e.season_id', 'r.code', 'p.gender', db.raw('count(distinct c.person_id) as people'))
    .groupBy('e.season_id', 'r.code', 'p.gender');
  return rows.map((r) => ({ seasonId: r.season_id, role: r.code, gender: r.gender, people: Number(r.people) }));
}

/** Episodes with at least one credit, per season × role and per season in any role. */
export async function coverageTallies(db: Knex, seasonIds: number[]): Promise<CoverageTally[]> {
  if (seasonIds.length === 0) return [];
  const base = () =>
    db('credits as c')
      .join('episodes as e', 'e.id', 'c.episode_id')
      .join('roles as r', 'r.id', 'c.role_id')
      .whereIn('e.season_id', seasonIds);
  const byRole: Array<{ season_id: number; code: string; episodes: number | string }> = await base()
    .select('e.season_id', 'r.code', db.raw('count(distinct c.episode_id) as episodes'))
    .groupBy('e.season_id', 'r.code');
  const any: Array<{ season_id: number; episodes: number | string }> = await base()
    .select('e.season_id', db.raw('count(distinct c.episode_id) as episodes'))
    .groupBy('e.season_id');
  return [
    ...byRole.map((r) => ({ seasonId: r.season_id, role: r.code, episodes: Number(r.episodes) })),
    ...any.map((r) => ({ seasonId: r.season_id, role: null, episodes: Number(r.episodes) })),
  ];
}

export async function findProduction(db: Knex, slugOrTitle: string): Promise<{ id: number; slug: string } | undefined> {
  return db('productions')
    .select('id', 'slug')
    .where('slug', slugOrTitle)
    .orWhereRaw('lower(title) = lower(?)', [slugOrTitle])
    .orderByRaw('case when slug = ? then 0 else 1 end', [slugOrTitle])
    .first();
}
