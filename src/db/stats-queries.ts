/**
 * The tallies behind every statistic: counts straight from the stored
 * credits, grouped by season, role, the person's gender and the evidence it
 * rests on (gender_source). The stats service turns them into shares;
 * nothing else reads credits for stats.
 *
 * Two ways to the same tallies. PostgreSQL aggregates in SQL (three
 * grouped queries, below). SQLite runs in-process (src/db/dialects/sqlite-stats.ts,
 * chosen by the dialect module's inProcessTallies), where handing rows to
 * JavaScript is cheap and per-row joins and DISTINCT sorts are not: one
 * ordered pass over the episodes' (season_id, number) index and the credits'
 * primary key, one integer per credit, counted with typed arrays by
 * CreditStream there (about five times faster than the grouped queries on a
 * million credits). tests/integration/stats-tallies.test.ts checks that both
 * give identical tallies.
 */
import type { Knex } from 'knex';
import { SEASON_PLATFORM_SQL } from './season-platform.js';
import { NotFoundError } from '../domain/errors.js';
import { productionSlug } from '../domain/slugs.js';
import { addToClass, classOf, zeroClassCounts, type ClassCounts } from '../domain/gender-classes.js';
import type { GenderSource } from '../domain/gender-sources.js';
import type { Gender } from '../domain/genders.js';
import type { Kind } from '../domain/kinds.js';
import { asciiLower, byCodePoint, changeToken, inProcessTallies } from './dialect.js';

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
  /** Films: the release year (TV: null). */
  releaseYear: number | null;
}

/**
 * Which seasons: all of them, one production's, season N of every production
 * (a film has no season: its credits sit on an internal one that no season
 * number selects), or one.
 */
export interface SeasonFilter {
  productionId?: number;
  season?: number;
}

function applySeasonFilter(q: Knex.QueryBuilder, filter: SeasonFilter, alias = 's'): Knex.QueryBuilder {
  if (filter.productionId !== undefined) q.where(`${alias}.production_id`, filter.productionId);
  if (filter.season !== undefined) q.where(`${alias}.number`, filter.season);
  return q;
}

export async function seasonsMatching(db: Knex, filter: SeasonFilter): Promise<SeasonInfo[]> {
  const whole = filter.productionId === undefined && filter.season === undefined;
  const q = db('seasons as s')
    .join('productions as p', 'p.id', 's.production_id')
    .select('s.id as seasonId', 'p.id as productionId', 'p.slug', 'p.title', 'p.kind', 's.number as season', 'p.release_year as releaseYear')
    .select(db.raw(`${SEASON_PLATFORM_SQL} as platform`))
    .orderByRaw(`${byCodePoint(db, 'p.title')}, s.number`);
  if (whole) {
    // every season: one grouped pass over the episodes
    q.leftJoin(
      db('episodes').select('season_id', db.raw('count(*) as n'), db.raw('min(air_date) as first')).groupBy('season_id').as('e'),
      'e.season_id',
      's.id',
    ).select(db.raw('coalesce(e.n, 0) as episodes'), db.raw('e.first as "firstAirDate"'));
  } else {
    // a few seasons: episode count and first air date from the (season_id, number) index, season by season
    q.select(
      db.raw('(select count(*) from episodes e where e.season_id = s.id) as episodes'),
      db.raw('(select min(e.air_date) from episodes e where e.season_id = s.id) as "firstAirDate"'),
    );
    applySeasonFilter(q, filter);
    if (filter.season !== undefined) q.whereNot('p.kind', 'film');
  }
  const rows: SeasonInfo[] = await q;
  return rows.map((r) => ({ ...r, episodes: Number(r.episodes) }));
}

export interface CreditTally {
  seasonId: number;
  role: string;
  gender: Gender;
  /** The evidence the person's gender rests on. */
  source: GenderSource;
  /** People credited in this role on the credit's episode (the episode unit's divisor). */
  sharing: number;
  credits: number;
}

export interface PersonTally {
  seasonId: number;
  role: string;
  gender: Gender;
  source: GenderSource;
  people: number;
}

export interface CoverageTally {
  seasonId: number;
  role: string | null; // null: any role
  episodes: number;
}

