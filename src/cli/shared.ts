/** Helpers every command shares: the --db option and opening the database it names. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify';
import type { ImportIssue } from '../import/types.js';
import type { Knex } from 'knex';
import { loadConfig, type Config } from '../config.js';
import { openReady } from '../setup.js';
import { neutraliseFormula } from '../export/csv-safety.js';

export interface DbOption {
  db?: string;
}

export function withDbOption(cmd: Command): Command {
  return cmd.option('--db <path-or-url>', 'SQLite file or postgres:// URL (default: $DATABASE_URL, else data/crewcount.sqlite)');
}

/** Open (and migrate) the database a command names, run `fn`, always close it. */
export function configFor(opts: DbOption): Config {
  return loadConfig(opts.db ? { databaseUrl: opts.db } : {});
}

export async function withDatabase<T>(opts: DbOption, fn: (db: Knex) => Promise<T>): Promise<T> {
  const config = configFor(opts);
  const db = await openForCommand(config.databaseUrl);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/**
 * openReady, with a database that cannot be reached or opened told in one
 * line (which database, why) rather than as the driver's stack trace: a
 * server that is down, a wrong password, a database or folder that does not
 * exist. The URL's password is not printed.
 */
export async function openForCommand(url: string): Promise<Knex> {
  try {
    return await openReady(url);
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    if (code === undefined || !CANNOT_OPEN.has(code)) throw err;
    throw new UserError(`cannot open the database ${withoutPassword(url)}: ${(err as Error).message}`, 1);
  }
}

/** Error codes that mean the database is out of reach: network, PostgreSQL's authentication and catalog, SQLite's file. */
const CANNOT_OPEN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', '28P01', '28000', '3D000', 'SQLITE_CANTOPEN']);

/** A database URL fit to print: a postgres:// URL's password as ***. */
export function withoutPassword(url: string): string {
  // Up to the last @, as the driver reads the URL: a password may hold an @ of its own.
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):.*@/i, '$1:***@');
}

/** An error the user caused: printed without a stack trace, exit status 2 (usage) unless given. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** --errors-out: every problem of an import as CSV (file,line,column,value,message). */
export async function writeIssuesCsv(path: string, issues: readonly ImportIssue[]): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ header: true, columns: ['file', 'line', 'column', 'value', 'message'] });
  csv.pipe(out);
  // Opened in a spreadsheet to fix the sheet: a value such as =cmd|… is shown, not run, as in the exports.
  for (const i of issues) csv.write([neutraliseFormula(i.file), i.line, i.column, neutraliseFormula(i.value), neutraliseFormula(i.message)]);
  csv.end();
  await once(out, 'finish');
}
