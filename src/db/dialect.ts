/**
 * Every difference between SQLite and PostgreSQL lives here. Nothing else in
 * CrewCount asks which client a Knex instance uses.
 */
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { pgInsertIgnoringConflicts, pgInsertNewRows, pgInsertReturningIds } from './dialects/pg-bulk.js';
import { pgBulkInserts } from './dialects/pg-key-checks.js';
import { createPgChangeCounter, dropPgChangeCounter, pgChangeCounterFiresAlways, pgChangeToken } from './dialects/pg-change-counter.js';
import { sqliteInsertIgnoringConflicts, sqliteInsertNewRows, sqliteInsertReturningIds, type SqliteDatabase } from './dialects/sqlite-bulk.js';
import { sqliteDataVersion, sqliteTallies } from './dialects/sqlite-stats.js';
import type { SeasonFilter, SeasonTally } from './stats-queries.js';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Knex): DialectName {
  const client = String(db.client.config.client);
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

const KNEX_DEFAULT_LOG = { warn: console.warn, error: console.error, deprecate: console.warn, debug: console.debug };

/**
 * knex logs a failed connection ("Acquire connection error" and the driver's
 * stack) and then rejects with the same error, which the caller reports in
 * its own words (src/cli/shared.ts openForCommand, the HTTP error handler):
 * printed twice, once as a stack trace. Its own comment invites operators to
 * opt out of this warning; other warnings still go to the console.
 */
function quietAcquireErrors(message: string): void {
  if (!message.startsWith('Acquire connection error')) console.warn(message);
}

/** Knex configuration for a database URL or SQLite path. */
export function knexConfigFor(url: string): Knex.Config {
  if (isPostgresUrl(url)) {
    return {
      client: 'pg',
      connection: { connectionString: url, types: { getTypeParser: pgTypeParser } },
      pool: { min: 0, max: 10 },
      log: { ...KNEX_DEFAULT_LOG, warn: quietAcquireErrors },
    };
  }
  const filename = url.replace(/^sqlite:(\/\/)?/i, '');
  return {
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // better-sqlite3 is synchronous and SQLite has one writer: one connection
    // serialises every statement of this process, transactions included.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        try {
          conn.pragma('foreign_keys = ON');
          // WAL lets readers in other processes see the last committed state
          // while an import writes; the busy timeout makes a second writer
          // wait for the first instead of failing at once.
          if (filename !== ':memory:' && filename !== '') conn.pragma('journal_mode = WAL');
          conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
          conn.pragma('synchronous = NORMAL');
          // A larger page cache keeps a big import's index pages in memory (32 MB).
          conn.pragma('cache_size = -32768');
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  };
}

/**
 * PostgreSQL's count(*) is a bigint, which the driver returns as text (it
 * may not fit a JavaScript number). CrewCount's counts and ids always fit, so
 * bigints come back as numbers, as SQLite gives them; one that would not fit
 * stays text rather than lose digits.
 */
const BIGINT_OID = 20;
const pgTypes = (createRequire(import.meta.url)('pg') as { types: { getTypeParser(oid: number, format?: string): (value: string) => unknown } }).types;
function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === BIGINT_OID && format !== 'binary') {
    return (value: string) => {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    };
  }
  return pgTypes.getTypeParser(oid, format);
}

interface SqliteConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

/** SQLite's busy timeout: how long a statement waits for another connection's lock. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The raw driver connection that a transaction runs on, for bulk work that
 * Knex's per-statement overhead would make too slow (the import's loader).
 */
export async function rawConnection(trx: Knex.Transaction): Promise<unknown> {
  return trx.client.acquireConnection();
}

/** The advisory lock key every import holds on PostgreSQL ("Crew" as an integer). */
const IMPORT_LOCK_KEY = 0x43726577;

/**
 * Serialise imports: called first thing in an import's transaction, it waits
 * until no other import (in any process) holds the lock, and holds it until
 * the transaction ends. PostgreSQL takes a transaction-level advisory lock,
 * after one per ledger entry of the import (`ledgerIds`: its own entries,
 * none for a dry run), so that other hosts see the import alive while it
 * waits and runs (ledgerEntriesHeld below).
 * SQLite has one writer per database, but Knex begins a deferred
 * transaction: one that reads first and then tries to write after another
 * process committed fails at once with "database is locked" (its snapshot is
 * stale; the busy timeout does not apply). So the transaction's first
 * statement is a write that changes nothing, which takes the writer lock
 * before any read, waiting for another import to finish.
 */
