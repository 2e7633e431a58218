/**
 * Map a sheet's header row to CrewCount's canonical fields. Headers are
 * compared with looseKey (case, spaces, underscores and punctuation ignored)
 * against the alias table below, which the README documents.
 *
 * The header also tells the layout: a long sheet has role and person
 * columns (one row per credit); a wide sheet has a column per role
 * ("Directed by", "Written by", ...) and one row per episode (see wide.ts).
 */
import type { Kind } from '../domain/kinds.js';
import { parseRole, type Role } from '../domain/roles.js';
import { looseKey } from '../domain/text.js';
import { withoutFootnotes, writerPartOf } from './names.js';
import type { DateOrder } from './values.js';
import type { ImportIssue, SheetFormat } from './types.js';

export const FIELDS = [
  'series',
  'season',
  'episode',
  'episode_title',
  'air_date',
  'role',
  'person',
  'gender',
  'kind',
  'credit_note',
  'source',
  'platform',
  'year',
  'episode_overall',
] as const;
export type Field = (typeof FIELDS)[number];

/**
 * Columns a long sheet must have. Series may instead come from --production
 * and season from --season; season and episode may be missing when the sheet
 * has a kind column (a film has neither).
 */
export const REQUIRED_FIELDS: readonly Field[] = ['series', 'season', 'episode', 'role', 'person'];

export const HEADER_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  series: ['series', 'show', 'production', 'programme', 'program', 'series title', 'show title', 'production title'],
  season: ['season', 'season number', 'season no', 'season #', 'series number'],
  episode: ['episode', 'ep', 'episode number', 'episode no', 'ep no', 'no in season', 'episode #', 'ep #', 'no', 'number in season', 'episode in season'],
  episode_title: ['episode title', 'episode name'],
  air_date: ['air date', 'original air date', 'release date', 'aired', 'original release date', 'first aired', 'airdate'],
  role: ['role', 'job', 'credit', 'position', 'crew role'],
  person: ['person', 'name', 'crew member', 'credited as', 'person name', 'full name'],
  gender: ['gender', 'gender identity', 'sex'],
  kind: ['kind', 'medium', 'type'],
  credit_note: ['credit note', 'note', 'notes', 'comment', 'comments'],
  source: ['source', 'source url', 'citation', 'reference'],
  platform: ['platform', 'network', 'channel', 'streamer', 'broadcaster'],
  year: ['year', 'release year', 'year of release', 'film year'],
  episode_overall: ['no overall', 'overall', 'overall no', 'overall number', 'episode overall', 'series episode number', 'no in series'],
};

const aliasIndex = new Map<string, Field>();
for (const field of FIELDS) {
  for (const alias of HEADER_ALIASES[field]) aliasIndex.set(looseKey(alias), field);
}

/** A wide sheet's column of one role. */
export interface RoleColumn {
  index: number;
  role: Role;
  /** The credit note its credits carry: "Teleplay by" for a Teleplay by column, else null. */
  note: string | null;
  header: string;
}

export interface HeaderMap {
  format: SheetFormat;
  /** Column index (0-based) of each field present. */
  index: Partial<Record<Field, number>>;
  /** Wide sheets: the role columns, in sheet order. */
  roleColumns: RoleColumn[];
  columnCount: number;
  ignored: string[];
}

/** What the import was told about the sheet's layout (CLI flags, upload parameters). */
export interface LayoutOptions {
  format?: SheetFormat | 'auto';
  /** Season for rows that do not give one. */
  season?: number;
  /** Production title for rows that do not give one. */
  production?: string;
  /** Kind (tv or film) for rows that do not give one. */
  kind?: Kind;
  /** How the sheet writes numeric dates such as 3/8/2018; unset: only unambiguous ones are read. */
  dateOrder?: DateOrder;
}

/** Fields a wide sheet reads; the others (role, person, gender...) have no meaning there. */
const WIDE_FIELDS: ReadonlySet<Field> = new Set<Field>([
  'series',
  'season',
  'episode',
  'episode_overall',
  'episode_title',
  'air_date',
  'kind',
  'platform',
  'source',
  'year',
]);

/** The role a header names as a wide sheet's column, and the credit note it implies. */
function roleColumn(cell: string, index: number): RoleColumn | undefined {
  const role = parseRole(cell);
  if (!role) return undefined;
  return { index, role, note: role === 'writer' ? writerPartOf(cell) : null, header: cell.trim() };
}

/**
 * Give column `i` to `field` in `index`, or the issue when an earlier column
 * already means that field (both named). Shared with the people sheet's headers.
 */
export function claimColumn<F extends string>(file: string, cells: readonly string[], index: Partial<Record<F, number>>, field: F, i: number): ImportIssue | null {
  const earlier = index[field];
  if (earlier === undefined) {
    index[field] = i;
    return null;
  }
  const cell = cells[i] ?? '';
  return {
    file,
    line: 1,
    column: i + 1,
    value: cell,
    message: `header "${cell}" means ${field}, which column ${earlier + 1} ("${cells[earlier]}") already gives`,
  };
}

/**
 * The header's issue when columns are missing: which ones (`context` after
 * them), then the header as read (`hint` after it). Shared with the people
 * sheet's headers.
 */
export function missingColumnsIssue(file: string, cells: readonly string[], missing: readonly string[], context: string, hint: string): ImportIssue {
  return {
    file,
    line: 1,
    column: 0,
    value: cells.join(','),
    message: `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${context}; the header has ${cells.map((c) => `"${c}"`).join(', ')}${hint}`,
  };
}

/** long unless the header has role columns and no role column of the long layout. */
export function detectFormat(cells: readonly string[]): SheetFormat {
  const fields = cells.map((c) => aliasIndex.get(headerKey(c)));
  if (fields.includes('role') || fields.includes('person')) return 'long';
  return cells.some((c, i) => fields[i] === undefined && parseRole(withoutFootnotes(c)) !== undefined) ? 'wide' : 'long';
}

