/**
 * The dialect module's bulk inserts (PostgreSQL: INSERT … SELECT FROM
 * unnest(column arrays), and COPY for rows known to be new) give the same
 * ids, counts and stored values as on SQLite: ids in input order, new rows
 * counted exactly when some repeat within the call or are stored already,
 * awkward text kept byte for byte.
 */
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertIgnoringConflicts, insertNewRows, insertReturningIds } from '../../src/db/dialect.js';
import { freshDb, freshPgDb } from '../helpers/db.js';

const AWKWARD = ['tab\there', 'new\nline', 'back\\slash', '"quoted", comma', 'Zoë Ñandú 李', '{braces}', 'NULL', '\\N', '', 'cr\r\nlf', '\\.', 'end\\', '\t lead and trail \n', '😀 astral'];

let pg: Knex;
let lite: Knex;
beforeEach(async () => {
  [pg, lite] = await Promise.all([freshPgDb(), freshDb()]);
});
afterEach(async () => {
  await Promise.all([pg.destroy(), lite.destroy()]);
});

/** A production, a season, 3 episodes and 4 people; their ids. */
async function parents(trx: Knex.Transaction): Promise<{ episodes: number[]; people: number[]; director: number }> {
  const [production] = await insertReturningIds(trx, 'productions', ['title', 'slug', 'kind', 'platform'], [['Bulk', 'bulk', 'tv', null]]);
  const [season] = await insertReturningIds(trx, 'seasons', ['production_id', 'number'], [[production!, 1]]);
  const episodes = await insertReturningIds(trx, 'episodes', ['season_id', 'number', 'title', 'air_date'], [
    [season!, 1, AWKWARD[0]!, '2020-01-01'],
    [season!, 2, null, null],
    [season!, 3, AWKWARD[4]!, '2020-01-15'],
  ]);
  const people = await insertReturningIds(
    trx,
    'people',
    ['name', 'identity_key', 'gender'],
    AWKWARD.slice(0, 4).map((name, i) => [name, `key ${i} ${name}`, i % 2 === 0 ? 'woman' : 'unknown']),
  );
  const director = (await trx('roles').where({ code: 'director' }).first('id')) as { id: number };
  return { episodes, people, director: director.id };
}

