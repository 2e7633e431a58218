/**
 * Bulk inserts on PostgreSQL: one statement per batch whose rows travel as
 * one array parameter per column, unpacked by unnest(). Only the dialect
 * module calls this.
 *
 * Why unnest: measured on 200,000 credits (tests/postgres/bulk-insert.test.ts
 * checks the behaviour, README "Benchmarks and hardening" the figures), it
 * took 1.3–1.5 s against 2.0–2.2 s for COPY into a temporary table followed
 * by INSERT … SELECT … ON CONFLICT, and 2.2–5.2 s for 1,000-row
 * INSERT … VALUES with 6,000 bound parameters (whose parse and bind alone
 * cost as much as the insert). It needs no extra dependency, keeps
 * ON CONFLICT DO NOTHING (so the count of new rows stays exact) and, unlike
 * a straight COPY, survives a row repeated within the import.
 */
import type { Knex } from 'knex';

type Row = ReadonlyArray<string | number | null>;

interface PgClient {
  query(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>>; rowCount: number | null }>;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The SQL type of each column, read once per table and column list: unnest
 * needs typed arrays, and INSERT … SELECT does not cast text to integer.
 * CrewCount's tables are the same in every database it opens (one set of
 * migrations), so the types are kept for the life of the process.
 */
const columnTypes = new Map<string, Promise<string[]>>();

function typesOf(conn: PgClient, table: string, columns: readonly string[]): Promise<string[]> {
  const key = `${table}(${columns.join(',')})`;
  let types = columnTypes.get(key);
  if (!types) {
    types = conn
      .query(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
        [quoteIdent(table)],
      )
      .then(({ rows }) => {
        const byName = new Map(rows.map((r) => [String(r.name), String(r.type)]));
        return columns.map((c) => {
          const type = byName.get(c);
          if (type === undefined) throw new Error(`table ${table} has no column ${c}`);
          return type;
        });
      });
    // A failed look-up (no such table yet) is not remembered.
    types.catch(() => columnTypes.delete(key));
    columnTypes.set(key, types);
  }
  return types;
}

/** The rows as one array per column. */
function byColumn(rows: readonly Row[], columnCount: number): unknown[][] {
  const arrays: unknown[][] = [];
  for (let c = 0; c < columnCount; c++) {
    const values = new Array<unknown>(rows.length);
    for (let r = 0; r < rows.length; r++) values[r] = rows[r]![c];
    arrays.push(values);
  }
  return arrays;
}

async function insertSelect(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  tail: string,
): Promise<{ rows: Array<Record<string, unknown>>; rowCount: number | null }> {
  // The transaction's own connection: Knex would expand or re-bind array parameters.
  const conn = (await trx.client.acquireConnection()) as PgClient;
  const types = await typesOf(conn, table, columns);
  const unnest = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) SELECT * FROM unnest(${unnest}) ${tail}`;
  return conn.query(sql, byColumn(rows, columns.length));
}

/**
 * Insert rows and return their new ids in input order. PostgreSQL inserts
 * the rows of INSERT … SELECT in the order the SELECT yields them, which for
 * unnest is array order, and RETURNING reports them in that order (as it does
 * for a multi-row VALUES list).
 */
export async function pgInsertReturningIds(trx: Knex.Transaction, table: string, columns: readonly string[], rows: readonly Row[]): Promise<number[]> {
  const result = await insertSelect(trx, table, columns, rows, 'RETURNING id');
  if (result.rows.length !== rows.length) throw new Error(`INSERT into ${table} added ${result.rows.length} of ${rows.length} rows`);
  return result.rows.map((r) => Number(r.id));
}

/** Insert rows, skipping any that collide on `conflictColumns` (with the table or with each other); returns how many were inserted. */
export async function pgInsertIgnoringConflicts(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  conflictColumns: readonly string[],
): Promise<number> {
  const result = await insertSelect(trx, table, columns, rows, `ON CONFLICT (${conflictColumns.map(quoteIdent).join(', ')}) DO NOTHING`);
  return result.rowCount ?? 0;
}
