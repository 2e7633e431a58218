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
import type { Role } from '../domain/roles.js';
import { looseKey, memoise } from '../domain/text.js';
import type { OfferedRecord } from './header-search.js';
import { withoutFootnotes } from './names.js';
import { isGenderHeader, readRoleHeader } from './role-headers.js';
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
  series: [
    'series',
    'show',
    'production',
    'programme',
    'program',
    'series title',
    'show title',
    'production title',
    'programme title',
    'program title',
    'title of the programme',
    'title of the program',
    'show name',
    'series name',
  ],
  // "Series number" and "Series no.": a season's number in UK usage, as "Series" is beside a Programme column (see seriesColumnIsSeason).
  season: ['season', 'season number', 'season no', 'season #', 'series number', 'series no'],
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

/**
 * Aliases that name their field only when no other column does. "Credited
 * as" is the name a person was credited under (IMDb's "as A. Lee"): beside a
 * name column it is that spelling, not a second person column, and is
 * ignored (listed); alone it is the only name the sheet gives.
 */
const FALLBACK_ALIASES: ReadonlySet<string> = new Set(['credited as'].map(looseKey));

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
  /**
   * The production column is headed "Series" and no column gives the season:
   * in UK usage such a column numbers seasons, so a cell holding a bare
   * number is refused rather than taken as a production's title.
   */
  seriesMaySeason?: boolean;
  /** The season column is headed "Series", read in its UK sense (see seriesColumnIsSeason). */
  seasonFromSeries?: boolean;
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

/**
 * long unless the header has a column of roles (`Directed by`, `Director 2`,
 * `Written and directed by`), or one that looks like a role it cannot read
 * (`Guest director`, `Regie`: the wide layout reports it at its cell), and no
 * role or person column of the long layout.
 */
export function detectFormat(cells: readonly string[]): SheetFormat {
  const fields = cells.map((c) => aliasIndex.get(headerKey(c)));
  if (fields.includes('role') || fields.includes('person')) return 'long';
  return cells.some((c, i) => fields[i] === undefined && !isGenderHeader(c) && readRoleHeader(c) !== undefined) ? 'wide' : 'long';
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
  /** The fields the header lacks, when that is its only problem (see preambleHint). */
  missing?: readonly string[];
}

const TITLE = 'title';
const SERIES = looseKey('series');
const NO = looseKey('no');
const NO_IN_SERIES = looseKey('no in series');

/**
 * Resolve a header row. "Title" means the episode title when the production
 * is known (a series column or --production) or the sheet numbers episodes,
 * else the production's title (a list of films, say).
 *
 * A column read only by dropping an aside in brackets ("Gender (w, m)"), or
 * by a fallback alias ("Credited as"), yields to a column that names the
 * field whole: beside "gender", "Gender (source)" is not a second gender
 * column (it is ignored and listed); two such columns of one field are an
 * error, as two whole ones are.
 */
