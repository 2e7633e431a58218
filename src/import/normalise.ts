/**
 * One parsed CSV record → one CreditRecord, or the issues that stop it.
 * Every cell's problems are collected (not only the first), each with its
 * line, column and value.
 */
import { parseGender, GENDER_SYNONYMS } from '../domain/genders.js';
import { FILM_EPISODE, FILM_SEASON, parseKind } from '../domain/kinds.js';
import { parseRole, ROLES } from '../domain/roles.js';
import { productionSlug } from '../domain/slugs.js';
import { cleanText, CONTROL, detached, identityKey, memoise } from '../domain/text.js';
import { nameTooLong, withoutFootnotes, writerPartOf } from './names.js';
import { readRoleHeader } from './role-headers.js';
import type { HeaderMap, Field, LayoutOptions } from './headers.js';
import type { CreditRecord, ImportIssue } from './types.js';
import { airDateParser, cleanName, ok, optionalText, parseOrdinal, parseReleaseYear, readPersonCell } from './values.js';

const ROLE_LIST = ROLES.join(', ');
const GENDER_LIST = Object.entries(GENDER_SYNONYMS)
  .map(([g, spellings]) => `${g} (${spellings.filter((s) => s !== '').join('/')})`)
  .join('; ');

const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

/**
 * Control characters (NUL and the like) are invisible in every view and
 * PostgreSQL text cannot hold NUL: a cell holding one is an error, named by
 * code point so the message itself stays printable.
 */
