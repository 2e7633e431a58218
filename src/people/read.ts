/**
 * A people sheet → validated records and located issues: the same reader as
 * credit sheets (encodings, BOMs, delimiters, parse errors with their line),
 * then the people header and row rules. People sheets are lists of people,
 * small beside credit sheets, so the records are collected whole; the issues
 * are capped like a credit sheet's.
 */
import { HeaderSearch } from '../import/header-search.js';
import { emptyFileIssue, IssueCap, readingFailure } from '../import/issues.js';
import { isBlankRecord } from '../import/normalise.js';
import { readSheet, type SheetFacts, type SheetReadOptions } from '../import/read-sheet.js';
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
  const cap = new IssueCap(file);
  const keep = (found: readonly ImportIssue[]): void => cap.keep(found, issues);
  let map: PeopleHeaderMap | null = null;
  const search = new HeaderSearch((cells) => mapPeopleHeaders(file, cells));
  let sawHeader = false;
  try {
    reading: for await (const batch of readSheet(filePath, options, sheet)) {
      for (const { line, cells } of batch) {
        if (isBlankRecord(cells)) continue;
        if (!sawHeader) {
          const header = search.offer(line, cells);
          if (!header) continue;
          sawHeader = true;
          keep(header.issues);
          map = header.map;
          if (!map) break reading; // a broken header makes every row meaningless: report the header only
          if (header.preamble.length > 0) facts.preamble = header.preamble;
          facts.ignoredColumns = map.ignored;
          continue;
        }
        facts.rowsRead++;
        const result = normalisePersonRow(file, line, cells, map!);
        if (result.record) records.push(result.record);
        else keep(result.issues);
      }
    }
    // Every record was blank (an empty file), or none below the first made a clean header.
    if (!sawHeader) keep(search.finish()?.issues ?? [emptyFileIssue(file)]);
  } catch (err) {
    keep([readingFailure(file, err)]);
  } finally {
    facts.sha256 = sheet.sha256;
    facts.encoding = sheet.encoding;
    if (sheet.encodingNote) facts.encodingNote = sheet.encodingNote;
    facts.delimiter = sheet.delimiter;
  }
  issues.push(...cap.overflow());
  return { records, issues };
}
