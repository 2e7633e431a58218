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
  /** The columns the record lacks, when that is all that keeps it from being a header. */
  missing?: readonly string[];
}

/** A record offered as the header, and what mapping it gave. */
export interface OfferedRecord<M> extends HeaderAttempt<M> {
  line: number;
  cells: readonly string[];
}

export interface FoundHeader<M> extends HeaderAttempt<M> {
  /** Physical lines of the records skipped above the header (empty when there were none). */
  preamble: number[];
}

export class HeaderSearch<M> {
  private first: HeaderAttempt<M> | undefined;
  private readonly skipped: number[] = [];
  private readonly offered: Array<OfferedRecord<M>> = [];

  /**
   * `explain`: when no record is a clean header, issues to report after the
   * first record's, from every record offered (say, a later one that would
   * be the header given an option).
   */
  constructor(
    private readonly mapHeader: (cells: readonly string[]) => HeaderAttempt<M>,
    private readonly explain?: (offered: ReadonlyArray<OfferedRecord<M>>) => ImportIssue[],
  ) {}

  /** Offer the next record that is not blank: the header once it is decided, undefined while it is not. */
  offer(line: number, cells: readonly string[]): FoundHeader<M> | undefined {
    const mapped = this.mapHeader(cells);
    // The mappers see cells, not lines: their issues are put on the header's own line here.
    const attempt = { map: mapped.map, issues: mapped.issues.map((issue) => ({ ...issue, line })) };
    if (attempt.map) return { ...attempt, preamble: this.first ? this.skipped : [] };
    if (!this.first) this.first = attempt;
    if (this.explain) this.offered.push({ ...attempt, line, cells, ...(mapped.missing ? { missing: mapped.missing } : {}) });
    this.skipped.push(line);
    return this.skipped.length > MAX_PREAMBLE_RECORDS ? this.giveUp() : undefined;
  }

  /** At the end of the file: the first record's result when no record was a clean header; undefined for a file of blank records. */
  finish(): FoundHeader<M> | undefined {
    return this.first ? this.giveUp() : undefined;
  }

  private giveUp(): FoundHeader<M> {
    const more = this.explain?.(this.offered) ?? [];
    return { ...this.first!, issues: [...this.first!.issues, ...more], preamble: [] };
  }
}
