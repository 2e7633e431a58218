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

/** A credit row after validation and normalisation: what the loader stores. */
export interface CreditRecord {
  line: number;
  series: string;
  slug: string;
  kind: Kind;
  platform: string | null;
  season: number;
  episode: number;
  episodeTitle: string | null;
  airDate: string | null;
  role: Role;
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

/** What reading one file found out about it, known once the file is read to the end. */
export interface FileFacts {
  file: string;
  sha256: string;
  encoding: string;
  delimiter: string;
  rowsRead: number;
  ignoredColumns: string[];
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
  duplicateRows: number;
  productionsAdded: number;
  seasonsAdded: number;
  episodesAdded: number;
  episodesUpdated: number;
  peopleAdded: number;
  peopleUpdated: number;
  issues: ImportIssue[];
  dryRun: boolean;
  committed: boolean;
}
