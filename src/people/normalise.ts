/**
 * One people-sheet record → a person's gender record, or every problem in
 * it, each with its line, column and value.
 */
import { GENDER_SYNONYMS, parseGender } from '../domain/genders.js';
import { GENDER_SOURCES, parseGenderSource } from '../domain/gender-sources.js';
import { identityKey } from '../domain/text.js';
import { optionalText, readPersonCell } from '../import/values.js';
import type { ImportIssue } from '../import/types.js';
import type { PeopleField, PeopleHeaderMap } from './headers.js';
import type { PersonGenderRecord } from './types.js';

const GENDER_LIST = Object.entries(GENDER_SYNONYMS)
  .map(([g, spellings]) => `${g} (${spellings.filter((s) => s !== '').join('/')})`)
  .join('; ');
const SOURCE_LIST = `${GENDER_SOURCES.join(', ')} (blank: unknown)`;

// Tab, LF and CR are whitespace; every other C0 control and DEL is not text (as in credit sheets).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export type PersonResult = { record: PersonGenderRecord; issues?: undefined } | { record?: undefined; issues: ImportIssue[] };

export function normalisePersonRow(file: string, line: number, cells: readonly string[], map: PeopleHeaderMap): PersonResult {
  const issues: ImportIssue[] = [];
  const cell = (field: PeopleField): string => {
    const i = map.index[field];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const report = (field: PeopleField, value: string, message: string): void => {
    issues.push({ file, line, column: (map.index[field] ?? -1) + 1, value, message });
  };

  if (cells.length !== map.columnCount) {
    const plural = cells.length === 1 ? '' : 's';
    return {
      issues: [
        {
          file,
          line,
          column: Math.min(cells.length, map.columnCount) + 1,
          value: cells.join(','),
          message: `row has ${cells.length} field${plural} but the header has ${map.columnCount}`,
        },
      ],
    };
  }

  for (const field of Object.keys(map.index) as PeopleField[]) {
    const value = cell(field);
    const control = CONTROL.exec(value);
    if (!control) continue;
    const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    report(field, value.replace(CONTROL_ALL, '?'), `${field} contains the control character ${code}; remove it`);
  }
  if (issues.length > 0) return { issues };

  const personCell = cell('person');
  const { name, problem: personProblem } = readPersonCell(personCell, 'person is empty; every row names the person whose gender it records');
  if (personProblem) report('person', personCell, personProblem);

  const genderCell = cell('gender');
  const gender = parseGender(genderCell);
  if (!gender) report('gender', genderCell, `gender "${genderCell}" is not known; expected ${GENDER_LIST}`);

  const sourceCell = cell('gender_source');
  const source = parseGenderSource(sourceCell);
  if (!source) report('gender_source', sourceCell, `gender_source "${sourceCell}" is not known; expected ${SOURCE_LIST}`);

  // Evidence of a gender nobody recorded is a mistake in the sheet (a shifted column, a forgotten value), not data.
  if (gender === 'unknown' && source !== undefined && source !== 'unknown') {
    report('gender_source', sourceCell, `gender_source ${source} is given but the gender is unknown; give the gender the evidence shows, or leave gender_source blank`);
  }

  // A "Source" column is read as source_url: an evidence level there was meant for gender_source, and stored as a URL it would be lost.
  const urlCell = cell('source_url');
  const evidenceInUrl = parseGenderSource(urlCell);
  if (evidenceInUrl !== undefined && evidenceInUrl !== 'unknown' && !/[/.:]/.test(urlCell)) {
    report('source_url', urlCell, `source_url "${urlCell}" is an evidence level, not where the gender was read; put it in a gender_source column (a column headed "source" is read as source_url)`);
  }

  if (issues.length > 0 || !gender || !source) return { issues };
  return {
    record: {
      file,
      line,
      name,
      key: identityKey(name),
      gender,
      source,
      sourceUrl: optionalText(cell('source_url')),
      note: optionalText(cell('note')),
    },
  };
}
