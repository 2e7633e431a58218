/** The import ledger: what was imported, when, from which bytes, and how it ended. */
import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { ledgerEntriesHeld } from './dialect.js';

export type Outcome = 'running' | 'committed' | 'failed' | 'interrupted';

export interface LedgerEntry {
  id: number;
  file_name: string;
  sha256: string;
  rows_read: number;
  credits_added: number;
  credits_updated: number;
  credits_unchanged: number;
  /** Stored credits the file removed (an import that replaces; 0 otherwise). */
  credits_removed: number;
  error_count: number;
  outcome: Outcome;
  message: string | null;
  started_at: string;
  finished_at: string | null;
  /** The process that ran the import (null on rows from before it was recorded). */
  owner_pid: number | null;
  owner_host: string | null;
}

/** The process an import runs in. */
export interface Owner {
  pid: number;
  host: string;
}

export const thisProcess = (): Owner => ({ pid: process.pid, host: hostname() });

const now = (): string => new Date().toISOString();

/** Record that an import of `fileName` has begun; committed on its own so a crash leaves a trace. */
export async function openEntry(db: Knex, fileName: string, owner: Owner = thisProcess()): Promise<number> {
  const [row] = await db('imports')
    .insert({ file_name: fileName, sha256: '', outcome: 'running', started_at: now(), owner_pid: owner.pid, owner_host: owner.host })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/**
 * Whether the process that owns a running entry is gone, when this host can
 * tell: true or false for an entry of this host (the kernel knows its
 * processes), undefined for one from elsewhere. Rows from before owners were
 * recorded keep the old rule: running and not ours means dead.
 */
function ownerIsGone(entry: { owner_pid: number | null; owner_host: string | null }, here: Owner): boolean | undefined {
  if (entry.owner_pid === null) return true;
  if (entry.owner_host !== here.host) return undefined;
  if (entry.owner_pid === here.pid) return false; // another import of this process, waiting for the lock
  try {
    process.kill(entry.owner_pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'; // EPERM: it exists, owned by another user
  }
}

/**
 * An entry from another host counts as dead only this long after it began:
 * its import commits the entry first and then takes the entry's lock (see
 * lockImports), and must not be declared dead in between.
 */
export const OTHER_HOST_GRACE_MS = 60_000;

/**
 * Mark interrupted every running entry (other than `exceptIds`, the caller's
 * own) whose process is gone. A process of this host is asked directly; one
 * elsewhere (a shared PostgreSQL server) is gone when no transaction holds
 * its entry's lock (ledgerEntriesHeld) a minute after it began; where the
 * database cannot tell (SQLite) it is never declared dead. Run on the
 * database handle, outside any import transaction, so the marking stands
 * even when the import that makes it fails; entries of live processes (one
 * waiting for the import lock included) are left running. Reads first and
 * writes only when there is a dead run, so it rarely waits for SQLite's
 * writer lock.
 */
export async function markInterrupted(db: Knex, exceptIds: number[], here: Owner = thisProcess(), at: Date = new Date()): Promise<number[]> {
  const running: Array<{ id: number; owner_pid: number | null; owner_host: string | null; started_at: string }> = await db('imports')
    .select('id', 'owner_pid', 'owner_host', 'started_at')
    .where({ outcome: 'running' })
    .whereNotIn('id', exceptIds);
  const dead: number[] = [];
  const elsewhere: number[] = [];
  for (const entry of running) {
    const gone = ownerIsGone(entry, here);
    if (gone) dead.push(entry.id);
    else if (gone === undefined && at.getTime() - Date.parse(entry.started_at) > OTHER_HOST_GRACE_MS) elsewhere.push(entry.id);
  }
  const held = await ledgerEntriesHeld(db, elsewhere);
  if (held) dead.push(...elsewhere.filter((id) => !held.has(id)));
  if (dead.length === 0) return [];
  // outcome still running: an entry closed meanwhile by its own (slow, not dead) process stays as it closed
  await db('imports')
    .whereIn('id', dead)
    .where({ outcome: 'running' })
    .update({ outcome: 'interrupted', message: 'the import process stopped before it finished; nothing it read was kept' });
  return dead.sort((a, b) => a - b);
}

export async function closeEntry(
  db: Knex,
  id: number,
  fields: Partial<Omit<LedgerEntry, 'id' | 'started_at' | 'file_name'>> & { outcome: Outcome },
): Promise<void> {
  await db('imports').where({ id }).update({ ...fields, finished_at: now() });
}

export async function listEntries(db: Knex): Promise<LedgerEntry[]> {
  return db('imports').select('*').orderBy('id');
}

/**
 * The entries of the imports whose credits are in one production (each
 * credit keeps the import that added it): the files a chart of that
 * production rests on, where listEntries gives every file of the database.
 */
export async function entriesOfProduction(db: Knex, productionId: number): Promise<LedgerEntry[]> {
  const ids = db('credits as c')
    .distinct('c.import_id')
    .join('episodes as e', 'e.id', 'c.episode_id')
    .join('seasons as s', 's.id', 'e.season_id')
    .where('s.production_id', productionId)
    .whereNotNull('c.import_id');
  return db('imports').select('*').whereIn('id', ids).orderBy('id');
}

/**
 * Close the entries of an import that wrote nothing: each file's own error
 * count and first error (or the files whose errors stopped it), or the
 * crash message. Shared by the credit and the people imports.
 */
export async function closeFailed(
  db: Knex,
  ledgerIds: readonly number[],
  files: ReadonlyArray<{ file: string; sha256: string; rowsRead: number }>,
  issues: ReadonlyArray<{ file: string; line: number; message: string }>,
  crash?: string,
): Promise<void> {
  for (const [i, id] of ledgerIds.entries()) {
    const facts = files[i]!;
    const own = issues.filter((x) => x.file === facts.file);
    const first = own[0];
    await closeEntry(db, id, {
      outcome: 'failed',
      sha256: facts.sha256,
      rows_read: facts.rowsRead,
      error_count: own.length,
      message:
        crash ??
        (first
          ? `${own.length} error${own.length === 1 ? '' : 's'}; first: line ${first.line}: ${first.message}`
          : `not loaded: errors in ${[...new Set(issues.map((x) => x.file))].join(', ')}`),
    });
  }
}