export function mapHeaders(file: string, cells: readonly string[], layout: LayoutOptions = {}): HeaderResult {
  const format = layout.format === 'long' || layout.format === 'wide' ? layout.format : detectFormat(cells);
  const issues: ImportIssue[] = [];
  const index: Partial<Record<Field, number>> = {};
  const roleColumns: RoleColumn[] = [];
  /** [column, header] of the columns not read, listed in column order at the end. */
  const ignored: Array<[number, string]> = [];
  const ignore = (i: number): void => {
    const cell = (cells[i] ?? '').trim();
    if (cell !== '') ignored.push([i, cell]);
  };
  const titleColumns: number[] = [];
  /** Columns read by an aside or a fallback alias: they take their field only if no other column does. */
  const fallbacks: Array<{ i: number; field: Field }> = [];
  /** A long sheet's columns named like a role ("Directed by", "Guest director"), with why an unknown one is not a role. */
  const roleNamed: Array<{ i: number; problem?: string }> = [];
  const keys = cells.map((c) => headerKey(c));
  const fieldOf = columnFields(keys, layout);
  cells.forEach((cell, i) => {
    const key = keys[i]!;
    if (key === TITLE) {
      titleColumns.push(i);
      return;
    }
    let field = fieldOf(i);
    if (format === 'wide') {
      const read = field === undefined || field === 'role' ? readRoleHeader(cell) : undefined;
      if (read?.roles) {
        // "Written and directed by": one column per role, on the same cells.
        for (const r of read.roles) roleColumns.push({ index: i, role: r.role, note: r.note, header: cell.trim() });
        return;
      }
      if (field === 'gender' || (field === undefined && isGenderHeader(cell))) {
        issues.push(headerIssue(file, cells, i, genderInWideMessage(cell.trim())));
        return;
      }
      if (read?.problem) {
        issues.push(headerIssue(file, cells, i, read.problem));
        return;
      }
      if (field !== undefined && !WIDE_FIELDS.has(field)) field = undefined;
    }
    if (!field) {
      const read = format === 'long' && !isGenderHeader(cell) ? readRoleHeader(cell) : undefined;
      if (read) roleNamed.push({ i, ...(read.problem ? { problem: read.problem } : {}) });
      else ignore(i);
      return;
    }
    if (key !== looseKey(withoutFootnotes(cell)) || FALLBACK_ALIASES.has(key)) {
      fallbacks.push({ i, field });
      return;
    }
    const taken = claimColumn(file, cells, index, field, i);
    if (taken) issues.push(taken);
  });
  const claimedByFallback = new Set<Field>();
  for (const { i, field } of fallbacks) {
    if (index[field] !== undefined && !claimedByFallback.has(field)) {
      ignore(i); // a column names the field whole: this one is something else about it
      continue;
    }
    claimedByFallback.add(field);
    const taken = claimColumn(file, cells, index, field, i);
    if (taken) issues.push(taken);
  }
  for (const { i, problem } of roleNamed) {
    const cell = cells[i]!;
    if (index.role === undefined) ignore(i);
    else {
      // One credit per row, by its role column: a "Directed by" column's names would be dropped unseen.
      issues.push(
        headerIssue(
          file,
          cells,
          i,
          `column "${cell.trim()}" ${problem ? 'looks like a crew role' : 'names a role'}, but this sheet gives one credit per row (a role column): its names would be ignored; give each its own row, or remove the role and person columns to read the sheet as an episode table`,
        ),
      );
    }
  }
  // In a sheet with episode numbers, "Title" is the episode's, whatever else the sheet has: a missing series is reported.
  const episodesNumbered = index.episode !== undefined || index.episode_overall !== undefined;
  for (const i of titleColumns) {
    const field: Field = index.series === undefined && layout.production === undefined && !episodesNumbered ? 'series' : 'episode_title';
    if (index[field] === undefined) index[field] = i;
    else ignore(i);
  }
  const missing = missingFields(format, index, roleColumns, layout);
  if (missing.length > 0) {
    const hints = missingHints(cells, keys, format, index, missing, roleNamed, layout);
    issues.push(
      missingColumnsIssue(
        file,
        cells,
        missing.map((m) => m.label),
        format === 'wide' ? ' for a wide sheet (one row per episode)' : '',
        ` (see the alias table in the README)${hints}`,
      ),
    );
  }
  // Columns this sheet cannot use are listed, not dropped unseen: a TV sheet's year (CrewCount reads a film's
  // release year only, and a TV season's year from its air dates), and a long sheet's overall episode number.
  const mayBeFilm = index.kind !== undefined || layout.kind === 'film';
  if (index.year !== undefined && !mayBeFilm) {
    ignore(index.year);
    delete index.year;
  }
  if (format === 'long' && index.episode_overall !== undefined) {
    ignore(index.episode_overall);
    delete index.episode_overall;
  }
  if (issues.length > 0) {
    const onlyMissing = issues.length === 1 && missing.length > 0;
    return { map: null, issues, ...(onlyMissing ? { missing: missing.map((m) => m.field) } : {}) };
  }
  const seriesColumn = index.series;
  const seasonColumn = index.season;
  const map: HeaderMap = {
    format,
    index,
    roleColumns,
    columnCount: cells.length,
    ignored: ignored.sort((a, b) => a[0] - b[0]).map(([, cell]) => cell),
  };
  if (seriesColumn !== undefined && keys[seriesColumn] === SERIES && seasonColumn === undefined) map.seriesMaySeason = true;
  if (seasonColumn !== undefined && keys[seasonColumn] === SERIES) map.seasonFromSeries = true;
  return { map, issues };
}

