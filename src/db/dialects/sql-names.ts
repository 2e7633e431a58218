/** A table or column name as an SQL identifier (SQLite and PostgreSQL quote alike). */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
