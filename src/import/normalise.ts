/**
 * One parsed CSV record → one CreditRecord, or the issues that stop it.
 * Every cell's problems are collected (not only the first), each with its
 * line, column and value.
 */
import { parseGender, GENDER_SYNONYMS } from '../domain/genders.js';
import { parseKind } from '../domain/kinds.js';
import { parseRole, ROLES } from '../domain/roles.js';
import { cleanText, identityKey } from '../domain/text.js';
import type { HeaderMap, Field } from './headers.js';
import type { CreditRecord, ImportIssue } from './types.js';
import { cleanName, optionalText, parseAirDate, parseOrdinal, productionSlug } from './values.js';

const ROLE_LIST = ROLES.join(', ');
const GENDER_LIST = Object.entries(GENDER_SYNONYMS)
  .map(([g, spellings]) => `${g} (${spellings.filter((s) => s !== '').join('/')})`)
  .join('; ');

// Tab, LF and CR are whitespace (collapsed into spaces); every other C0 control and DEL is not text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export type NormaliseResult = { record: CreditRecord; issues?: undefined } | { record?: undefined; issues: ImportIssue[] };

export function normaliseRecord(file: string, line: number, cells: readonly string[], map: HeaderMap): NormaliseResult {
  const issues: ImportIssue[] = [];
  const cell = (field: Field): string | undefined => {
    const i = map.index[field];
    return i === undefined ? undefined : (cells[i] ?? '');
  };
  const report = (field: Field, value: string, message: string): void => {
    issues.push({ file, line, column: (map.index[field] ?? -1) + 1, value, message });
  };

  if (cells.length !== map.columnCount) {
    return {
      issues: [
        {
          file,
          line,
          column: Math.min(cells.length, map.columnCount) + 1,
          value: cells.join(','),
          message: `row has ${cells.length} field${cells.length === 1 ? '' : 's'} but the header has ${map.columnCount}`,
        },
      ],
    };
  }

  // Control characters (NUL and the like) are invisible in every view and PostgreSQL text cannot hold
  // NUL: a cell holding one is an error, named by code point so the message itself stays printable.
  if (cells.some((c) => CONTROL.test(c))) {
    for (const field of Object.keys(map.index) as Field[]) {
      const value = cell(field) ?? '';
      const control = CONTROL.exec(value);
      if (!control) continue;
      const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      report(field, value.replace(CONTROL_ALL, '?'), `${field} contains the control character ${code}; remove it`);
    }
    if (issues.length > 0) return { issues };
  }

  const seriesCell = cell('series') ?? '';
  const series = cleanName(seriesCell);
  if (series === '') report('series', seriesCell, 'series is empty; every credit needs its production');

  const kindCell = cell('kind') ?? '';
  const kind = parseKind(kindCell);
  if (!kind) report('kind', kindCell, `kind "${kindCell}" is not known; expected tv or film`);

  const seasonCell = cell('season') ?? '';
  const season = parseOrdinal(seasonCell, 'season');
  if (!season.ok) report('season', seasonCell, season.message);

  const episodeCell = cell('episode') ?? '';
  const episode = parseOrdinal(episodeCell, 'episode');
  if (!episode.ok) report('episode', episodeCell, episode.message);

  const airCell = cell('air_date') ?? '';
  const airDate = parseAirDate(airCell);
  if (!airDate.ok) report('air_date', airCell, airDate.message);

  const roleCell = cell('role') ?? '';
  const role = parseRole(roleCell);
  if (!role) {
    report(
      'role',
      roleCell,
      roleCell.trim() === '' ? `role is empty; expected one of ${ROLE_LIST}` : `role "${roleCell}" is not known; expected one of ${ROLE_LIST} or a synonym from the README`,
    );
  }

  const personCell = cell('person') ?? '';
  const person = cleanName(personCell);
  if (person === '') report('person', personCell, 'person is empty; every credit needs a name');

  const genderCell = cell('gender') ?? '';
  const gender = parseGender(genderCell);
  if (!gender) report('gender', genderCell, `gender "${genderCell}" is not known; expected ${GENDER_LIST}`);

  if (issues.length > 0 || !kind || !season.ok || !episode.ok || !airDate.ok || !role || !gender) return { issues };
  return {
    record: {
      line,
      series,
      slug: productionSlug(series),
      kind,
      platform: optionalText(cell('platform')),
      season: season.value,
      episode: episode.value,
      episodeTitle: optionalText(cell('episode_title')),
      airDate: airDate.value,
      role,
      person,
      personKey: identityKey(person),
      gender,
      creditNote: optionalText(cell('credit_note')),
      source: optionalText(cell('source')),
    },
  };
}

/** A record whose every cell is blank (a spreadsheet's trailing rows): skipped, not an error. */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((c) => cleanText(c) === '');
}