/**
 * One role in one season: everything its three units and its coverage need.
 * Counts are by class (gender × the evidence it rests on, see gender-classes),
 * so the stats can apply a minimum evidence level without counting again.
 */
export interface RoleTally {
  /** Credits by class. */
  credit: ClassCounts;
  /** Distinct people by class. */
  person: ClassCounts;
  /** Credits by class, keyed by how many people share the role on the credit's episode (the episode unit). */
  byShare: Map<number, ClassCounts>;
  /** Episodes with at least one credit in the role. */
  episodes: number;
}

export interface SeasonTally {
  /** By role code; only roles with credits. */
  roles: Map<string, RoleTally>;
  /** Episodes with at least one credit in any role. */
  episodes: number;
}

/** Every tally the stats need, by season id, for the seasons a filter selects (seasons without credits are absent). */
export async function seasonTallies(db: Knex, filter: SeasonFilter): Promise<Map<number, SeasonTally>> {
  const inProcess = await inProcessTallies(db, filter);
  if (inProcess) return inProcess;
  // One after the other: within a snapshot `db` is one connection, which runs one query at a time (the driver
  // queues concurrent ones, a use node-postgres has deprecated).
  const credits = await creditTallies(db, filter);
  const people = await personTallies(db, filter);
  const coverage = await coverageTallies(db, filter);
  return assembleTallies(credits, people, coverage);
}

/** The three grouped queries' rows → per-season tallies. */
export function assembleTallies(credits: CreditTally[], people: PersonTally[], coverage: CoverageTally[]): Map<number, SeasonTally> {
  const out = new Map<number, SeasonTally>();
  const season = (id: number): SeasonTally => {
    let s = out.get(id);
    if (!s) out.set(id, (s = { roles: new Map(), episodes: 0 }));
    return s;
  };
  const role = (id: number, code: string): RoleTally => {
    const roles = season(id).roles;
    let r = roles.get(code);
    if (!r) roles.set(code, (r = { credit: zeroClassCounts(), person: zeroClassCounts(), byShare: new Map(), episodes: 0 }));
    return r;
  };
  for (const t of credits) {
    const r = role(t.seasonId, t.role);
    const c = classOf(t.gender, t.source);
    addToClass(r.credit, c, t.credits);
    let share = r.byShare.get(t.sharing);
    if (!share) r.byShare.set(t.sharing, (share = zeroClassCounts()));
    addToClass(share, c, t.credits);
  }
  for (const t of people) addToClass(role(t.seasonId, t.role).person, classOf(t.gender, t.source), t.people);
  for (const c of coverage) {
    if (c.role === null) season(c.seasonId).episodes = c.episodes;
    else role(c.seasonId, c.role).episodes = c.episodes;
  }
  return out;
}

// ---------------------------------------------------------------------------
// SQL aggregation (PostgreSQL; also usable on SQLite)

/** Seasons as a filter or as a list of season ids. */
export type SeasonScope = SeasonFilter | number[];

function scopeEpisodes(db: Knex, q: Knex.QueryBuilder, scope: SeasonScope): Knex.QueryBuilder {
  if (Array.isArray(scope)) return q.whereIn('e.season_id', scope);
  if (scope.productionId === undefined && scope.season === undefined) return q;
  return q.whereIn('e.season_id', applySeasonFilter(db('seasons as s').select('s.id'), scope));
}

const isEmpty = (scope: SeasonScope): boolean => Array.isArray(scope) && scope.length === 0;

function scoped(db: Knex, scope: SeasonScope): Knex.QueryBuilder {
  return scopeEpisodes(
    db,
    db('credits as c')
      .join('episodes as e', 'e.id', 'c.episode_id')
      .join('roles as r', 'r.id', 'c.role_id')
      .join('people as p', 'p.id', 'c.person_id'),
    scope,
  );
}

