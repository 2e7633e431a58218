/**
 * The queries the import's loader needs, over a transaction. Lookups go
 * through Knex; high-volume inserts through the dialect module's bulk helpers.
 */
import type { Knex } from 'knex';
import type { Gender } from '../domain/genders.js';
import type { Kind } from '../domain/kinds.js';
import type { Role } from '../domain/roles.js';
import { insertIgnoringConflicts, insertNewRows, insertReturningIds } from './dialect.js';

/** SQLite accepts 32,766 bound values per statement; lookups stay well under. */
const IN_LIST = 900;

export interface StoredProduction {
  id: number;
  title: string;
  kind: Kind;
  platform: string | null;
  releaseYear: number | null;
}
export interface StoredEpisode {
  id: number;
  title: string | null;
  airDate: string | null;
}
export interface StoredPerson {
  id: number;
  name: string;
  gender: Gender;
  /** A people sheet has given this person a gender record (evidence, a source, a note, or a history): unknown then means withdrawn or not known, on the record. */
  recorded: boolean;
}
export interface StoredCredit {
  note: string | null;
  source: string | null;
}

async function inChunks<T, R>(items: readonly T[], fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += IN_LIST) out.push(...(await fn(items.slice(i, i + IN_LIST))));
  return out;
}

export async function roleIds(trx: Knex.Transaction): Promise<Map<string, number>> {
  const rows: Array<{ id: number; code: string }> = await trx('roles').select('id', 'code');
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function productionsBySlug(trx: Knex.Transaction): Promise<Map<string, StoredProduction>> {
  const rows: Array<Omit<StoredProduction, 'releaseYear'> & { slug: string; release_year: number | null }> = await trx('productions').select(
    'id',
    'slug',
    'title',
    'kind',
    'platform',
    'release_year',
  );
  return new Map(rows.map((r) => [r.slug, { id: r.id, title: r.title, kind: r.kind, platform: r.platform, releaseYear: r.release_year }]));
}

export interface NewProduction {
  title: string;
  slug: string;
  kind: Kind;
  platform: string | null;
  releaseYear: number | null;
}

/** Insert productions; their ids in input order. */
export async function insertProductions(trx: Knex.Transaction, rows: readonly NewProduction[]): Promise<number[]> {
  return insertReturningIds(
    trx,
    'productions',
    ['title', 'slug', 'kind', 'platform', 'release_year'],
    rows.map((p) => [p.title, p.slug, p.kind, p.platform, p.releaseYear]),
  );
}

export async function setProductionReleaseYear(trx: Knex.Transaction, id: number, year: number): Promise<void> {
  await trx('productions').where({ id }).update({ release_year: year });
}

export async function setProductionPlatform(trx: Knex.Transaction, id: number, platform: string): Promise<void> {
  await trx('productions').where({ id }).update({ platform });
}

export interface StoredSeason {
  id: number;
  productionId: number;
  number: number;
  /** The season's own platform (null: its production's, see the season-platform migration). */
  platform: string | null;
}

export async function allSeasons(trx: Knex.Transaction): Promise<StoredSeason[]> {
  const rows: Array<{ id: number; production_id: number; number: number; platform: string | null }> = await trx('seasons').select(
    'id',
    'production_id',
    'number',
    'platform',
  );
  return rows.map((r) => ({ id: r.id, productionId: r.production_id, number: r.number, platform: r.platform }));
}

/** Rows: [production id, number, platform]. */
export async function insertSeasons(trx: Knex.Transaction, rows: Array<[number, number, string | null]>): Promise<number[]> {
  return insertReturningIds(trx, 'seasons', ['production_id', 'number', 'platform'], rows);
}

export async function setSeasonPlatform(trx: Knex.Transaction, id: number, platform: string): Promise<void> {
  await trx('seasons').where({ id }).update({ platform });
}

/** Episodes of the given seasons. */
export async function episodesOfSeasons(
  trx: Knex.Transaction,
  seasonIds: number[],
): Promise<Array<StoredEpisode & { seasonId: number; number: number }>> {
  const rows: Array<{ id: number; season_id: number; number: number; title: string | null; air_date: string | null }> = await inChunks(
    seasonIds,
    (chunk) => trx('episodes').select('id', 'season_id', 'number', 'title', 'air_date').whereIn('season_id', chunk),
  );
  return rows.map((r) => ({ id: r.id, seasonId: r.season_id, number: r.number, title: r.title, airDate: r.air_date }));
}

export async function insertEpisodes(
  trx: Knex.Transaction,
  rows: Array<[number, number, string | null, string | null]>,
): Promise<number[]> {
  return insertReturningIds(trx, 'episodes', ['season_id', 'number', 'title', 'air_date'], rows);
}

export async function updateEpisode(trx: Knex.Transaction, id: number, title: string | null, airDate: string | null): Promise<void> {
  await trx('episodes').where({ id }).update({ title, air_date: airDate });
}

export async function anyPeople(trx: Knex.Transaction): Promise<boolean> {
  const row: unknown = await trx('people').first('id');
  return row !== undefined;
}

export async function peopleByKey(trx: Knex.Transaction, keys: string[]): Promise<Map<string, StoredPerson>> {
  const recorded = trx.raw(
    `(people.gender_source <> 'unknown' or people.gender_source_url is not null or people.gender_note is not null
      or exists (select 1 from gender_history h where h.person_id = people.id)) as recorded`,
  );
  const rows = await inChunks(keys, (chunk) => trx('people').select('id', 'identity_key', 'name', 'gender', recorded).whereIn('identity_key', chunk));
  return new Map(
    rows.map((r: { id: number; identity_key: string; name: string; gender: Gender; recorded: boolean | number }) => [
      r.identity_key,
      { id: r.id, name: r.name, gender: r.gender, recorded: Boolean(Number(r.recorded)) }, // SQLite gives 0/1, PostgreSQL a boolean
    ]),
  );
}

export async function insertPeople(trx: Knex.Transaction, rows: Array<[string, string, Gender]>): Promise<number[]> {
  return insertReturningIds(trx, 'people', ['name', 'identity_key', 'gender'], rows);
}

export async function setPersonGender(trx: Knex.Transaction, id: number, gender: Gender): Promise<void> {
  await trx('people').where({ id }).update({ gender });
}

/** Credits of the given episodes. */
export async function creditsOfEpisodes(
  trx: Knex.Transaction,
  episodeIds: number[],
): Promise<Array<StoredCredit & { episodeId: number; roleId: number; personId: number }>> {
  const rows: Array<{ episode_id: number; role_id: number; person_id: number; credit_note: string | null; source: string | null }> =
    await inChunks(episodeIds, (chunk) =>
      trx('credits').select('episode_id', 'role_id', 'person_id', 'credit_note', 'source').whereIn('episode_id', chunk),
    );
  return rows.map((r) => ({ episodeId: r.episode_id, roleId: r.role_id, personId: r.person_id, note: r.credit_note, source: r.source }));
}

export const CREDIT_COLUMNS = ['episode_id', 'role_id', 'person_id', 'credit_note', 'source', 'import_id'] as const;
export type CreditRow = [number, number, number, string | null, string | null, number | null];

/** Insert credits that are not stored (the loader knows): a credit stored already fails the transaction. */
export async function insertNewCredits(trx: Knex.Transaction, rows: CreditRow[]): Promise<void> {
  await insertNewRows(trx, 'credits', CREDIT_COLUMNS, rows);
}

/** Insert credits, skipping any already stored (same episode, role, person) or given twice; returns how many were new. */
export async function insertCreditsUnlessStored(trx: Knex.Transaction, rows: CreditRow[]): Promise<number> {
  return insertIgnoringConflicts(trx, 'credits', CREDIT_COLUMNS, rows, ['episode_id', 'role_id', 'person_id']);
}

export interface CreditKey {
  episode_id: number;
  role_id: number;
  person_id: number;
}

export async function updateCredit(trx: Knex.Transaction, key: CreditKey, note: string | null, source: string | null): Promise<void> {
  await trx('credits').where(key).update({ credit_note: note, source });
}

/** A stored credit as a reader names it: production, season, episode, role and person. */
export interface CreditDescription extends CreditKey {
  production: string;
  kind: Kind;
  season: number;
  episode: number;
  role: Role;
  person: string;
}

/** The credits with these keys, described; in no particular order. */
export async function describeCredits(trx: Knex.Transaction, keys: readonly CreditKey[]): Promise<CreditDescription[]> {
  // A third of the IN list: each key is three bound values.
  const rows: CreditDescription[] = [];
  for (let i = 0; i < keys.length; i += IN_LIST / 3) {
    const chunk = keys.slice(i, i + IN_LIST / 3);
    rows.push(
      ...(await trx('credits as c')
        .join('episodes as e', 'e.id', 'c.episode_id')
        .join('seasons as s', 's.id', 'e.season_id')
        .join('productions as p', 'p.id', 's.production_id')
        .join('roles as r', 'r.id', 'c.role_id')
        .join('people as pe', 'pe.id', 'c.person_id')
        .whereIn(
          ['c.episode_id', 'c.role_id', 'c.person_id'],
          chunk.map((k) => [k.episode_id, k.role_id, k.person_id]),
        )
        .select(
          'c.episode_id',
          'c.role_id',
          'c.person_id',
          'p.title as production',
          'p.kind',
          's.number as season',
          'e.number as episode',
          'r.code as role',
          'pe.name as person',
        )),
    );
  }
  return rows;
}

/** Delete the credits with these keys. */
export async function deleteCredits(trx: Knex.Transaction, keys: readonly CreditKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += IN_LIST / 3) {
    const chunk = keys.slice(i, i + IN_LIST / 3);
    await trx('credits')
      .whereIn(
        ['episode_id', 'role_id', 'person_id'],
        chunk.map((k) => [k.episode_id, k.role_id, k.person_id]),
      )
      .delete();
  }
}
