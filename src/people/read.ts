/**
 * A people sheet → validated records and located issues: the same reader as
 * credit sheets (encodings, BOMs, delimiters, parse errors with their line),
 * then the people header and row rules. People sheets are lists of people,
 * small beside credit sheets, so the records are collected whole; the issues
 * are capped like a credit sheet's.
 */
import { MAX_ISSUES_PER_FILE } from '../import/credit-batches.js';
import { isBlankRecord } from '../import/normalise.js';
import { readSheet, SheetError, type SheetFacts, type SheetReadOptions } from '../import/read-sheet.js';
import type { ImportIssue } from '../import/types.js';
import { mapPeopleHeaders, type PeopleHeaderMap } from './headers.js';
import { normalisePersonRow } from './normalise.js';
import type { PeopleFileFacts, PersonGenderRecord } from './types.js';

export function newPeopleFileFacts(file: string): PeopleFileFacts {
  return { file, sha256: '', encoding: '', delimiter: ',', rowsRead: 0, ignoredColumns: [] };
}

export async function readPeopleSheet(
  filePath: string,
  options: SheetReadOptions,
  facts: PeopleFileFacts,
): Promise<{ records: PersonGenderRecord[]; issues: ImportIssue[] }> {
  const file = facts.file;
  const sheet: SheetFacts = { sha256: '', encoding: '', delimiter: ',', bytes: 0, hasSeparatorChars: false };
  const records: PersonGenderRecord[] = [];
  const issues: ImportIssue[] = [];
  let issueCount = 0;
  const keep = (found: readonly ImportIssue[]): void => {
    for (const issue of found) if (++issueCount <= MAX_ISSUES_PER_FILE) issues.push(issue);
  };
  let map: PeopleHeaderMap | null = null;
  let sawHeader = false;
  try {
    reading: for await (const batch of readSheet(filePath, options, sheet)) {
      for (const { line, cells } of batch) {
        if (isBlankRecord(cells)) continue;
        if (!sawHeader) {
          sawHeader = true;
          const headers = mapPeopleHeaders(file, cells);
          keep(headers.issues);
          map = headers.map;
          if (!map) break reading; // a broken header makes every row meaningless: report the header only
          facts.ignoredColumns = map.ignored;
          continue;
        }
        facts.rowsRead++;
        const result = normalisePersonRow(file, line, cells, map!);
        if (result.record) records.push(result.record);
        else keep(result.issues);
      }
    }
    if (!sawHeader) keep([{ file, line: 1, column: 0, value: '', message: 'the file is empty: no header row' }]);
  } catch (err) {
    if (err instanceof SheetError) keep([{ file, line: err.line, column: err.column, value: err.value, message: err.message }]);
    else if (isFileError(err)) keep([{ file, line: 0, column: 0, value: '', message: `cannot read the file: ${err.code === 'ENOENT' ? 'no such file' : err.message}` }]);
    else throw err;
  } finally {
    facts.sha256 = sheet.sha256;
    facts.encoding = sheet.encoding;
    facts.delimiter = sheet.delimiter;
  }
  if (issueCount > MAX_ISSUES_PER_FILE) {
    issues.push({ file, line: 0, column: 0, value: '', message: `${issueCount - MAX_ISSUES_PER_FILE} more problems not listed (${issueCount} in all)` });
  }
  return { records, issues };
}

function isFileError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES';
}
