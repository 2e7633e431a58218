/**
 * The import's front half: read → decode → parse → map headers (which
 * tells a long sheet from a wide one) → normalise. Yields batches of valid records and the issues
 * found, so the loader can work while the rest of the file is still read.
 */
import { mapHeaders, preambleHint, type HeaderMap, type LayoutOptions } from './headers.js';
import { isBlankRecord, LongRowNormaliser } from './normalise.js';
import { emptyFileIssue, IssueCap, readingFailure } from './issues.js';
import { HeaderEcho, withTrailingFieldFitted } from './sheet-rows.js';
import { HeaderSearch } from './header-search.js';
import { readSheet, type RawRecord, type SheetFacts, type SheetReadOptions } from './read-sheet.js';
import { readCreditBatchesInWorker } from './read-sheet-worker.js';
import type { PersonTokens } from './load.js';
import type { CreditBatch, FileFacts, ImportIssue } from './types.js';
import { normaliseWideRow, OverallNumbering } from './wide.js';

/** Everything that says how to read one sheet. */
export type SheetOptions = SheetReadOptions & LayoutOptions & { displayName?: string };

/** A batch, with what the worker knows that saves the loader work (see PersonTokens), and where the sheet's fields are (for the loader's issues). */
export interface LoadableBatch extends CreditBatch {
  people?: PersonTokens;
  columns?: HeaderMap['index'];
}


/** isBlankRecord, without its cleanText of every cell for the records that start with a visible character. */
function isBlank(cells: RawRecord['cells']): boolean {
  const first = cells[0]?.charCodeAt(0) ?? 0;
  return !(first > 0x20 && first < 0x7f) && isBlankRecord(cells);
}

/** `inWorker`: do the work on another thread (see read-sheet-worker). */
export async function* readCreditBatches(
  filePath: string,
  options: SheetOptions & { inWorker?: boolean },
  facts: FileFacts,
): AsyncGenerator<LoadableBatch> {
  if (options.inWorker) {
    yield* readCreditBatchesInWorker(filePath, options, facts);
    return;
  }
  const file = options.displayName ?? filePath;
  const sheet: SheetFacts = { sha256: '', encoding: '', delimiter: ',', bytes: 0, hasSeparatorChars: false };
  let map: HeaderMap | null = null;
  let normaliser: LongRowNormaliser | null = null;
  /** Set for a wide sheet that numbers its episodes only overall: its records wait for the end. */
  let numbering: OverallNumbering | null = null;
  const cap = new IssueCap(file);
  const keep = (issues: readonly ImportIssue[], out: ImportIssue[]): void => cap.keep(issues, out);
  const search = new HeaderSearch(
    (cells) => mapHeaders(file, cells, options),
    (offered) => preambleHint(file, offered),
  );
  let sawHeader = false;
  /** Set once the header is read: finds it again among the rows (files pasted together). */
  let echo: HeaderEcho | null = null;
  /** Set at a different header below the first: the rows after it are laid out by it, and are not read. */
  let stopped = false;
  try {
    for await (const raw of readSheet(filePath, options, sheet)) {
      const batch: LoadableBatch = { records: [], issues: [] };
      for (const { line, cells } of raw) {
        if (!sawHeader) {
          if (isBlank(cells)) continue;
          const header = search.offer(line, cells);
          if (!header) continue;
          sawHeader = true;
          keep(header.issues, batch.issues);
          map = header.map;
          if (map) normaliser = new LongRowNormaliser(file, map, options);
          if (header.preamble.length > 0) facts.preamble = header.preamble;
          if (map) {
            echo = new HeaderEcho(file, cells, line);
            facts.ignoredColumns = map.ignored;
            facts.format = map.format;
            if (map.format === 'wide' && map.index.episode === undefined && map.index.episode_overall !== undefined) {
              numbering = new OverallNumbering();
            }
          }
          continue;
        }
        if (!map) break; // a broken header makes every row meaningless: report the header only
        if (isBlank(cells)) continue;
        // The header again, as when exported files are pasted one below the other: no credit (see HeaderEcho).
        if (echo!.repeats(cells)) continue;
        facts.rowsRead++;
        // One empty field past the last column, or a header's empty last column left out (a trailing delimiter).
        const row = cells.length === map.columnCount ? cells : withTrailingFieldFitted(cells, echo!.header);
        if (map.format === 'wide') {
          const result = normaliseWideRow(file, line, row, map, options);
          if (result.issues.length > 0) {
            const other = echo!.otherHeader(line, row);
            if (other) {
              keep([other], batch.issues);
              stopped = true;
              break;
            }
          }
          keep(result.issues, batch.issues);
          if (result.placeholders) facts.placeholders = (facts.placeholders ?? 0) + result.placeholders;
          if (numbering && result.overall !== undefined) numbering.hold(result.records, result.overall);
          else for (const r of result.records) batch.records.push(r);
          continue;
        }
        const result = normaliser!.normalise(line, row, sheet.hasControlChars === true);
        if (result.record) batch.records.push(result.record);
        else {
          const other = echo!.otherHeader(line, row);
          if (other) {
            keep([other], batch.issues);
            stopped = true;
            break;
          }
          keep(result.issues, batch.issues);
        }
      }
      if (map) batch.columns = map.index; // known once the header is read, which may be in this very batch
      yield batch;
      if ((sawHeader && !map) || stopped) break;
    }
    if (!sawHeader) {
      // Every record was blank (an empty file), or none below the first made a clean header.
      const header = search.finish();
      const issues: ImportIssue[] = [];
      keep(header ? header.issues : [emptyFileIssue(file)], issues);
      yield { records: [], issues };
    }
    if (numbering && numbering.size > 0) {
      const numbered = numbering.finish(file, (map?.index.episode_overall ?? -1) + 1);
      const issues: ImportIssue[] = [];
      keep(numbered.issues, issues);
      yield { records: numbered.records, issues, ...(map ? { columns: map.index } : {}) };
    }
  } catch (err) {
    yield { records: [], issues: [readingFailure(file, err)] };
  } finally {
    facts.sha256 = sheet.sha256;
    facts.encoding = sheet.encoding;
    if (sheet.encodingNote) facts.encodingNote = sheet.encodingNote;
    facts.delimiter = sheet.delimiter;
  }
  const overflow = cap.overflow();
  if (overflow.length > 0) yield { records: [], issues: overflow };
}

export function newFileFacts(filePath: string, displayName?: string): FileFacts {
  return {
    file: displayName ?? filePath,
    sha256: '',
    encoding: '',
    delimiter: ',',
    format: 'long',
    rowsRead: 0,
    ignoredColumns: [],
  };
}