/** Credits per season × role × gender × evidence × number of people sharing the role on the episode. */
export async function creditTallies(db: Knex, scope: SeasonScope): Promise<CreditTally[]> {
  if (isEmpty(scope)) return [];
  const perCredit = scoped(db, scope).select(
    'e.season_id',
    'r.code',
    'p.gender',
    'p.gender_source',
    db.raw('count(*) over (partition by c.episode_id, c.role_id) as sharing'),
  );
  const rows: Array<{ season_id: number; code: string; gender: Gender; gender_source: GenderSource; sharing: number | string; credits: number | string }> =
    await db
      .from(perCredit.as('k'))
      .select('k.season_id', 'k.code', 'k.gender', 'k.gender_source', 'k.sharing', db.raw('count(*) as credits'))
      .groupBy('k.season_id', 'k.code', 'k.gender', 'k.gender_source', 'k.sharing');
  return rows.map((r) => ({
    seasonId: r.season_id,
    role: r.code,
    gender: r.gender,
    source: r.gender_source,
    sharing: Number(r.sharing),
    credits: Number(r.credits),
  }));
}

/** Distinct people per season × role × gender × evidence (a person has one of each, so the groups add up). */
export async function personTallies(db: Knex, scope: SeasonScope): Promise<PersonTally[]> {
  if (isEmpty(scope)) return [];
  const rows: Array<{ season_id: number; code: string; gender: Gender; gender_source: GenderSource; people: number | string }> = await scoped(db, scope)
    .select('e.season_id', 'r.code', 'p.gender', 'p.gender_source', db.raw('count(distinct c.person_id) as people'))
    .groupBy('e.season_id', 'r.code', 'p.gender', 'p.gender_source');
  return rows.map((r) => ({ seasonId: r.season_id, role: r.code, gender: r.gender, source: r.gender_source, people: Number(r.people) }));
}

/** Episodes with at least one credit, per season × role and per season in any role. */
export async function coverageTallies(db: Knex, scope: SeasonScope): Promise<CoverageTally[]> {
  if (isEmpty(scope)) return [];
  const base = () =>
    scopeEpisodes(db, db('credits as c').join('episodes as e', 'e.id', 'c.episode_id').join('roles as r', 'r.id', 'c.role_id'), scope);
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

/**
 * A production by slug, else by title: exactly, then ignoring case ("AMÉLIE"
 * finds "Amélie": the database folds ASCII case only, so other letters are
 * compared here, among the productions whose slug the text would have). Only
 * the title itself in another case: "queen-sugar' --" is not Queen Sugar.
 * The first two are unique-index lookups; only a miss on both scans the titles.
 */
export async function findProduction(db: Knex, slugOrTitle: string): Promise<{ id: number; slug: string } | undefined> {
  const exact: { id: number; slug: string } | undefined = await db('productions')
    .select('id', 'slug')
    .where('slug', slugOrTitle)
    .orWhere('title', slugOrTitle)
    .orderByRaw('case when slug = ? then 0 else 1 end', [slugOrTitle])
    .first();
  if (exact) return exact;
  const folded: { id: number; slug: string } | undefined = await db('productions')
    .select('id', 'slug')
    .whereRaw(`${asciiLower(db, 'title')} = ${asciiLower(db, '?')}`, [slugOrTitle])
    .orderBy('id')
    .first();
  if (folded) return folded;
  // Beyond ASCII: the title in full Unicode case folding, among the productions whose slug the text would have.
  const wanted = slugOrTitle.normalize('NFC').toLowerCase();
  const candidates: Array<{ id: number; slug: string; title: string }> = await db('productions').select('id', 'slug', 'title').where('slug', productionSlug(slugOrTitle));
  const found = candidates.find((p) => p.title.normalize('NFC').toLowerCase() === wanted);
  return found ? { id: found.id, slug: found.slug } : undefined;
}

/** findProduction, or the 404 every lookup by a user's slug or title answers. */
export async function requireProduction(db: Knex, slugOrTitle: string): Promise<{ id: number; slug: string }> {
  const found = await findProduction(db, slugOrTitle);
  if (!found) throw new NotFoundError(`no production "${slugOrTitle}" (give its slug or title)`);
  return found;
}

/**
 * A token that changes whenever the database's content may have changed, or
 * null where there is no cheap one (PostgreSQL); see the dialect module's
 * changeToken. What the stats caches compare before reusing a result.
 */
export async function dataVersion(db: Knex): Promise<string | null> {
  return changeToken(db);
}