export async function lockImports(trx: Knex.Transaction, ledgerIds: readonly number[]): Promise<void> {
  if (dialectOf(trx) === 'postgres') {
    if (ledgerIds.length > 0) {
      await trx.raw('SELECT pg_advisory_xact_lock(?::integer, id) FROM unnest(?::integer[]) AS id', [LEDGER_LOCK_SPACE, integerArray(ledgerIds)]);
    }
    await trx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [IMPORT_LOCK_KEY]);
    return;
  }
  const conn = (await rawConnection(trx)) as SqliteConnection;
  // An import may run for minutes; the one waiting should wait for it, as on PostgreSQL.
  conn.pragma(`busy_timeout = ${IMPORT_LOCK_WAIT_MS}`);
  try {
    await trx.raw('UPDATE imports SET id = id WHERE 0');
  } finally {
    conn.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/**
 * Which of the ledger entries `ids` an open import transaction holds (see
 * lockImports), asked by trying each lock and letting go at once. PostgreSQL
 * drops the locks of a session whose process died, so another host can tell
 * a dead run from a live one (src/db/ledger.ts). Undefined where the database
 * cannot tell: SQLite's runs share one host, where the process id says it.
 */
export async function ledgerEntriesHeld(db: Knex, ids: readonly number[]): Promise<Set<number> | undefined> {
  if (dialectOf(db) !== 'postgres') return undefined;
  if (ids.length === 0) return new Set();
  return db.transaction(async (trx) => {
    const rows: { rows: Array<{ id: number; free: boolean }> } = await trx.raw(
      'SELECT id, pg_try_advisory_xact_lock(?::integer, id) AS free FROM unnest(?::integer[]) AS id',
      [LEDGER_LOCK_SPACE, integerArray(ids)],
    );
    return new Set(rows.rows.filter((r) => !r.free).map((r) => Number(r.id)));
  });
}

/** Whole numbers as a PostgreSQL array literal: Knex would spread a JavaScript array into one parameter each. */
function integerArray(ids: readonly number[]): string {
  return `{${ids.map((id) => String(Math.trunc(id))).join(',')}}`;
}

/** The first half of the ledger entries' advisory lock keys ("CCLg"): apart from IMPORT_LOCK_KEY, a one-part key. */
const LEDGER_LOCK_SPACE = 0x43434c67;

/** How long a SQLite import waits for another to finish before failing with "database is locked". */
const IMPORT_LOCK_WAIT_MS = 30 * 60_000;

/**
 * Stats tallies computed in-process where that is faster than grouped SQL
 * (SQLite: one ordered pass, src/db/dialects/sqlite-stats.ts), or undefined
 * where the caller should aggregate in SQL (PostgreSQL).
 */
export async function inProcessTallies(db: Knex, filter: SeasonFilter): Promise<Map<number, SeasonTally> | undefined> {
  return dialectOf(db) === 'sqlite' ? sqliteTallies(db, filter) : undefined;
}

/**
 * Run `read` on one snapshot of the database, so that several queries see
 * the same commits: an import committed between two of them is either in all
 * their answers or in none. PostgreSQL: a REPEATABLE READ READ ONLY
 * transaction. SQLite: a deferred transaction on the app's one connection
 * (the in-process tallies read through it too), whose snapshot is taken by
 * its first read. Inside a transaction already, the caller owns the snapshot.
 */
export async function readSnapshot<T>(db: Knex, read: (snapshot: Knex) => Promise<T>): Promise<T> {
  if (db.isTransaction) return read(db);
  if (dialectOf(db) === 'postgres') return db.transaction((trx) => read(trx), { readOnly: true, isolationLevel: 'repeatable read' });
  return db.transaction((trx) => read(trx));
}

/**
 * A cheap token that changes whenever the database's content may have
 * changed: SQLite's data_version and total_changes(); on PostgreSQL a counter
 * that every write to the stats' tables bumps in its own transaction
 * (src/db/dialects/pg-change-counter.ts). Read before the stats' snapshot, a
 * token can only pair with data as new as it or newer, never older.
 */
export async function changeToken(db: Knex): Promise<string | null> {
  return dialectOf(db) === 'sqlite' ? sqliteDataVersion(db) : pgChangeToken(db);
}

/** Create the PostgreSQL change counter behind changeToken (nothing on SQLite). */
export async function createChangeCounter(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') await createPgChangeCounter(knex);
}

export async function dropChangeCounter(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') await dropPgChangeCounter(knex);
}

/** Make the change counter's triggers fire also under session_replication_role = replica (true), or only in origin mode again (false). */
export async function changeCounterFiresAlways(knex: Knex, always: boolean): Promise<void> {
  if (dialectOf(knex) === 'postgres') await pgChangeCounterFiresAlways(knex, always);
}

/** Table names of user tables, for tests and checks. */
export async function listTables(db: Knex): Promise<string[]> {
  if (dialectOf(db) === 'postgres') {
    const rows: Array<{ tablename: string }> = await db('pg_tables')
      .select('tablename')
      .where('schemaname', db.raw('current_schema()'));
    return rows.map((r) => r.tablename).sort();
  }
  const rows: Array<{ name: string }> = await db('sqlite_master')
    .select('name')
    .where('type', 'table')
    .andWhereNot('name', 'like', 'sqlite_%');
  return rows.map((r) => r.name).sort();
}

type Row = ReadonlyArray<string | number | null>;

/**
 * Insert rows and return their new ids in input order. SQLite runs prepared
 * multi-row statements on the transaction's connection
 * (src/db/dialects/sqlite-bulk.ts); PostgreSQL one INSERT … SELECT FROM
 * unnest(column arrays) per call (src/db/dialects/pg-bulk.ts says why).
 */
export async function insertReturningIds(trx: Knex.Transaction, table: string, columns: readonly string[], rows: readonly Row[]): Promise<number[]> {
  if (rows.length === 0) return [];
  if (dialectOf(trx) === 'sqlite') return sqliteInsertReturningIds((await rawConnection(trx)) as SqliteDatabase, table, columns, rows);
  return pgInsertReturningIds(trx, table, columns, rows);
}

/**
 * Insert rows that the caller knows are not stored: one that is fails the
 * statement (and the caller's transaction). Cheaper than
 * insertIgnoringConflicts on PostgreSQL, whose ON CONFLICT nearly doubles
 * an insert's cost (1M credits: 4.8 s against 2.5–3.0 s); PostgreSQL sends
 * these rows by COPY.
 */
export async function insertNewRows(trx: Knex.Transaction, table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(trx) === 'sqlite') sqliteInsertNewRows((await rawConnection(trx)) as SqliteDatabase, table, columns, rows);
  else await pgInsertNewRows(trx, table, columns, rows);
}

