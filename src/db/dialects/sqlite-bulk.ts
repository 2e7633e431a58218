/**
 * Bulk inserts on SQLite: prepared multi-row INSERTs run on the
 * transaction's own connection (in-process, so far faster than building SQL
 * text per batch). Only the dialect module calls this.
 */
import { quoteIdent } from './sql-names.js';
import { prepared } from './sqlite-statements.js';

type Row = ReadonlyArray<string | number | null>;

interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/**
 * Rows per INSERT statement. Running a statement has a fixed cost (binding,
 * resetting, and for AUTOINCREMENT tables reading and writing
 * sqlite_sequence) that for narrow rows exceeds the cost of inserting one;
 * a hundred rows a statement shares it out.
 */
const ROWS_PER_STATEMENT = 100;

/** Insert rows and return their new ids in input order. */
export function sqliteInsertReturningIds(conn: SqliteDatabase, table: string, columns: readonly string[], rows: readonly Row[]): number[] {
  const ids: number[] = [];
  insert(conn, table, columns, rows, '', (result, rowCount) => {
    // SQLite numbers new rows one past the largest rowid so far (with
    // AUTOINCREMENT, the largest ever used), in VALUES order, and reports
    // the last: the rows of one statement have consecutive ids.
    if (result.changes !== rowCount) throw new Error(`INSERT into ${table} added ${result.changes} of ${rowCount} rows`);
    const last = Number(result.lastInsertRowid);
    for (let id = last - rowCount + 1; id <= last; id++) ids.push(id);
  });
  return ids;
}

/** Insert rows that are not stored: one that is fails the statement. */
export function sqliteInsertNewRows(conn: SqliteDatabase, table: string, columns: readonly string[], rows: readonly Row[]): void {
  insert(conn, table, columns, rows, '', () => undefined);
}

/** Insert rows, skipping any that collide on `conflictColumns`; returns how many were inserted. */
export function sqliteInsertIgnoringConflicts(
  conn: SqliteDatabase,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  conflictColumns: readonly string[],
): number {
  let inserted = 0;
  insert(conn, table, columns, rows, ` ON CONFLICT (${conflictColumns.map(quoteIdent).join(',')}) DO NOTHING`, (result) => {
    inserted += result.changes;
  });
  return inserted;
}

/**
 * INSERT … VALUES `rows` … `tail`, ROWS_PER_STATEMENT rows a statement and
 * the rest one a statement (so only two statement texts are ever prepared);
 * `each` gets every statement's result and row count.
 */
function insert(
  conn: SqliteDatabase,
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  tail: string,
  each: (result: { changes: number; lastInsertRowid: number | bigint }, rowCount: number) => void,
): void {
  const sql = (rowCount: number): string =>
    `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(',')}) VALUES ${placeholders(columns.length, rowCount)}${tail}`;
  const many = prepared(conn, sql(ROWS_PER_STATEMENT));
  const one = prepared(conn, sql(1));
  const columnCount = columns.length;
  const params = new Array<unknown>(ROWS_PER_STATEMENT * columnCount);
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
    let k = 0;
    for (let r = i; r < i + ROWS_PER_STATEMENT; r++) {
      const row = rows[r]!;
      for (let c = 0; c < columnCount; c++) params[k++] = row[c];
    }
    each(many.run(params), ROWS_PER_STATEMENT);
  }
  for (; i < rows.length; i++) each(one.run(rows[i]), 1);
}

/** "(?,?),(?,?)…" for a multi-row VALUES clause. */
function placeholders(columnCount: number, rowCount: number): string {
  const row = `(${new Array<string>(columnCount).fill('?').join(',')})`;
  return new Array<string>(rowCount).fill(row).join(',');
}
