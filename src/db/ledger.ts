/** The import ledger: what was imported, when, from which bytes, and how it ended. */
import type { Knex } from 'knex';

export type Outcome = 'running' | 'committed' | 'failed' | 'interrupted';

export interface LedgerEntry {
  id: number;
  file_name: string;
  sha256: string;
  rows_read: number;
  credits_added: number;
  credits_updated: number;
  credits_unchanged: number;
  error_count: number;
  outcome: Outcome;
  message: string | null;
  started_at: string;
  finished_at: string | null;
}

const now = (): string => new Date().toISOString();

/** Record that an import of `fileName` has begun; committed on its own so a crash leaves a trace. */
export async function openEntry(db: Knex, fileName: string): Promise<number> {
  const [row] = await db('imports')
    .insert({ file_name: fileName, sha256: '', outcome: 'running', started_at: now() })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

/**
 * Inside an import's write transaction no other import can be writing, so
 * any other entry still marked running belongs to a process that died.
 */
export async function markInterrupted(trx: Knex.Transaction, exceptIds: number[]): Promise<void> {
  await trx('imports')
    .where({ outcome: 'running' })
    .whereNotIn('id', exceptIds)
    .update({ outcome: 'interrupted', message: 'the import process stopped before it finished; nothing it read was kept' });
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