describe('bulk inserts on PostgreSQL and SQLite', () => {
  it('return new ids in input order, pointing at the rows given', async () => {
    for (const db of [pg, lite]) {
      await db.transaction(async (trx) => {
        const { people } = await parents(trx);
        const stored: Array<{ id: number; name: string }> = await trx('people').select('id', 'name');
        expect(people.map((id) => stored.find((p) => p.id === id)?.name)).toEqual(AWKWARD.slice(0, 4));
        const more = await insertReturningIds(trx, 'people', ['name', 'identity_key', 'gender'], AWKWARD.map((n, i) => [n, `more ${i}`, 'man']));
        expect(more).toHaveLength(AWKWARD.length);
        expect(new Set(more).size).toBe(AWKWARD.length);
        const names = new Map((await trx('people').select('id', 'name')).map((p: { id: number; name: string }) => [p.id, p.name]));
        expect(more.map((id) => names.get(id))).toEqual(AWKWARD);
      });
    }
  });

  it('count only the rows that are new: repeats within a call and rows already stored are skipped, exactly', async () => {
    const results: unknown[] = [];
    for (const db of [pg, lite]) {
      await db.transaction(async (trx) => {
        const { episodes, people, director } = await parents(trx);
        const credit = (e: number, p: number, note: string | null) => [episodes[e]!, director, people[p]!, note, null, null] as const;
        const cols = ['episode_id', 'role_id', 'person_id', 'credit_note', 'source', 'import_id'];
        const key = ['episode_id', 'role_id', 'person_id'];
        // 3 distinct, one of them given three times: 3 new
        const first = await insertIgnoringConflicts(trx, 'credits', cols, [credit(0, 0, 'a'), credit(0, 1, AWKWARD[2]!), credit(0, 0, 'b'), credit(1, 2, null), credit(0, 0, 'c')], key);
        // 2 stored already, 2 new, one new one repeated: 2 new
        const second = await insertIgnoringConflicts(trx, 'credits', cols, [credit(0, 0, 'x'), credit(1, 2, 'x'), credit(2, 3, AWKWARD[1]!), credit(2, 0, null), credit(2, 3, 'y')], key);
        const none = await insertIgnoringConflicts(trx, 'credits', cols, [], key);
        const stored = await trx('credits').select('credit_note').orderBy(['episode_id', 'person_id']);
        results.push({ first, second, none, notes: stored.map((r: { credit_note: string | null }) => r.credit_note) });
      });
    }
    expect(results[0]).toEqual({ first: 3, second: 2, none: 0, notes: ['a', AWKWARD[2], null, null, AWKWARD[1]] });
    expect(results[0]).toEqual(results[1]);
  });

  it('a batch of 5,000 credits with every tenth row repeated counts 4,500 new on both', async () => {
    const counts: number[] = [];
    for (const db of [pg, lite]) {
      await db.transaction(async (trx) => {
        const { episodes, director } = await parents(trx);
        const people = await insertReturningIds(trx, 'people', ['name', 'identity_key', 'gender'], Array.from({ length: 4500 }, (_, i) => [`P ${i}`, `p ${i}`, 'unknown']));
        const rows = Array.from({ length: 5000 }, (_, i) => [episodes[0]!, director, people[i % 10 === 9 ? i - 1 - Math.floor(i / 10) : i - Math.floor(i / 10)]!, null, `src ${i}`, null] as const);
        counts.push(await insertIgnoringConflicts(trx, 'credits', ['episode_id', 'role_id', 'person_id', 'credit_note', 'source', 'import_id'], rows, ['episode_id', 'role_id', 'person_id']));
        const stored = (await trx('credits').count({ n: '*' })) as Array<{ n: number }>;
        expect(Number(stored[0]!.n)).toBe(4500);
      });
    }
    expect(counts).toEqual([4500, 4500]);
  });

  it('insert rows known to be new (COPY on PostgreSQL) with awkward text kept byte for byte, and fail on one that is stored', async () => {
    const results: unknown[] = [];
    for (const db of [pg, lite]) {
      await db.transaction(async (trx) => {
        const { episodes, director } = await parents(trx);
        const people = await insertReturningIds(trx, 'people', ['name', 'identity_key', 'gender'], AWKWARD.map((n, i) => [n, `copy ${i}`, 'unknown']));
        const rows = AWKWARD.map((text, i) => [episodes[i % 3]!, director, people[i]!, text, i % 2 === 0 ? null : text, null] as const);
        await insertNewRows(trx, 'credits', ['episode_id', 'role_id', 'person_id', 'credit_note', 'source', 'import_id'], rows);
        await insertNewRows(trx, 'credits', ['episode_id', 'role_id', 'person_id', 'credit_note', 'source', 'import_id'], []);
        const stored: Array<{ person_id: number; credit_note: string | null; source: string | null }> = await trx('credits')
          .select('person_id', 'credit_note', 'source')
          .orderBy('person_id');
        results.push(stored.map((r) => [people.indexOf(r.person_id), r.credit_note, r.source]));
      });
    }
    expect(results[0]).toEqual(AWKWARD.map((text, i) => [i, text, i % 2 === 0 ? null : text]));
    expect(results[0]).toEqual(results[1]);
    for (const db of [pg, lite]) {
      await expect(
        db.transaction(async (trx) => {
          const { episodes, people, director } = await parents(trx);
          const row = [episodes[0]!, director, people[0]!, null, null, null] as const;
          await insertNewRows(trx, 'credits', ['episode_id', 'role_id', 'person_id', 'credit_note', 'source', 'import_id'], [row]);
          await insertNewRows(trx, 'credits', ['episode_id', 'role_id', 'person_id', 'credit_note', 'source', 'import_id'], [row]);
        }),
      ).rejects.toThrow(/unique|duplicate key/i);
    }
  });
});
