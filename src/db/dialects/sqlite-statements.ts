/**
 * Prepared statements per better-sqlite3 connection: each SQL text is
 * compiled once per connection, not once per call (an import's batches, a
 * stats request's queries).
 */
const statements = new WeakMap<object, Map<string, unknown>>();

export function prepared<S>(conn: { prepare(sql: string): S }, sql: string): S {
  let byText = statements.get(conn);
  if (!byText) statements.set(conn, (byText = new Map()));
  let stmt = byText.get(sql) as S | undefined;
  if (!stmt) byText.set(sql, (stmt = conn.prepare(sql)));
  return stmt;
}