/**
 * A header cell's key for matching: looseKey without footnote marks, which
 * reference pages put on headers as on cells ("Written by[a]", "Original
 * air date[1]"); with them the column would be ignored. When the key is not
 * `known`, the key without an aside in brackets, if that is: "Gender (w, m,
 * nb)" is the gender column, and ignoring it would make every gender unknown.
 */
export function headerKey(cell: string, known: (key: string) => boolean = isCreditSheetKey): string {
  const key = looseKey(withoutFootnotes(cell));
  if (known(key) || !cell.includes('(')) return key;
  const bare = looseKey(withoutFootnotes(cell.replace(ASIDE, ' ')));
  return bare !== '' && known(bare) ? bare : key;
}
const ASIDE = /\([^()]*\)/g;
const isCreditSheetKey = (key: string): boolean => aliasIndex.has(key) || key === 'title';

export interface HeaderResult {
  map: HeaderMap | null;
  issues: ImportIssue[];
}

/**
 * Resolve a header row. "Title" means the episode title when the production
 * is known (a series column or --production) or the sheet numbers episodes,
 * else the production's title (a list of films, say).
 */
export function mapHeaders(file: string, cells: readonly string[], layout: LayoutOptions = {}): HeaderResult {
  const format = layout.format === 'long' || layout.format === 'wide' ? layout.format : detectFormat(cells);
  const issues: ImportIssue[] = [];
  const index: Partial<Record<Field, number>> = {};
  const roleColumns: RoleColumn[] = [];
  const ignored: string[] = [];
  const titleColumns: number[] = [];
  /** A long sheet's columns named like a role ("Directed by"). */
  const roleNamed: number[] = [];
  const inSeason = noInSeriesIsInSeason(cells);
  cells.forEach((cell, i) => {
    const key = headerKey(cell);
    if (key === 'title') {
      titleColumns.push(i);
      return;
    }
    let field = key === NO_IN_SERIES && inSeason ? 'episode' : aliasIndex.get(key);
    if (format === 'wide') {
      const column = field === undefined || field === 'role' ? roleColumn(withoutFootnotes(cell), i) : undefined;
      if (column) {
        roleColumns.push(column);
        return;
      }
      if (field !== undefined && !WIDE_FIELDS.has(field)) field = undefined;
    }
    if (!field) {
      if (format === 'long' && parseRole(withoutFootnotes(cell)) !== undefined) roleNamed.push(i);
      else if (cell.trim() !== '') ignored.push(cell.trim());
      return;
    }
    const taken = claimColumn(file, cells, index, field, i);
    if (taken) issues.push(taken);
  });
  for (const i of roleNamed) {
    const cell = cells[i]!;
    if (index.role === undefined) ignored.push(cell.trim());
    else {
      // One credit per row, by its role column: a "Directed by" column's names would be dropped unseen.
      issues.push({
        file,
        line: 1,
        column: i + 1,
        value: cell,
        message: `column "${cell.trim()}" names a role, but this sheet gives one credit per row (a role column): its names would be ignored; give each its own row, or remove the role and person columns to read the sheet as an episode table`,
      });
    }
  }
  // In a sheet with episode numbers, "Title" is the episode's, whatever else the sheet has: a missing series is reported.
  const episodesNumbered = index.episode !== undefined || index.episode_overall !== undefined;
  for (const i of titleColumns) {
    const field: Field = index.series === undefined && layout.production === undefined && !episodesNumbered ? 'series' : 'episode_title';
    if (index[field] === undefined) index[field] = i;
    else ignored.push(cells[i] ?? '');
  }
  const missing = missingFields(format, index, roleColumns, layout);
  if (missing.length > 0) {
    issues.push(
      missingColumnsIssue(file, cells, missing, format === 'wide' ? ' for a wide sheet (one row per episode)' : '', ' (see the alias table in the README)'),
    );
  }
  return { map: issues.length > 0 ? null : { format, index, roleColumns, columnCount: cells.length, ignored }, issues };
}

const NO_IN_SERIES = looseKey('no in series');

/**
 * Whether "No. in series" is the number within the series in the British
 * sense, a season: so when the sheet also numbers episodes overall, as UK
 * reference pages do ("No. overall", "No. in series"). Alone it is the
 * number in the whole series, the American sense.
 */
function noInSeriesIsInSeason(cells: readonly string[]): boolean {
  const keys = cells.map((c) => headerKey(c));
  return keys.includes(NO_IN_SERIES) && keys.some((k) => k !== NO_IN_SERIES && aliasIndex.get(k) === 'episode_overall');
}

/** The columns a sheet of this layout lacks, given what the options supply. */
function missingFields(format: SheetFormat, index: HeaderMap['index'], roleColumns: readonly RoleColumn[], layout: LayoutOptions): string[] {
  const has = (f: Field): boolean => index[f] !== undefined;
  // With a kind column any row may be a film, which has no season or episode.
  const mayBeFilm = has('kind') || layout.kind === 'film';
  const missing: string[] = [];
  if (!has('series') && layout.production === undefined) missing.push('series (or --production)');
  if (!has('season') && layout.season === undefined && !mayBeFilm) missing.push('season (or --season)');
  if (format === 'long') {
    if (!has('episode') && !mayBeFilm) missing.push('episode');
    if (!has('role')) missing.push('role');
    if (!has('person')) missing.push('person');
  } else {
    if (!has('episode') && !has('episode_overall') && !mayBeFilm) missing.push('episode (No. in season or No. overall)');
    if (roleColumns.length === 0) missing.push('a role column such as "Directed by"');
  }
  return missing;
}
