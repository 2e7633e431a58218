/**
 * The queries the people import needs, over its transaction: people by
 * identity key with their gender and its provenance, and the gender history.
 */
import type { Knex } from 'knex';
import type { Gender } from '../domain/genders.js';
import type { GenderSource } from '../domain/gender-sources.js';
import { insertReturningIds } from './dialect.js';

/** SQLite accepts 32,766 bound values per statement; lookups stay well under. */
const IN_LIST = 900;

/** A person's gender and what it rests on. */
export interface GenderRecord {
  gender: Gender;
  source: GenderSource;
  sourceUrl: string | null;
  note: string | null;
}

export interface StoredPersonGender extends GenderRecord {
  id: number;
  name: string;
}

interface PersonRow {
  id: number;
  identity_key: string;
  name: string;
  gender: Gender;
  gender_source: GenderSource;
  gender_source_url: string | null;
  gender_note: string | null;
}

export async function peopleGendersByKey(trx: Knex.Transaction, keys: readonly string[]): Promise<Map<string, StoredPersonGender>> {
  const out = new Map<string, StoredPersonGender>();
  for (let i = 0; i < keys.length; i += IN_LIST) {
    const rows: PersonRow[] = await trx('people')
      .select('id', 'identity_key', 'name', 'gender', 'gender_source', 'gender_source_url', 'gender_note')
      .whereIn('identity_key', keys.slice(i, i + IN_LIST));
    for (const r of rows) {
      out.set(r.identity_key, { id: r.id, name: r.name, gender: r.gender, source: r.gender_source, sourceUrl: r.gender_source_url, note: r.gender_note });
    }
  }
  return out;
}

/** The largest person id so far (0 for none): the people an import adds have larger ones. */
export async function lastPersonId(trx: Knex.Transaction): Promise<number> {
  const row = (await trx('people').max({ id: 'id' }).first()) as { id: number | string | null } | undefined;
  return Number(row?.id ?? 0);
}

/** Every person's id, name and identity key (for name-variants.ts). */
export async function allPeopleNames(trx: Knex.Transaction): Promise<Array<{ id: number; name: string; identity_key: string }>> {
  const rows: Array<{ id: number | string; name: string; identity_key: string }> = await trx('people').select('id', 'name', 'identity_key');
  return rows.map((r) => ({ id: Number(r.id), name: r.name, identity_key: r.identity_key }));
}

export async function insertPeopleWithGender(trx: Knex.Transaction, people: ReadonlyArray<{ name: string; key: string } & GenderRecord>): Promise<number[]> {
  return insertReturningIds(
    trx,
    'people',
    ['name', 'identity_key', 'gender', 'gender_source', 'gender_source_url', 'gender_note'],
    people.map((p) => [p.name, p.key, p.gender, p.source, p.sourceUrl, p.note]),
  );
}

/** Replace a person's gender record, keeping the one it replaces in gender_history. */
export async function replacePersonGender(
  trx: Knex.Transaction,
  personId: number,
  previous: GenderRecord,
  next: GenderRecord,
  importId: number | null,
  replacedAt: string,
): Promise<void> {
  await trx('gender_history').insert({
    person_id: personId,
    gender: previous.gender,
    gender_source: previous.source,
    gender_source_url: previous.sourceUrl,
    gender_note: previous.note,
    replaced_at: replacedAt,
    import_id: importId,
  });
  await trx('people')
    .where({ id: personId })
    .update({ gender: next.gender, gender_source: next.source, gender_source_url: next.sourceUrl, gender_note: next.note });
}

export interface GenderHistoryEntry extends GenderRecord {
  replacedAt: string;
  importId: number | null;
}

/** A person's earlier gender records, oldest first. */
export async function genderHistory(db: Knex, identityKey: string): Promise<GenderHistoryEntry[]> {
  const rows: Array<{
    gender: Gender;
    gender_source: GenderSource;
    gender_source_url: string | null;
    gender_note: string | null;
    replaced_at: string;
    import_id: number | null;
  }> = await db('gender_history as h')
    .join('people as p', 'p.id', 'h.person_id')
    .where('p.identity_key', identityKey)
    .select('h.gender', 'h.gender_source', 'h.gender_source_url', 'h.gender_note', 'h.replaced_at', 'h.import_id')
    .orderBy('h.id');
  return rows.map((r) => ({
    gender: r.gender,
    source: r.gender_source,
    sourceUrl: r.gender_source_url,
    note: r.gender_note,
    replacedAt: r.replaced_at,
    importId: r.import_id,
  }));
}
