/**
 * Which record is a sheet's header. Nearly always the first that is not
 * blank; but sheets saved from a spreadsheet someone laid out by hand often
 * carry a title, a source note or a group heading ("Crew", spanning several
 * columns) above it. Such lines are skipped when a record within the next
 * few is a header that maps cleanly. Otherwise the first record that is
 * not blank is the header, and its problems are what the import reports, as
 * before: a header with a typo is never passed over for a data row.
 *
 * Credit and people sheets share this; each brings its own mapping.
 */
import type { ImportIssue } from './types.js';

/** Lines above the header skipped at most: a title and a note or two, not a page of prose. */
export const MAX_PREAMBLE_RECORDS = 10;

export interface HeaderAttempt<M> {
  map: M | null;
  issues: ImportIssue[];
}

export interface FoundHeader<M> extends HeaderAttempt<M> {
  /** Physical lines of the records skipped above the header (empty when there were none). */
  preamble: number[];
}

export class HeaderSearch<M> {
  private first: HeaderAttempt<M> | undefined;
  private readonly skipped: number[] = [];

  constructor(private readonly mapHeader: (cells: readonly string[]) => HeaderAttempt<M>) {}

  /** Offer the next record that is not blank: the header once it is decided, undefined while it is not. */
  offer(line: number, cells: readonly string[]): FoundHeader<M> | undefined {
    const mapped = this.mapHeader(cells);
    // The mappers see cells, not lines: their issues are put on the header's own line here.
    const attempt = { map: mapped.map, issues: mapped.issues.map((issue) => ({ ...issue, line })) };
    if (attempt.map) return { ...attempt, preamble: this.first ? this.skipped : [] };
    if (!this.first) this.first = attempt;
    this.skipped.push(line);
    return this.skipped.length > MAX_PREAMBLE_RECORDS ? this.giveUp() : undefined;
  }

  /** At the end of the file: the first record's result when no record was a clean header; undefined for a file of blank records. */
  finish(): FoundHeader<M> | undefined {
    return this.first ? this.giveUp() : undefined;
  }

  private giveUp(): FoundHeader<M> {
    return { ...this.first!, preamble: [] };
  }
}
