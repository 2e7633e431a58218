import type { GenderRecord } from '../db/people-store.js';
import type { ImportIssue } from '../import/types.js';

export type { ImportIssue };

/** One row of a people sheet after validation: a person and their gender record. */
export interface PersonGenderRecord extends GenderRecord {
  file: string;
  line: number;
  /** Cleaned name, as the first row gives it (the spelling shown for a new person). */
  name: string;
  /** The same identity key credit imports use: "ANA RUIZ" and "Ana  Ruiz" are one person. */
  key: string;
}

/** What reading one people sheet found out about it. */
export interface PeopleFileFacts {
  file: string;
  sha256: string;
  encoding: string;
  /** Why the encoding was chosen when it is not what the file announces (a windows-1252 fallback). */
  encodingNote?: string;
  delimiter: string;
  rowsRead: number;
  ignoredColumns: string[];
  /** Lines above the header that were skipped: a title, a source note. */
  preamble?: number[];
}

/** Counts reported after a people import (or a dry run). */
export interface PeopleImportSummary {
  files: PeopleFileFacts[];
  rowsRead: number;
  /** People not stored before: created with the sheet's gender record. */
  peopleNew: number;
  /** Stored people whose gender, source, URL or note changed (the previous record is kept in gender_history). */
  peopleUpdated: number;
  peopleUnchanged: number;
  /** Of the updated, those whose gender itself changed. */
  gendersChanged: number;
  /** Rows that repeat an earlier row of the import exactly, counted once. */
  repeatedRows: number;
  issues: ImportIssue[];
  dryRun: boolean;
  committed: boolean;
}
