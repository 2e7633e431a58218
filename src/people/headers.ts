/**
 * A people sheet's header row → its fields, matched with looseKey (case,
 * spaces, underscores and punctuation ignored) against the aliases below,
 * which the README documents.
 */
import { parseRole } from '../domain/roles.js';
import { claimColumn, HEADER_ALIASES, headerKey, missingColumnsIssue } from '../import/headers.js';
import { withoutFootnotes } from '../import/names.js';
import { looseKey } from '../domain/text.js';
import type { ImportIssue } from '../import/types.js';

export const PEOPLE_FIELDS = ['person', 'gender', 'gender_source', 'source_url', 'note'] as const;
export type PeopleField = (typeof PEOPLE_FIELDS)[number];

export const PEOPLE_REQUIRED: readonly PeopleField[] = ['person', 'gender'];

export const PEOPLE_HEADER_ALIASES: Readonly<Record<PeopleField, readonly string[]>> = {
  person: ['person', 'name', 'person name', 'full name', 'crew member'],
  gender: ['gender', 'gender identity', 'sex'], // as in credit sheets
  gender_source: ['gender source', 'evidence', 'provenance', 'gender evidence', 'gender provenance'],
  source_url: ['source url', 'source', 'url', 'link', 'citation'],
  note: ['note', 'notes', 'comment', 'comments'],
};

const aliasIndex = new Map<string, PeopleField>();
for (const field of PEOPLE_FIELDS) for (const alias of PEOPLE_HEADER_ALIASES[field]) aliasIndex.set(looseKey(alias), field);

export interface PeopleHeaderMap {
  /** Column index (0-based) of each field present. */
  index: Partial<Record<PeopleField, number>>;
  columnCount: number;
  ignored: string[];
}

export function mapPeopleHeaders(file: string, cells: readonly string[]): { map: PeopleHeaderMap | null; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const index: Partial<Record<PeopleField, number>> = {};
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    const field = aliasIndex.get(headerKey(cell, (key) => aliasIndex.has(key)));
    if (!field) {
      if (cell.trim() !== '') ignored.push(cell.trim());
      return;
    }
    const taken = claimColumn(file, cells, index, field, i);
    if (taken) issues.push(taken);
  });
  const credit = creditSheetColumn(cells);
  if (credit !== undefined) {
    issues.push({
      file,
      line: 1,
      column: credit + 1,
      value: cells[credit] ?? '',
      message: `this looks like a credit sheet (column "${cells[credit]}" names roles), not a people sheet; import it with crewcount import`,
    });
  }
  const missing = PEOPLE_REQUIRED.filter((f) => index[f] === undefined);
  if (missing.length > 0) issues.push(missingColumnsIssue(file, cells, missing, '; a people sheet has person,gender,gender_source,source_url,note', ''));
  return { map: issues.length > 0 ? null : { index, columnCount: cells.length, ignored }, issues };
}

/**
 * A column that only a credit sheet has: a long sheet's role column or a
 * wide sheet's "Directed by". Read as a people sheet, a credit sheet would
 * set genders without saying so, so it is refused.
 */
function creditSheetColumn(cells: readonly string[]): number | undefined {
  const roleAliases = new Set(HEADER_ALIASES.role.map(looseKey));
  const i = cells.findIndex((c) => roleAliases.has(headerKey(c)) || parseRole(withoutFootnotes(c)) !== undefined);
  return i === -1 ? undefined : i;
}