/**
 * Insert rows, skipping any that collide with an existing row on
 * `conflictColumns`; returns how many were inserted.
 *
 * On PostgreSQL every bulk insert checks its rows' foreign keys for the
 * whole call at once where the session may, rather than row by row
 * (src/db/dialects/pg-key-checks.ts says how and why).
 */
export async function insertIgnoringConflicts(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  conflictColumns: readonly string[],
): Promise<number> {
  if (rows.length === 0) return 0;
  if (dialectOf(trx) === 'sqlite') {
    return sqliteInsertIgnoringConflicts((await rawConnection(trx)) as SqliteDatabase, table, columns, rows, conflictColumns);
  }
  return pgInsertIgnoringConflicts(trx, table, columns, rows, conflictColumns);
}

/**
 * Run a series of bulk inserts (and statements that change no key column)
 * as one unit: PostgreSQL then sets up its per-call key checks once rather
 * than around each insert (src/db/dialects/pg-key-checks.ts); SQLite just runs it.
 */
export async function bulkInserts<T>(trx: Knex.Transaction, work: () => Promise<T>): Promise<T> {
  return dialectOf(trx) === 'postgres' ? pgBulkInserts(trx, work) : work();
}

interface SqliteIterable {
  prepare(sql: string): { raw(on?: boolean): { iterate(...params: unknown[]): IterableIterator<unknown[]> } };
  exec(sql: string): unknown;
  close(): void;
}

/**
 * Rows per chunk when streaming query results. Modest, so that a chunk is
 * done with before V8's next young-generation collection or two: chunks that
 * survive them are moved to the old generation, which then grows by tens of
 * megabytes until a full collection.
 */
const STREAM_CHUNK = 256;

/** A chunk of streamed rows (arrays, in select order) and which of the queries they answer. */
export interface RowChunk {
  query: number;
  rows: unknown[][];
}

/** SQL with its bindings, as the SQLite driver takes them. */
export interface SqliteQuery {
  sql: string;
  bindings: unknown[];
}

/**
 * Stream the rows of one or more queries chunk by chunk, one query after the
 * other and all from one snapshot of the database, so an export can read a
 * lookup table first and then a million rows that refer to it, with memory
 * flat. SQLite files are read by streamSqliteFile; an in-memory database can
 * only be read through the app's one connection, which is held until the
 * stream ends, so nothing writes in between. PostgreSQL uses server-side
 * cursors in one repeatable-read transaction.
 */
export async function* streamRows(db: Knex, queries: readonly Knex.QueryBuilder[]): AsyncGenerator<RowChunk> {
  if (dialectOf(db) === 'postgres') {
    yield* streamRowsPostgres(db, queries);
    return;
  }
  const sqls = sqliteQueries(queries);
  const file = sqliteFileOf(db);
  if (file !== undefined) {
    yield* streamSqliteFile(file, sqls);
    return;
  }
  const conn = (await db.client.acquireConnection()) as SqliteIterable;
  try {
    yield* iterateSqlite(conn, sqls);
  } finally {
    await db.client.releaseConnection(conn);
  }
}

