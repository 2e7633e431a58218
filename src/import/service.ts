/**
 * importFiles: the one import service that the CLI, the seeds and the HTTP
 * upload call. All files of one call load in one transaction: any error, in
 * any file, and nothing is written.
 */
import { statSync } from 'node:fs';
import type { Knex } from 'knex';
import type { Kind } from '../domain/kinds.js';
import { closeEntry, closeFailed, markInterrupted, openEntry } from '../db/ledger.js';
import { lockImports } from '../db/dialect.js';
import { newFileFacts, readCreditBatches } from './credit-batches.js';
import { CreditLoader } from './load.js';
import { nameVariants } from './name-variants.js';
import { allPeopleNames, lastPersonId } from '../db/people-store.js';
import type { ImportIssue, ImportSummary, SheetFormat } from './types.js';
import type { DateOrder } from './values.js';

export interface ImportSource {
  path: string;
  /** Name used in messages and the ledger (an upload's original file name); defaults to the path. */
  name?: string;
}

export interface ImportOptions {
  dryRun?: boolean;
  delimiter?: string;
  encoding?: string;
  onBytes?: (file: string, bytes: number) => void;
  /** Parse in a worker thread: 'auto' does so for files of WORKER_MIN_BYTES or more. */
  parallel?: 'auto' | 'always' | 'never';
  /** Sheet layout: long (one row per credit) or wide (one row per episode, a column per role); default: told from the header. */
  format?: SheetFormat | 'auto';
  /** Season number for sheets without a season column. */
  season?: number;
  /** Production title for sheets without a series column. */
  production?: string;
  /** tv or film, for sheets without a kind column. */
  kind?: Kind;
  /** How the sheets write numeric dates (3/8/2018); default: only unambiguous ones are read. */
  dateOrder?: DateOrder;
  /**
   * Each file replaces the stored credits it covers: in every episode it
   * lists, for every role it gives credits for, a stored credit it does not
   * give is removed (a corrected sheet retracting a wrong credit).
   */
  replace?: boolean;
}

/** Below this size a worker thread's start-up costs more than parsing on the main thread saves. */
export const WORKER_MIN_BYTES = 4 << 20;

function useWorker(path: string, parallel: ImportOptions['parallel']): boolean {
  if (parallel === 'always' || parallel === 'never') return parallel === 'always';
  try {
    return statSync(path).size >= WORKER_MIN_BYTES;
  } catch {
    return false; // a missing file is reported by the reader, with its name
  }
}

export async function importFiles(db: Knex, sources: ImportSource[], options: ImportOptions = {}): Promise<ImportSummary> {
  const dryRun = options.dryRun ?? false;
  const files = sources.map((s) => newFileFacts(s.path, s.name));
  const ledgerIds = dryRun ? [] : await Promise.all(files.map((f) => openEntry(db, f.file)));
  // Outside the import's transaction, so that it stands even if this import fails.
  if (!dryRun) await markInterrupted(db, ledgerIds);
  const issues: ImportIssue[] = [];
  const trx = await db.transaction();
  const perFile: Array<{ added: number; updated: number; unchanged: number; removed: number }> = [];
  try {
    await lockImports(trx, ledgerIds); // one import at a time, so the counts below see every earlier import whole
    const peopleBefore = await lastPersonId(trx);
    const loader = await CreditLoader.create(trx, { replace: options.replace ?? false });
    for (const [i, source] of sources.entries()) {
      const facts = files[i]!;
      const readOptions = {
        displayName: facts.file,
        inWorker: useWorker(source.path, options.parallel),
        ...(options.delimiter ? { delimiter: options.delimiter } : {}),
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.format ? { format: options.format } : {}),
        ...(options.season !== undefined ? { season: options.season } : {}),
        ...(options.production !== undefined ? { production: options.production } : {}),
        ...(options.kind !== undefined ? { kind: options.kind } : {}),
        ...(options.dateOrder !== undefined ? { dateOrder: options.dateOrder } : {}),
        ...(options.onBytes ? { onBytes: (bytes: number) => options.onBytes!(facts.file, bytes) } : {}),
      };
      const before = { ...loader.counts };
      loader.startFile(facts.file);
      for await (const batch of readCreditBatches(source.path, readOptions, facts)) {
        issues.push(...batch.issues);
        issues.push(...(await loader.load(batch.records, facts.file, ledgerIds[i] ?? null, batch.people, batch.columns)));
      }
      perFile.push({ added: loader.counts.creditsNew - before.creditsNew, updated: 0, unchanged: 0, removed: 0 });
    }
    // Stored credits are settled once all their rows are read, and counted in the file that first gave them.
    await loader.finish();
    loader.fileCounts.forEach((counts, i) => Object.assign(perFile[i]!, counts));
    // Only people this import added can be a new variant of a name: none added, nothing to read.
    const variants = loader.counts.peopleAdded > 0 ? nameVariants(await allPeopleNames(trx), peopleBefore) : [];
    const summary = summarise(files, loader, variants, issues, dryRun, options.replace ?? false);
    if (issues.length > 0 || dryRun) {
      await trx.rollback();
    } else {
      for (const [i, facts] of files.entries()) {
        await closeEntry(trx, ledgerIds[i]!, {
          outcome: 'committed',
          sha256: facts.sha256,
          rows_read: facts.rowsRead,
          credits_added: perFile[i]!.added,
          credits_updated: perFile[i]!.updated,
          credits_unchanged: perFile[i]!.unchanged,
          credits_removed: perFile[i]!.removed,
        });
      }
      await trx.commit();
      summary.committed = true;
    }
    if (issues.length > 0) await closeFailed(db, ledgerIds, files, issues);
    return summary;
  } catch (err) {
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    await closeFailed(db, ledgerIds, files, [], err instanceof Error ? err.message : String(err));
    throw err;
  }
}

function summarise(
  files: ImportSummary['files'],
  loader: CreditLoader,
  variants: ImportSummary['nameVariants'],
  issues: ImportIssue[],
  dryRun: boolean,
  replace: boolean,
): ImportSummary {
  return {
    files,
    rowsRead: files.reduce((n, f) => n + f.rowsRead, 0),
    ...loader.counts,
    nameVariants: variants,
    titleVariants: loader.titleVariants,
    replace,
    removedCredits: loader.removed,
    issues,
    dryRun,
    committed: false,
  };
}