function headerIssue(file: string, cells: readonly string[], i: number, message: string): ImportIssue {
  return { file, line: 1, column: i + 1, value: cells[i] ?? '', message };
}

function genderInWideMessage(header: string): string {
  return (
    `column "${header}" gives genders, which a wide sheet (one row per episode, several people per cell) cannot hold, and they would be lost: ` +
    "give each person's gender in a people sheet (crewcount import-people; person,gender,gender_source), or use the long layout (one row per credit, with a gender column)"
  );
}

/**
 * The field each column's key names, with the readings that depend on the
 * rest of the header: "No. in series" (see noInSeriesIsInSeason), "No."
 * beside another episode number column (the overall number: `No.,Ep.`),
 * and "Series" (see seriesColumnIsSeason).
 */
function columnFields(keys: readonly string[], layout: LayoutOptions): (i: number) => Field | undefined {
  const inSeason = noInSeriesIsInSeason(keys);
  const episodeKey = (k: string): boolean => (k === NO_IN_SERIES ? inSeason : aliasIndex.get(k) === 'episode');
  // "No." with "Ep." or "No. in season" beside it: reference tables number episodes overall under "No.".
  const noIsOverall = keys.includes(NO) && keys.some((k) => k !== NO && episodeKey(k));
  const seriesIsSeason = seriesColumnIsSeason(keys, layout);
  return (i) => {
    const key = keys[i]!;
    if (key === NO_IN_SERIES && inSeason) return 'episode';
    if (key === NO && noIsOverall) return 'episode_overall';
    if (key === SERIES && seriesIsSeason) return 'season';
    return aliasIndex.get(key);
  };
}

/**
 * Whether "No. in series" is the number within the series in the British
 * sense, a season: so when the sheet also numbers episodes overall, as UK
 * reference pages do ("No. overall", "No. in series"). Alone it is the
 * number in the whole series, the American sense.
 */
function noInSeriesIsInSeason(keys: readonly string[]): boolean {
  return keys.includes(NO_IN_SERIES) && keys.some((k) => k !== NO_IN_SERIES && aliasIndex.get(k) === 'episode_overall');
}

/**
 * Whether a column headed "Series" is the season, as in UK usage ("Series
 * 2" of a programme): so when no column is headed as a season and the show
 * is named otherwise, by another column (Programme, Show, Production...) or
 * by --production. Else it is the show, the common US (and Wikipedia) sense.
 */
function seriesColumnIsSeason(keys: readonly string[], layout: LayoutOptions): boolean {
  if (!keys.includes(SERIES) || keys.some((k) => aliasIndex.get(k) === 'season')) return false;
  return layout.production !== undefined || keys.some((k) => k !== SERIES && aliasIndex.get(k) === 'series');
}

interface Missing {
  field: Field | 'role columns';
  label: string;
}

/** The columns a sheet of this layout lacks, given what the options supply. */
function missingFields(format: SheetFormat, index: HeaderMap['index'], roleColumns: readonly RoleColumn[], layout: LayoutOptions): Missing[] {
  const has = (f: Field): boolean => index[f] !== undefined;
  // With a kind column any row may be a film, which has no season or episode.
  const mayBeFilm = has('kind') || layout.kind === 'film';
  const missing: Missing[] = [];
  if (!has('series') && layout.production === undefined) missing.push({ field: 'series', label: 'series (or --production)' });
  if (!has('season') && layout.season === undefined && !mayBeFilm) missing.push({ field: 'season', label: 'season (or --season)' });
  if (format === 'long') {
    if (!has('episode') && !mayBeFilm) missing.push({ field: 'episode', label: 'episode' });
    if (!has('role')) missing.push({ field: 'role', label: 'role' });
    if (!has('person')) missing.push({ field: 'person', label: 'person' });
  } else {
    if (!has('episode') && !has('episode_overall') && !mayBeFilm) missing.push({ field: 'episode', label: 'episode (No. in season or No. overall)' });
    if (roleColumns.length === 0) missing.push({ field: 'role columns', label: 'a role column such as "Directed by"' });
  }
  return missing;
}

