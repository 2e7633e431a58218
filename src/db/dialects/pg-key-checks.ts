/**
 * Foreign keys on PostgreSQL's bulk inserts, checked per call instead of
 * per row where the session may. Only pg-bulk.ts calls this.
 *
 * PostgreSQL checks a foreign key with a trigger per inserted row: a lookup
 * and a row lock in the parent table, ~5 µs each. Credits have four keys, so
 * a million credits spent ~21 s in those triggers alone (the same
 * INSERT … SELECT of 1M credits took 23.1 s with the keys and 1.5 s
 * without). The PostgreSQL manual ("Populating a Database") gives the way
 * out: a key is checked far more cheaply in bulk than row by row. So, where
 * the session may, one statement locks every distinct parent row an insert
 * refers to (FOR KEY SHARE, as the triggers would) and counts them, and the
 * insert then runs with session_replication_role = replica, which skips the
 * per-row key triggers, as pg_restore does.
 *
 * The guarantee is the triggers': a missing parent fails the insert (with a
 * message naming the key, the column and the value), and a parent stored
 * before the transaction cannot be deleted or have its key changed until
 * the transaction ends. A parent the transaction inserted itself (noted by
 * noteInserted) is invisible to every other session until commit and needs
 * no lock; nor does one locked already.
 *
 * A session may do this as a superuser, or on PostgreSQL 15 and later when
 * granted `SET ON PARAMETER session_replication_role` (README, "PostgreSQL").
 * Otherwise, or for a key of several columns, the triggers check each row
 * as usual: slower, equally safe. CrewCount's own trigger (the stats' change
 * counter) is ENABLE ALWAYS and fires either way; a trigger someone adds to
 * these tables by hand would not fire for the bulk inserts.
 * tests/postgres/key-checks.test.ts checks all of this.
 */
import type { Knex } from 'knex';
import { IdRanges } from '../../lib/id-ranges.js';
import { typesOf, type PgClient } from './pg-client.js';
import { quoteIdent } from './sql-names.js';

type Row = ReadonlyArray<string | number | null>;

/**
 * Run `insert` (of `rows` into `table`) with the table's foreign keys
 * checked for the whole call where the session may, else as it is, for
 * the triggers to check.
 */
export async function withKeyChecks<T>(
  trx: Knex.Transaction,
  conn: PgClient,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  insert: () => Promise<T>,
): Promise<T> {
  const keys = (await maySkipKeyTriggers(trx, conn)) ? await foreignKeysOf(conn, table, columns) : null;
  if (!keys || keys.length === 0) return insert();
  const state = stateOf(trx);
  await lockParentsSkippingTriggers(trx, conn, table, rows, keys);
  const result = await insert();
  // Not reached when the insert fails: the transaction is then aborted, and its end undoes the setting.
  if (state.scopes === 0) await restoreTriggers(state, conn);
  return result;
}

/** Note ids the transaction inserted into `table`: their rows need no lock when referred to. */
export function noteInserted(trx: Knex.Transaction, table: string, ids: readonly number[]): void {
  const inserted = stateOf(trx).inserted;
  let own = inserted.get(table);
  if (!own) inserted.set(table, (own = new IdRanges()));
  own.add(ids);
}

/** What a transaction has learnt: whether it may skip the key triggers, the ids it inserted, the parent rows it locked. */
interface TransactionState {
  may?: Promise<boolean>;
  /** session_replication_role is replica now (set by a bulk insert, not yet restored). */
  replica: boolean;
  /** Open pgBulkInserts scopes: while there is one, the setting stays between inserts. */
  scopes: number;
  /** Ids the transaction inserted (noteInserted), by table name. */
  inserted: Map<string, IdRanges>;
  /** Parent keys checked and locked, by foreign key name. */
  locked: Map<string, Set<unknown>>;
}

const transactions = new WeakMap<object, TransactionState>();

function stateOf(trx: Knex.Transaction): TransactionState {
  let state = transactions.get(trx);
  if (!state) transactions.set(trx, (state = { replica: false, scopes: 0, inserted: new Map(), locked: new Map() }));
  return state;
}

async function restoreTriggers(state: TransactionState, conn: PgClient): Promise<void> {
  if (!state.replica) return;
  await conn.query(`SELECT set_config('session_replication_role', 'origin', true)`, []);
  state.replica = false;
}

/**
 * Run `work`, a series of bulk inserts and statements that change no key
 * column, leaving session_replication_role as the first insert sets it until
 * the end instead of setting and restoring it around each insert: two round
 * trips saved per insert. Restored before returning, unless `work` failed
 * (the transaction is then aborted, and its end restores the setting).
 */
export async function pgBulkInserts<T>(trx: Knex.Transaction, work: () => Promise<T>): Promise<T> {
  const state = stateOf(trx);
  state.scopes++;
  let result: T;
  try {
    result = await work();
  } finally {
    state.scopes--;
  }
  if (state.scopes === 0) await restoreTriggers(state, (await trx.client.acquireConnection()) as PgClient);
  return result;
}

