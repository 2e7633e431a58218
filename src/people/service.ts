/**
 * importPeople: people sheets (person, gender, gender_source, source_url,
 * note) → each person's gender and its provenance. The service the CLI and
 * the seeds call (and an HTTP upload can). Like importFiles: every file of
 * one call in one transaction, serialised with other imports, recorded in
 * the imports ledger; any problem in any file and nothing is written.
 */
import type { Knex } from 'knex';
import { lockImports } from '../db/dialect.js';
import { closeEntry, closeFailed, markInterrupted, openEntry } from '../db/ledger.js';
import type { ImportIssue } from '../import/types.js';
import { loadPeople, sameGenderRecord } from './load.js';
import { newPeopleFileFacts, readPeopleSheet } from './read.js';
import { peopleCounts } from './report.js';
import type { PeopleImportSummary, PersonGenderRecord } from './types.js';

export interface PeopleSource {
  path: string;
  /** Name used in messages and the ledger (an upload's original file name); defaults to the path. */
  name?: string;
}

export interface PeopleImportOptions {
  dryRun?: boolean;
  delimiter?: string;
  encoding?: string;
}

export async function importPeople(db: Knex, sources: readonly PeopleSource[], options: PeopleImportOptions = {}): Promise<PeopleImportSummary> {
  const dryRun = options.dryRun ?? false;
  const files = sources.map((s) => newPeopleFileFacts(s.name ?? s.path));
  const issues: ImportIssue[] = [];
  const records: PersonGenderRecord[] = [];
  const readOptions = {
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
  };
  // Reading touches no table: done before the ledger entries and the write lock.
  for (const [i, source] of sources.entries()) {
    const read = await readPeopleSheet(source.path, readOptions, files[i]!);
    records.push(...read.records);
    issues.push(...read.issues);
  }
  const { people, repeatedRows, conflicts } = onePerPerson(records);
  issues.push(...conflicts);

  const summary: PeopleImportSummary = {
    files,
    rowsRead: files.reduce((n, f) => n + f.rowsRead, 0),
    peopleNew: 0,
    peopleUpdated: 0,
    peopleUnchanged: 0,
    gendersChanged: 0,
    repeatedRows,
    issues,
    dryRun,
    committed: false,
  };
  const ledgerIds = dryRun ? [] : await Promise.all(files.map((f) => openEntry(db, f.file)));
  // Outside the transaction below, as importFiles does, so that it stands even if this import fails.
  if (!dryRun) await markInterrupted(db, ledgerIds);
  if (issues.length > 0) {
    await closeFailed(db, ledgerIds, files, issues);
    return summary;
  }
  const idOfFile = new Map(files.map((f, i) => [f.file, ledgerIds[i] ?? null]));
  const trx = await db.transaction();
  try {
    await lockImports(trx, ledgerIds); // one import at a time, so new/unchanged are counted against every earlier import whole
    const loaded = await loadPeople(trx, people, (r) => idOfFile.get(r.file) ?? null, new Date().toISOString());
    Object.assign(summary, loaded.counts);
    if (dryRun) {
      await trx.rollback();
      return summary;
    }
    for (const [i, facts] of files.entries()) {
      await closeEntry(trx, ledgerIds[i]!, {
        outcome: 'committed',
        sha256: facts.sha256,
        rows_read: facts.rowsRead,
        // The ledger's counters are for credits; a people sheet's own counts are in its message.
        message: `people sheet: ${peopleCounts({ peopleNew: 0, peopleUpdated: 0, peopleUnchanged: 0, gendersChanged: 0, ...loaded.byFile.get(facts.file) })}`,
      });
    }
    await trx.commit();
    summary.committed = true;
    return summary;
  } catch (err) {
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    await closeFailed(db, ledgerIds, files, [], err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/**
 * One record per person. A row repeating an earlier one exactly is counted
 * once; a row giving the same person a different gender record is an error
 * that names both places.
 */
function onePerPerson(records: readonly PersonGenderRecord[]): { people: PersonGenderRecord[]; repeatedRows: number; conflicts: ImportIssue[] } {
  const byKey = new Map<string, PersonGenderRecord>();
  const conflicts: ImportIssue[] = [];
  let repeatedRows = 0;
  for (const r of records) {
    const first = byKey.get(r.key);
    if (!first) {
      byKey.set(r.key, r);
      continue;
    }
    if (sameGenderRecord(first, r)) {
      repeatedRows++;
      continue;
    }
    const at = first.file === r.file ? `line ${first.line}` : `${first.file} line ${first.line}`;
    conflicts.push({
      file: r.file,
      line: r.line,
      column: 0,
      value: describe(r),
      message: `person "${r.name}" is given ${describe(r)} at line ${r.line} but ${describe(first)} at ${at}; a person has one gender record per import`,
    });
  }
  return { people: [...byKey.values()], repeatedRows, conflicts };
}

function describe(r: PersonGenderRecord): string {
  const extras = [r.sourceUrl && `source ${r.sourceUrl}`, r.note && `note "${r.note}"`].filter(Boolean).join(', ');
  return `${r.gender} (${r.source}${extras ? `; ${extras}` : ''})`;
}

