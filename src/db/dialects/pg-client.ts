/**
 * What the PostgreSQL bulk helpers share: the driver connection they talk to
 * directly (Knex would expand or re-bind array parameters, and has no COPY)
 * and the catalog look-ups they keep for the process.
 */
import type { Submittable } from 'pg';
import { quoteIdent } from './sql-names.js';

export interface PgClient {
  query(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>>; rowCount: number | null }>;
  query<T extends Submittable>(submittable: T): T;
}

/**
 * The SQL type of each column, read once per table and column list: unnest
 * needs typed arrays, and INSERT … SELECT does not cast text to integer.
 * CrewCount's tables are the same in every database it opens (one set of
 * migrations), so the types are kept for the life of the process.
 */
const columnTypes = new Map<string, Promise<string[]>>();

export function typesOf(conn: PgClient, table: string, columns: readonly string[]): Promise<string[]> {
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

