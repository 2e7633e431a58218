import type { Gender } from '../domain/genders.js';
import type { Kind } from '../domain/kinds.js';
import type { Role } from '../domain/roles.js';

/** One problem in a sheet, located so a researcher can fix it: FILE:LINE:COLUMN. */
export interface ImportIssue {
  file: string;
  /** Physical line where the record starts; the header is line 1. 0 when the file as a whole is at fault. */
  line: number;
  /** 1-based column number; 0 when the whole record or file is at fault. */
  column: number;
  /** The offending cell (or header) as read. */
  value: string;
  message: string;
}

/**
 * A credit row after validation and normalisation: what the loader stores.
 * With `role` null it records an episode only (a wide sheet's row that
 * credits nobody), so coverage knows the episode exists; `person` is then ''.
 */
export interface CreditRecord {
  line: number;
  series: string;
  slug: string;
  kind: Kind;
  platform: string | null;
  /** A film's credits use FILM_SEASON and FILM_EPISODE (src/domain/kinds.ts). */
  season: number;
  episode: number;
  /** Films only: the year of release (a TV row's is null). */
  releaseYear: number | null;
  episodeTitle: string | null;
  airDate: string | null;
  role: Role | null;
  person: string;
  personKey: string;
  gender: Gender;
  creditNote: string | null;
  source: string | null;
}

export interface CreditBatch {
  records: CreditRecord[];
  issues: ImportIssue[];
}

/** long: one row per credit; wide: one row per episode with a column per role. */
export type SheetFormat = 'long' | 'wide';

/** What reading one file found out about it, known once the file is read to the end. */
export interface FileFacts {
  file: string;
  sha256: string;
  encoding: string;
  /** Why the file was not read as UTF-8 when no encoding was named, e.g. "not valid UTF-8 at byte 1234". */
  encodingNote?: string;
  delimiter: string;
  /** The layout the sheet was read as. */
  format: SheetFormat;
  /** Wide sheets: names that hold a place without naming anyone (TBA, a dash), skipped. */
  placeholders?: number;
  rowsRead: number;
  ignoredColumns: string[];
  /** Lines above the header that were skipped: a title, a source note (see header-search.ts). */
  preamble?: number[];
}

export interface ReadOptions {
  /** Override the delimiter detected from the header line. */
  delimiter?: string;
}

/** Counts reported after an import (or a dry run). */
export interface ImportSummary {
  files: FileFacts[];
  rowsRead: number;
  creditsNew: number;
  creditsUnchanged: number;
  creditsUpdated: number;
  /** Stored credits removed because a file that replaces (ImportOptions.replace) covers them and does not give them. */
  creditsRemoved: number;
  duplicateRows: number;
  productionsAdded: number;
  seasonsAdded: number;
  /** Stored seasons whose platform this import filled in or corrected. */
  seasonsUpdated: number;
  episodesAdded: number;
  episodesUpdated: number;
  peopleAdded: number;
  peopleUpdated: number;
  /**
   * Pairs [added, other] of people this import adds whose names are another
   * person's words in another order ("Foerster, Anna", "Anna Foerster"):
   * stored as two, and worth a look (see name-variants.ts).
   */
  nameVariants: Array<[string, string]>;
  /**
   * Pairs [given, production's title] of titles this import gives that are
   * stored as one production with another title (the same slug: "Run!" and
   * "Run"), differing beyond case and spacing: worth a look.
   */
  titleVariants: Array<[string, string]>;
  /** Whether the files replaced the stored credits they cover (ImportOptions.replace). */
  replace: boolean;
  /** The credits removed, at most MAX_REMOVED_LISTED of them (creditsRemoved counts them all). */
  removedCredits: RemovedCredit[];
  issues: ImportIssue[];
  dryRun: boolean;
  committed: boolean;
}

/** A stored credit that an import replacing its episode and role removed: what it was, and the file that left it out. */
export interface RemovedCredit {
  production: string;
  kind: Kind;
  /** A film's are FILM_SEASON and FILM_EPISODE, as its credit rows'. */
  season: number;
  episode: number;
  role: Role;
  person: string;
  /** The file that covers its episode and role without it. */
  file: string;
}

/** How many removed credits a summary lists; the count covers them all. */
export const MAX_REMOVED_LISTED = 1000;
