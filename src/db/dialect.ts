/**
 * Every difference between SQLite and PostgreSQL lives here. Nothing else in
 * CrewCount asks which client a Knex instance uses.
 */
import type { Knex } from 'knex';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Knex): DialectName {
  const client = String(db.client.config.client);
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Knex configuration for a database URL or SQLite path. */
export function knexConfigFor(url: string): Knex.Config {
  if (isPostgresUrl(url)) {
    return { client: 'pg', connection: url, pool: { min: 0, max: 10 } };
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
          conn.pragma('busy_timeout = 10000');
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

interface SqliteConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

/**
 * The raw driver connection that a transaction runs on, for bulk work that
 * Knex's per-statement overhead would make too slow (the import's loader).
 */
export async function rawConnection(trx: Knex.Transaction): Promise<unknown> {
  return trx.client.acquireConnection();
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

interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/** Prepared statements per connection: an import prepares each SQL text once, not once per batch. */
const statements = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>();
function prepared(conn: SqliteDatabase, sql: string): SqliteStatement {
  let byText = statements.get(conn);
  if (!byText) statements.set(conn, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = conn.prepare(sql)));
  return stmt;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Rows per multi-row INSERT on PostgreSQL: well under its 65,535 bind parameters. */
const PG_ROWS_PER_STATEMENT = 1000;

/**
 * Insert rows and return their new ids in input order. SQLite runs one
 * prepared statement per row on the transaction's connection (in-process,
 * so far faster than building SQL text); PostgreSQL sends multi-row INSERTs.
 */
export async function insertReturningIds(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  if (dialectOf(trx) === 'sqlite') {
    const conn = (await rawConnection(trx)) as SqliteDatabase;
    const stmt = prepared(conn, 
      `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) VALUES (${columns.map(() => '?').join(',')})`,
    );
    return rows.map((row) => Number(stmt.run(...row).lastInsertRowid));
  }
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + PG_ROWS_PER_STATEMENT).map((row) => Object.fromEntries(columns.map((c, j) => [c, row[j]])));
    const inserted: Array<{ id: number }> = await trx(table).insert(chunk).returning('id');
    ids.push(...inserted.map((r) => Number(r.id)));
  }
  return ids;
}

/**
 * Insert rows, skipping any that collide with an existing row on
 * `conflictColumns`; returns how many were inserted.
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
    const conn = (await rawConnection(trx)) as SqliteDatabase;
    const stmt = prepared(conn, 
      `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) VALUES (${columns.map(() => '?').join(',')}) ` +
        `ON CONFLICT (${conflictColumns.map(quoteIdent).join(',')}) DO NOTHING`,
    );
    let inserted = 0;
    for (const row of rows) inserted += stmt.run(...row).changes;
    return inserted;
  }
  let inserted = 0;
  for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + PG_ROWS_PER_STATEMENT).map((row) => Object.fromEntries(columns.map((c, j) => [c, row[j]])));
    const result: Array<{ id: number }> = await trx(table).insert(chunk).onConflict([...conflictColumns]).ignore().returning('id');
    inserted += result.length;
  }
  return inserted;
}

interface SqliteIterable {
  prepare(sql: string): { raw(on?: boolean): { iterate(...params: unknown[]): IterableIterator<unknown[]> } };
  close(): void;
}

/** Rows per chunk when streaming query results. */
const STREAM_CHUNK = 1000;

/**
 * Stream a query's rows (as arrays, in select order) chunk by chunk, so an
 * export of a million credits keeps memory flat. SQLite files get their own
 * read-only connection (WAL lets it read while the app's connection works);
 * an in-memory database can only be read through the app's one connection,
 * which is held until the stream ends. PostgreSQL uses a server-side cursor.
 */
export async function* streamRows(db: Knex, query: Knex.QueryBuilder): AsyncGenerator<unknown[][]> {
  if (dialectOf(db) === 'postgres') {
    const { sql, bindings } = query.toSQL();
    yield* streamRowsPostgres(db, sql, bindings as unknown[]);
    return;
  }
  const { sql, bindings } = query.toSQL().toNative();
  const filename = String((db.client.config.connection as { filename?: string }).filename ?? ':memory:');
  const own = filename !== ':memory:' && filename !== '';
  let conn: SqliteIterable;
  if (own) {
    const Database = (await import('better-sqlite3')).default;
    conn = new Database(filename, { readonly: true, fileMustExist: true }) as unknown as SqliteIterable;
  } else {
    conn = (await db.client.acquireConnection()) as SqliteIterable;
  }
  try {
    const iterator = conn.prepare(sql).raw(true).iterate(...(bindings as unknown[]));
    let chunk: unknown[][] = [];
    for (const row of iterator) {
      chunk.push(row);
      if (chunk.length >= STREAM_CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  } finally {
    if (own) conn.close();
    else await db.client.releaseConnection(conn);
  }
}

async function* streamRowsPostgres(db: Knex, sql: string, bindings: unknown[]): AsyncGenerator<unknown[][]> {
  // A cursor inside a read-only transaction: one snapshot, fetched in chunks.
  const trx = await db.transaction(undefined, { readOnly: true });
  try {
    const cursor = `crewcount_export_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await trx.raw(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, bindings as Knex.RawBinding[]);
    for (;;) {
      const result: { rows: Record<string, unknown>[] } = await trx.raw(`FETCH ${STREAM_CHUNK} FROM ${cursor}`);
      if (result.rows.length === 0) break;
      yield result.rows.map((r) => Object.values(r));
    }
    await trx.commit();
  } finally {
    if (!trx.isCompleted()) await trx.rollback();
  }
}