/** The file a SQLite database lives in, which other connections (and threads) can open; undefined in memory and on PostgreSQL. */
export function sqliteFileOf(db: Knex): string | undefined {
  if (dialectOf(db) === 'postgres') return undefined;
  const filename = String((db.client.config.connection as { filename?: string }).filename ?? ':memory:');
  return filename === ':memory:' || filename === '' ? undefined : filename;
}

/** The SQL and bindings of queries as SQLite takes them: plain data, which another thread can be sent. */
export function sqliteQueries(queries: readonly Knex.QueryBuilder[]): SqliteQuery[] {
  return queries.map((query) => {
    const { sql, bindings } = query.toSQL().toNative();
    return { sql, bindings: [...bindings] };
  });
}

/**
 * streamRows for a SQLite file: a read-only connection of its own (WAL lets
 * it read while the app's connection works) in one read transaction. Needs
 * no Knex instance, so a worker thread can run it.
 */
export async function* streamSqliteFile(filename: string, sqls: readonly SqliteQuery[]): AsyncGenerator<RowChunk> {
  const Database = (await import('better-sqlite3')).default;
  const conn = new Database(filename, { readonly: true, fileMustExist: true }) as unknown as SqliteIterable;
  try {
    // Closing the connection ends the transaction.
    conn.exec('BEGIN');
    yield* iterateSqlite(conn, sqls);
  } finally {
    conn.close();
  }
}

function* iterateSqlite(conn: SqliteIterable, sqls: readonly SqliteQuery[]): Generator<RowChunk> {
  for (const [index, { sql, bindings }] of sqls.entries()) {
    let rows: unknown[][] = [];
    for (const row of conn.prepare(sql).raw(true).iterate(...bindings)) {
      rows.push(row);
      if (rows.length >= STREAM_CHUNK) {
        yield { query: index, rows };
        rows = [];
      }
    }
    if (rows.length > 0) yield { query: index, rows };
  }
}

async function* streamRowsPostgres(db: Knex, queries: readonly Knex.QueryBuilder[]): AsyncGenerator<RowChunk> {
  // Cursors inside one read-only transaction, fetched in chunks. Repeatable
  // read gives every query the same snapshot (read committed would take a
  // new one per statement).
  const trx = await db.transaction(undefined, { readOnly: true, isolationLevel: 'repeatable read' });
  try {
    for (const [index, query] of queries.entries()) {
      const { sql, bindings } = query.toSQL();
      const cursor = `crewcount_export_${index}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      await trx.raw(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, bindings as Knex.RawBinding[]);
      for (;;) {
        const result: { rows: Record<string, unknown>[] } = await trx.raw(`FETCH ${STREAM_CHUNK} FROM ${cursor}`);
        if (result.rows.length === 0) break;
        yield { query: index, rows: result.rows.map((r) => Object.values(r)) };
      }
      await trx.raw(`CLOSE ${cursor}`);
    }
    await trx.commit();
  } finally {
    if (!trx.isCompleted()) await trx.rollback();
  }
}

/** SQL for a JSON array of `columns`: how an export hands several values over as one. */
export function jsonArray(db: Knex, columns: readonly string[]): string {
  return dialectOf(db) === 'postgres' ? `json_build_array(${columns.join(', ')})` : `json_array(${columns.join(', ')})`;
}

/** SQL for a JSON array holding a JSON array of `columns` per row of a group (null for none on PostgreSQL). */
export function jsonArrayAgg(db: Knex, columns: readonly string[]): string {
  return dialectOf(db) === 'postgres' ? `json_agg(${jsonArray(db, columns)})` : `json_group_array(${jsonArray(db, columns)})`;
}

/**
 * An ORDER BY term that sorts text by code point whatever the database's
 * collation, so both databases give the same order: SQLite's default BINARY
 * collation already compares UTF-8 bytes (and can use the column's index),
 * PostgreSQL's default collation follows the locale, its "C" collation bytes.
 */
export function byCodePoint(db: Knex, column: string): string {
  return dialectOf(db) === 'postgres' ? `${column} COLLATE "C"` : column;
}

/**
 * SQL for `expr` with A–Z lowered and every other character kept, as
 * SQLite's lower() does; PostgreSQL's lower() would also lower É, Ä, …, so
 * a case-insensitive match would find more there than on SQLite.
 */
export function asciiLower(db: Knex, expr: string): string {
  return dialectOf(db) === 'postgres' ? `translate(${expr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')` : `lower(${expr})`;
}