/** What may explain the missing columns: a table of films, UK "Series", role columns not understood. */
function missingHints(
  cells: readonly string[],
  keys: readonly string[],
  format: SheetFormat,
  index: HeaderMap['index'],
  missing: readonly Missing[],
  roleNamed: ReadonlyArray<{ i: number; problem?: string }>,
  layout: LayoutOptions,
): string {
  const hints: string[] = [];
  const lacks = (f: Missing['field']): boolean => missing.some((m) => m.field === f);
  if (lacks('season') && lacks('episode') && (index.year !== undefined || index.air_date !== undefined) && layout.kind === undefined) {
    hints.push('if the rows are films (no seasons or episodes), say so with --kind film (upload: kind=film)');
  }
  if (lacks('season') && index.series !== undefined && keys[index.series] === SERIES) {
    hints.push(`if "${cells[index.series]!.trim()}" numbers seasons, as UK sheets write it, give the show's title with --production and it is read as the season`);
  }
  if (format === 'long' && (lacks('role') || lacks('person')) && roleNamed.length > 0) {
    const named = roleNamed.map(({ i }) => `"${cells[i]!.trim()}"`).join(', ');
    const unknown = roleNamed.filter((r) => r.problem).map(({ i }) => `"${cells[i]!.trim()}"`);
    hints.push(
      `${named} look${roleNamed.length === 1 ? 's' : ''} like ${roleNamed.length === 1 ? 'a role column' : 'role columns'} of an episode table, which has no role or person column` +
        (unknown.length > 0 ? ` (${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a role CrewCount reads)` : ''),
    );
  }
  return hints.map((h) => `; ${h}`).join('');
}

/**
 * The hint for a credit sheet whose header was not found (HeaderSearch's
 * `explain`): a record below the first that would be a clean header but
 * for a series or season column, which options can give. A sheet that
 * notes them above its header ("Show:,Harbour Lights" then "Season:,2", a
 * key-value preamble) gets the options spelled out with those values.
 */
export function preambleHint(file: string, offered: ReadonlyArray<OfferedRecord<HeaderMap>>): ImportIssue[] {
  const k = offered.findIndex((o, n) => n > 0 && o.missing !== undefined && o.missing.length > 0 && o.missing.every((f) => f === 'series' || f === 'season'));
  if (k === -1) return [];
  const near = offered[k]!;
  const given: Partial<Record<'series' | 'season', string>> = {};
  const notes: string[] = [];
  for (const { cells } of offered.slice(0, k)) {
    let filled = cells.map((c) => c.trim()).filter((c) => c !== '');
    // "Season: 2" in one cell, or "Season:" and "2" in two.
    if (filled.length === 1 && filled[0]!.includes(':')) filled = filled[0]!.split(/:\s*(.*)/su, 2).map((c) => c.trim());
    if (filled.length !== 2 || filled[1] === '') continue;
    const field = aliasIndex.get(headerKey(filled[0]!));
    if ((field === 'series' || field === 'season') && given[field] === undefined) {
      given[field] = filled[1]!;
      notes.push(`${filled[0]!.replace(/:?$/, ':')} ${filled[1]}`);
    }
  }
  const options = near.missing!.map((f) =>
    f === 'series' ? `--production ${given.series !== undefined ? JSON.stringify(given.series) : 'TITLE'}` : `--season ${given.season ?? 'N'}`,
  );
  const lacking = near.missing!.join(' or ');
  return [
    {
      file,
      line: near.line,
      column: 0,
      value: near.cells.join(','),
      message:
        `line ${near.line} looks like the header, but it has no ${lacking} column` +
        (notes.length > 0 ? `; the lines above it give ${notes.map((n) => `"${n}"`).join(' and ')}` : '') +
        `: import with ${options.join(' ')} (upload: ${near.missing!.map((f) => (f === 'series' ? 'production' : 'season')).join(', ')}), and the lines above the header are skipped`,
    },
  ];
}

/**
 * Whether a cell is a column name CrewCount reads (a field, "Title", a
 * role): how a header row repeated among the data rows is recognised (see
 * credit-batches). Memoised: a sheet repeats its few headers.
 */
export const isHeaderName: (cell: string) => boolean = memoise((cell) => {
  const key = headerKey(cell);
  return key !== '' && (isCreditSheetKey(key) || readRoleHeader(cell)?.roles !== undefined);
});
