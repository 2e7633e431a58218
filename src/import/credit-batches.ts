/**
 * The import's front half for long-format sheets: read → decode → parse →
 * map headers → normalise. Yields batches of valid records and the issues
 * found, so the loader can work while the rest of the file is still read.
 */
import { mapHeaders, type HeaderMap } from './headers.js';
import { isBlankRecord, normaliseRecord } from './normalise.js';
import { readSheet, SheetError, type RawRecord, type SheetFacts, type SheetReadOptions } from './read-sheet.js';
import { readCreditBatchesInWorker } from './read-sheet-worker.js';
import type { PersonTokens } from './load.js';
import type { CreditBatch, FileFacts, ImportIssue } from './types.js';

/** A batch, with what the worker knows that saves the loader work (see PersonTokens). */
export interface LoadableBatch extends CreditBatch {
  people?: PersonTokens;
}

/** More issues than this in one file are summarised, not listed: a wrong file would otherwise fill memory. */
export const MAX_ISSUES_PER_FILE = 10_000;

/** isBlankRecord, without its cleanText of every cell for the records that start with a visible character. */
function isBlank(cells: RawRecord['cells']): boolean {
  const first = cells[0]?.charCodeAt(0) ?? 0;
  return !(first > 0x20 && first < 0x7f) && isBlankRecord(cells);
}

/** `inWorker`: do the work on another thread (see read-sheet-worker). */
export async function* readCreditBatches(
  filePath: string,
  options: SheetReadOptions & { displayName?: string; inWorker?: boolean },
  facts: FileFacts,
): AsyncGenerator<LoadableBatch> {
  if (options.inWorker) {
    yield* readCreditBatchesInWorker(filePath, options, facts);
    return;
  }
  const file = options.displayName ?? filePath;
  const sheet: SheetFacts = { sha256: '', encoding: '', delimiter: ',', bytes: 0, hasSeparatorChars: false };
  let map: HeaderMap | null = null;
  let issueCount = 0;
  let sawHeader = false;
  const keep = (issues: ImportIssue[], out: ImportIssue[]): void => {
    for (const issue of issues) {
      issueCount++;
      if (issueCount <= MAX_ISSUES_PER_FILE) out.push(issue);
    }
  };
  try {
    for await (const raw of readSheet(filePath, options, sheet)) {
      const batch: CreditBatch = { records: [], issues: [] };
      for (const { line, cells } of raw) {
        if (!sawHeader) {
          if (isBlank(cells)) continue;
          sawHeader = true;
          const headers = mapHeaders(file, cells);
          keep(headers.issues, batch.issues);
          map = headers.map;
          if (map) facts.ignoredColumns = map.ignored;
          continue;
        }
        if (!map) break; // a broken header makes every row meaningless: report the header only
        if (isBlank(cells)) continue;
        facts.rowsRead++;
        const result = normaliseRecord(file, line, cells, map);
        if (result.record) batch.records.push(result.record);
        else keep(result.issues, batch.issues);
      }
      yield batch;
      if (!map) break;
    }
    if (!sawHeader) {
      yield { records: [], issues: [{ file, line: 1, column: 0, value: '', message: 'the file is empty: no header row' }] };
    }
  } catch (err) {
    if (!(err instanceof SheetError)) throw err;
    yield { records: [], issues: [{ file, line: err.line, column: err.column, value: err.value, message: err.message }] };
  } finally {
    facts.sha256 = sheet.sha256;
    facts.encoding = sheet.encoding;
    facts.delimiter = sheet.delimiter;
  }
  if (issueCount > MAX_ISSUES_PER_FILE) {
    yield {
      records: [],
      issues: [
        {
          file,
          line: 0,
          column: 0,
          value: '',
          message: `${issueCount - MAX_ISSUES_PER_FILE} more problems not listed (${issueCount} in all)`,
        },
      ],
    };
  }
}

export function newFileFacts(filePath: string, displayName?: string): FileFacts {
  return {
    file: displayName ?? filePath,
    sha256: '',
    encoding: '',
    delimiter: ',',
    rowsRead: 0,
    ignoredColumns: [],
  };
}