export function describeControl(value: string, what: string): { value: string; message: string } {
  const control = CONTROL.exec(value);
  const code = control ? `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : '';
  return { value: value.replace(CONTROL_ALL, '?'), message: `${what} contains the control character ${code}; remove it` };
}

/** A record with more or fewer fields than the header. */
export function raggedRow(file: string, line: number, cells: readonly string[], columnCount: number): ImportIssue {
  return {
    file,
    line,
    column: Math.min(cells.length, columnCount) + 1,
    value: cells.join(','),
    message: `row has ${cells.length} field${cells.length === 1 ? '' : 's'} but the header has ${columnCount}`,
  };
}

/** Whether any cell holds a control character (a loop: this runs for every row). */
function hasControl(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (CONTROL.test(cells[i]!)) return true;
  return false;
}

export type NormaliseResult = { record: CreditRecord; issues?: undefined } | { record?: undefined; issues: ImportIssue[] };

/** One long-sheet row → a credit record, or what is wrong with it (see LongRowNormaliser, which reads a whole sheet's rows faster). */
export function normaliseRecord(file: string, line: number, cells: readonly string[], map: HeaderMap, layout: LayoutOptions = {}): NormaliseResult {
  return new LongRowNormaliser(file, map, layout).normalise(line, cells);
}

/** A role cell's role: matched as headers are, footnote marks dropped (`Written by[a]`). */
const roleOfCell = memoise((cell: string) => parseRole(withoutFootnotes(cell)));

/** A row that names no role, person, gender or credit note: an episode without credits. */
function isEpisodeAlone(roleCell: string, cell: (field: Field) => string | undefined): boolean {
  return (
    cleanText(roleCell) === '' &&
    cleanText(cell('person') ?? '') === '' &&
    cleanText(cell('gender') ?? '') === '' &&
    cleanText(cell('credit_note') ?? '') === ''
  );
}

/** Why a role cell names no role: empty, several roles ("Writer/Director"), or not a role CrewCount knows. */
function unknownRoleMessage(roleCell: string): string {
  if (roleCell.trim() === '') return `role is empty; expected one of ${ROLE_LIST}`;
  const joined = readRoleHeader(roleCell)?.roles;
  if (joined && joined.length > 1) {
    return `role "${roleCell}" names ${joined.length} roles (${joined.map((r) => r.role).join(', ')}); give each its own row, as a row is one credit`;
  }
  return `role "${roleCell}" is not known; expected one of ${ROLE_LIST} or a synonym from the README`;
}

/** The fields normaliseEpisodeFacts reads. */
const FACT_FIELDS: readonly Field[] = ['series', 'kind', 'air_date', 'season', 'episode', 'year', 'platform', 'episode_title', 'source'];
const EMPTY_PERSON = 'person is empty; every credit needs a name';

/**
 * normaliseRecord for the rows of one long sheet, in order. A sheet lists
 * an episode's credits together, so a row mostly repeats the production
 * and episode cells of the row above: their facts are reused when the
 * cells are the same strings. normaliseEpisodeFacts is a pure function of
 * those cells (and of the header map and layout, fixed here), so the
 * result is the same as normalising each row afresh; only facts without
 * problems are kept, so every problem is still reported at its own row.
 */
export class LongRowNormaliser {
  private readonly factColumns: number[];
  private lastFactCells: string[] = [];
  private lastFacts: EpisodeFacts | null = null;

  constructor(
    private readonly file: string,
    private readonly map: HeaderMap,
    private readonly layout: LayoutOptions = {},
  ) {
    this.factColumns = FACT_FIELDS.map((f) => map.index[f]).filter((i): i is number => i !== undefined);
  }

  /**
   * `mayHoldControls`: false when the reader has seen no control character
   * in the text so far (SheetFacts.hasControlChars), which spares the check
   * of every cell of every row.
   */
  normalise(line: number, cells: readonly string[], mayHoldControls = true): NormaliseResult {
    const { file, map } = this;
    const issues: ImportIssue[] = [];
    const cell = (field: Field): string | undefined => {
      const i = map.index[field];
      return i === undefined ? undefined : (cells[i] ?? '');
    };
    const report = (field: Field, value: string, message: string): void => {
      issues.push({ file, line, column: (map.index[field] ?? -1) + 1, value, message });
    };

    if (cells.length !== map.columnCount) return { issues: [raggedRow(file, line, cells, map.columnCount)] };

    if (mayHoldControls && hasControl(cells)) {
      for (const field of Object.keys(map.index) as Field[]) {
        const value = cell(field) ?? '';
        if (!CONTROL.test(value)) continue;
        const found = describeControl(value, field);
        report(field, found.value, found.message);
      }
      if (issues.length > 0) return { issues };
    }

    const facts = this.episodeFacts(cells, report);

    const roleCell = cell('role') ?? '';
    if (facts && isEpisodeAlone(roleCell, cell)) {
      // No role, person or gender: the episode alone (the credits export writes an episode without credits so; coverage counts it).
      return { record: { line, ...facts, role: null, person: '', personKey: '', gender: 'unknown', creditNote: null } };
    }
    const role = roleOfCell(roleCell);
    if (!role) report('role', roleCell, unknownRoleMessage(roleCell));

    const personCell = cell('person') ?? '';
    const { name: person, problem: personProblem } = readPersonCell(personCell, EMPTY_PERSON);
    if (personProblem) report('person', personCell, personProblem);

    const genderCell = cell('gender') ?? '';
    const gender = parseGender(genderCell);
    if (!gender) report('gender', genderCell, `gender "${genderCell}" is not known; expected ${GENDER_LIST}`);

    if (issues.length > 0 || !facts || !role || !gender) return { issues };
    return {
      record: {
        line,
        ...facts,
        role,
        person,
        personKey: identityKey(person),
        gender,
        creditNote: optionalText(cell('credit_note')) ?? (role === 'writer' ? writerPartOf(roleCell) : null),
      },
    };
  }

  /** normaliseEpisodeFacts, or the row above's facts when its cells for them are the same. */
  private episodeFacts(cells: readonly string[], report: Report): EpisodeFacts | null {
    const columns = this.factColumns;
    if (this.lastFacts) {
      let same = true;
      for (let k = 0; k < columns.length; k++) {
        if (cells[columns[k]!] !== this.lastFactCells[k]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastFacts;
    }
    const facts = normaliseEpisodeFacts(cells, this.map, this.layout, report);
    this.lastFacts = facts; // null (not kept) when the row has a problem
    if (facts) this.lastFactCells = columns.map((i) => detached(cells[i]!));
    return facts;
  }
}

/** What a row says about its production and episode: the part of a credit that long and wide sheets share. */
export type EpisodeFacts = Pick<
  CreditRecord,
  'series' | 'slug' | 'kind' | 'platform' | 'season' | 'episode' | 'releaseYear' | 'episodeTitle' | 'airDate' | 'source'
>;

type Report = (field: Field, value: string, message: string) => void;

/**
 * A row's production and episode, or null after reporting what is wrong.
 * --production and --season fill in blank or missing cells; a cell that
 * disagrees with them is an error. A film has no season or episode: its
 * credits go to FILM_SEASON/FILM_EPISODE and it needs a release year
 * (a year column, or the year of its release date).
 */
export function normaliseEpisodeFacts(cells: readonly string[], map: HeaderMap, layout: LayoutOptions, report: Report): EpisodeFacts | null {
  const cell = (field: Field): string | undefined => {
    const i = map.index[field];
    return i === undefined ? undefined : (cells[i] ?? '');
  };
  let valid = true;
  const fail = (field: Field, value: string, message: string): void => {
    valid = false;
    report(field, value, message);
  };

  const seriesCell = cell('series') ?? '';
  let series = cleanName(seriesCell);
  if (layout.production !== undefined) {
    const given = cleanName(layout.production);
    if (series === '') series = given;
    else if (productionSlug(series) !== productionSlug(given)) {
      fail('series', seriesCell, `series "${series}" differs from the production given for the whole file ("${given}")`);
    }
  }
  if (series === '') fail('series', seriesCell, 'series is empty; every credit needs its production');
  else if (map.seriesMaySeason === true && BARE_NUMBER.test(series)) {
    fail(
      'series',
      seriesCell,
      `series "${series}" is a bare number: in UK usage a "Series" column numbers seasons; give the show's title with --production and the column is read as the season (or, if "${series}" is the title, head the column "Show")`,
    );
  }
  const seriesTooLong = nameTooLong('series', series);
  if (seriesTooLong) fail('series', seriesCell.slice(0, 80), seriesTooLong);

  const kindCell = cell('kind') ?? '';
  let kind = layout.kind !== undefined && cleanText(kindCell) === '' ? layout.kind : parseKind(kindCell);
  if (!kind) fail('kind', kindCell, `kind "${kindCell}" is not known; expected tv or film`);
  else if (layout.kind !== undefined && kind !== layout.kind) {
    fail('kind', kindCell, `kind ${kind} differs from the kind given for the whole file (${layout.kind})`);
    kind = undefined;
  }
  // Which of season/episode a row needs depends on its kind: unknowable when the kind is in dispute.
  const kindDisputed = kind === undefined && layout.kind !== undefined;

  const airCell = cell('air_date') ?? '';
  const airDate = airDateParser(layout.dateOrder)(airCell); // reported below, in column order after season and episode

  const seasonCell = cell('season') ?? '';
  const episodeCell = cell('episode') ?? '';
  let season = FILM_SEASON;
  let episode = FILM_EPISODE;
  let releaseYear: number | null = null;
  if (kind === 'film') {
    if (cleanText(seasonCell) !== '') fail('season', seasonCell, 'a film has no seasons; leave season blank for a film');
    if (cleanText(episodeCell) !== '') fail('episode', episodeCell, 'a film has no episodes; leave episode blank for a film');
    const yearCell = cell('year') ?? '';
    const year = parseReleaseYear(yearCell);
    const dateYear = airDate.ok && airDate.value ? Number(airDate.value.slice(0, 4)) : null;
    if (!year.ok) fail('year', yearCell, year.message);
    else if (year.value !== null && dateYear !== null && year.value !== dateYear) {
      fail('year', yearCell, `release year ${year.value} disagrees with the release date ${airDate.ok ? airDate.value : ''}`);
    } else {
      releaseYear = year.value ?? dateYear;
      if (releaseYear === null && airDate.ok) {
        fail(map.index.year !== undefined ? 'year' : 'air_date', yearCell || airCell, 'a film needs its release year: give a year column or a release date');
      }
    }
  } else if (!kindDisputed) {
    // TV, or a kind not known (reported above): the row's other cells are still checked.
    const episodeValue = parseOrdinal(episodeCell, 'episode');
    // "S02E05" or "2x05" in the episode column: the season comes with it.
    const code = episodeValue.ok ? null : episodeCode(episodeCell);
    const seasonBlank = cleanText(seasonCell) === '';
    const seasonValue =
      seasonBlank && layout.season !== undefined ? ok(layout.season) : seasonBlank && code ? ok(code.season) : parseOrdinal(seasonCell, 'season');
    if (!seasonValue.ok) fail('season', seasonCell, map.seasonFromSeries === true ? `${seasonValue.message}${SERIES_AS_SEASON}` : seasonValue.message);
    else if (layout.season !== undefined && seasonValue.value !== layout.season) {
      fail('season', seasonCell, `season ${seasonValue.value} differs from the season given for the whole file (${layout.season})`);
    } else season = seasonValue.value;
    if (code) {
      if (seasonValue.ok && code.season !== seasonValue.value) {
        fail('episode', episodeCell, `episode "${episodeCell}" names season ${code.season} but the row is in season ${seasonValue.value}`);
      } else episode = code.episode;
    } else if (!episodeValue.ok) {
      // A wide sheet may number episodes overall only: wide.ts renumbers them.
      if (!(map.format === 'wide' && map.index.episode === undefined)) fail('episode', episodeCell, episodeValue.message);
    } else episode = episodeValue.value;
  }
  if (!airDate.ok) fail('air_date', airCell, airDate.message);
  if (!valid || !kind || !airDate.ok) return null;
  return {
    series,
    slug: productionSlug(series),
    kind,
    platform: optionalText(cell('platform')),
    season,
    episode,
    releaseYear,
    episodeTitle: unquoteTitle(optionalText(cell('episode_title'))),
    airDate: airDate.value,
    source: optionalText(cell('source')),
  };
}