function maySkipKeyTriggers(trx: Knex.Transaction, conn: PgClient): Promise<boolean> {
  const state = stateOf(trx);
  state.may ??= (async () => {
    const { rows } = await conn.query(
      `SELECT current_setting('is_superuser') = 'on' AS superuser,
              current_setting('session_replication_role') = 'origin' AS origin,
              current_setting('server_version_num')::int AS version`,
      [],
    );
    const { superuser, origin, version } = rows[0] as { superuser: boolean; origin: boolean; version: number };
    if (!origin) return false; // already replica or local: leave the session as it is
    if (superuser) return true;
    // GRANT SET ON PARAMETER came with PostgreSQL 15, and this function with it.
    if (version < 150000) return false;
    const granted = await conn.query(`SELECT has_parameter_privilege('session_replication_role', 'SET') AS may`, []);
    return (granted.rows[0] as { may: boolean }).may;
  })();
  return state.may;
}

interface ForeignKey {
  name: string;
  /** Index of the key's column among the inserted columns. */
  index: number;
  column: string;
  columnType: string;
  /** The parent table: its name as regclass text (quoted and qualified as needed), and bare. */
  parent: string;
  parentName: string;
  parentColumn: string;
}

/**
 * The table's foreign keys among `columns`, or null when one spans several
 * columns (left to the triggers). Read once per table and column list, as
 * the column types are.
 */
const foreignKeyCache = new Map<string, Promise<ForeignKey[] | null>>();

function foreignKeysOf(conn: PgClient, table: string, columns: readonly string[]): Promise<ForeignKey[] | null> {
  const cacheKey = `${table}(${columns.join(',')})`;
  let keys = foreignKeyCache.get(cacheKey);
  if (!keys) {
    keys = (async () => {
      const { rows } = await conn.query(
        `SELECT c.conname AS name, cardinality(c.conkey) AS width, a.attname AS column,
                c.confrelid::regclass::text AS parent, pc.relname AS parent_name, pa.attname AS parent_column
         FROM pg_constraint c
         JOIN pg_class pc ON pc.oid = c.confrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
         WHERE c.conrelid = to_regclass($1) AND c.contype = 'f'
         ORDER BY c.conname`,
        [quoteIdent(table)],
      );
      const found = rows as Array<{ name: string; width: number; column: string; parent: string; parent_name: string; parent_column: string }>;
      if (found.some((k) => Number(k.width) !== 1)) return null;
      const types = await typesOf(conn, table, columns);
      return found
        .filter((k) => columns.includes(k.column))
        .map((k) => {
          const index = columns.indexOf(k.column);
          return {
            name: k.name,
            index,
            column: k.column,
            columnType: types[index]!,
            parent: k.parent,
            parentName: k.parent_name,
            parentColumn: k.parent_column,
          };
        });
    })();
    keys.catch(() => foreignKeyCache.delete(cacheKey));
    foreignKeyCache.set(cacheKey, keys);
  }
  return keys;
}

/**
 * Check that every parent row the rows refer to exists, locking those this
 * transaction has not inserted or locked yet FOR KEY SHARE, and set
 * session_replication_role = replica for the insert that follows: one
 * statement. Fail as a key violation would when a parent is missing.
 */
async function lockParentsSkippingTriggers(trx: Knex.Transaction, conn: PgClient, table: string, rows: readonly Row[], keys: readonly ForeignKey[]): Promise<void> {
  const state = stateOf(trx);
  const pending = keys.map((k) => {
    const own = state.inserted.get(k.parentName);
    const locked = state.locked.get(k.name);
    const values = new Set<unknown>();
    let previous: unknown = null;
    for (const row of rows) {
      const value = row[k.index];
      // Rows come grouped (a season's episodes, an episode's credits): skip a value the row before had.
      if (value === previous || value === null || value === undefined) continue;
      previous = value;
      if (!(typeof value === 'number' && own?.has(value)) && !locked?.has(value)) values.add(value);
    }
    return [...values];
  });
  const checks = keys.flatMap((_, i) => (pending[i]!.length === 0 ? [] : [i]));
  if (checks.length === 0 && state.replica) return;
  const counts = checks.map(
    (i, n) =>
      `(SELECT count(*) FROM (SELECT FROM ONLY ${keys[i]!.parent} p WHERE p.${quoteIdent(keys[i]!.parentColumn)} = ANY($${n + 1}::${keys[i]!.columnType}[]) FOR KEY SHARE OF p) locked) AS k${i}`,
  );
  const { rows: result } = await conn.query(
    `SELECT ${[`set_config('session_replication_role', 'replica', true) AS mode`, ...counts].join(', ')}`,
    checks.map((i) => pending[i]),
  );
  state.replica = true;
  for (const i of checks) {
    const k = keys[i]!;
    if (Number(result[0]![`k${i}`]) !== pending[i]!.length) {
      const { rows: missing } = await conn.query(
        `SELECT v FROM unnest($1::${k.columnType}[]) v WHERE NOT EXISTS (SELECT FROM ONLY ${k.parent} p WHERE p.${quoteIdent(k.parentColumn)} = v) LIMIT 1`,
        [pending[i]],
      );
      throw new Error(`insert into ${table} violates foreign key constraint "${k.name}": ${k.column} ${String(missing[0]?.v)} is not present in table ${k.parent}`);
    }
    let locked = state.locked.get(k.name);
    if (!locked) state.locked.set(k.name, (locked = new Set()));
    for (const value of pending[i]!) locked.add(value);
  }
}