const BARE_NUMBER = /^\d+$/;
const SERIES_AS_SEASON =
  ' (the column headed "Series" is read as the season, as UK sheets use the word, because a Programme column or --production names the show; head it "Show" if it holds the show\'s title)';

/**
 * Reference pages print episode titles in quotes ("Pilot"): the quotes are
 * not part of the title, in a wide sheet copied from such a page or a long
 * sheet typed from one (else the two would disagree on the title). Only a
 * title wholly inside one pair: "Kau", Part 1 and "A" and "B" stay as they are.
 */
function unquoteTitle(title: string | null): string | null {
  if (title === null || (title.charCodeAt(0) !== 0x22 && title.charCodeAt(0) !== 0x201c)) return title;
  const m = /^(?:"([^"]+)"|“([^“”]+)”)$/u.exec(title);
  return m ? (m[1] ?? m[2]!).trim() || title : title;
}

/** An episode written with its season, as "S02E05", "s2 e5" or "2x05". */
function episodeCode(cell: string): { season: number; episode: number } | null {
  const m = /^\s*(?:s(\d{1,4})\s*e|(\d{1,4})\s*x\s*)(\d{1,5})\s*$/i.exec(cell);
  return m ? { season: Number(m[1] ?? m[2]), episode: Number(m[3]) } : null;
}

/** A record whose every cell is blank (a spreadsheet's trailing rows): skipped, not an error. */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => cleanText(c) === '');
}
