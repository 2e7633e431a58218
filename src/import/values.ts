/**
 * Parsers for single cells. Each returns the normalised value or an error
 * message that names what was expected; none of them throws.
 */
import { MAX_RELEASE_YEAR, MIN_RELEASE_YEAR } from '../domain/kinds.js';
import { cleanText, decodeHtmlEntities, memoise } from '../domain/text.js';
import { isPlaceholderName, isPlainName, personCellProblem, placeProblem, withoutFootnotes } from './names.js';
import { tidyName, withLineBreakTags, withoutNameFootnotes, withoutPostNominals } from './name-marks.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/**
 * Season and episode numbers: whole numbers, tolerating what spreadsheets and
 * reference pages write around them ("01", "3.0", "S02", "Series 2" as
 * British listings say, "Ep 5", "No. 5", "#5"; "3,0" or
 * "3,00" from a spreadsheet on a locale with decimal commas, but not "1,000",
 * which in English is a thousand).
 */
export function parseOrdinal(cell: string, what: 'season' | 'episode'): Parsed<number> {
  // Fast path: most cells are a plain number of one to six digits.
  const plain = plainDigits(cell);
  if (plain >= 0) return ok(plain);
  const m = /^\s*(?:s|season|series|e|ep|episode|no|#)?\s*\.?\s*(\d{1,6})(?:\.0+|,00?)?\s*$/i.exec(cell);
  if (!m) {
    return fail(
      cell.trim() === ''
        ? `${what} number is empty; expected a whole number such as 1`
        : `${what} number "${cell}" is not a whole number; expected e.g. 1, 01 or ${what === 'season' ? 'S01' : 'E01'}`,
    );
  }
  return ok(Number(m[1]));
}

/** The value of one to six ASCII digits and nothing else, or -1. */
function plainDigits(cell: string): number {
  const n = cell.length;
  if (n === 0 || n > 6) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = cell.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS = new Map<string, number>(
  MONTH_NAMES.map((name) => name.toLowerCase()).flatMap(
    (name, i) => [
      [name, i + 1],
      [name.slice(0, 3), i + 1],
    ],
  ),
);
MONTHS.set('sept', 9);

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** How a sheet writes numeric dates: month first (US, 3/8/2018 = March 8) or day first (8/3/2018 = 8 March). */
export const DATE_ORDERS = ['mdy', 'dmy'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/**
 * Air dates become ISO 8601 (YYYY-MM-DD). Accepted: ISO (also with / or .),
 * "November 20, 2015", "20 November 2015", a reference page's
 * "November 20, 2015 (2015-11-20)", and day/month/year or month/day/year:
 * with the sheet's date order when it is given (--date-order), else only
 * when the day is above 12. An ambiguous 03/04/2017 is an error, never a guess.
 */
export function airDateParser(order?: DateOrder): (cell: string) => Parsed<string | null> {
  return order === undefined ? parseAirDate : order === 'mdy' ? parseAirDateMdy : parseAirDateDmy;
}

export const parseAirDate: (cell: string) => Parsed<string | null> = memoise((cell) => parseAirDateUncached(cell, undefined));
const parseAirDateMdy = memoise((cell) => parseAirDateUncached(cell, 'mdy'));
const parseAirDateDmy = memoise((cell) => parseAirDateUncached(cell, 'dmy'));

function parseAirDateUncached(cell: string, order: DateOrder | undefined): Parsed<string | null> {
  const text = cleanText(withoutFootnotes(cell)); // a reference page's "March 2, 2015[1]"
  if (text === '' || isPlaceholderName(text)) return ok(null); // TBA, TBD, N/A, a dash: no date yet
  // A reference page's "March 2, 2015 (2015-03-02)": the ISO date in brackets, which must be the date beside it.
  const bracketed = /\((\d{4})-(\d{2})-(\d{2})\)/.exec(text);
  if (bracketed) {
    const iso = isoDate(Number(bracketed[1]), Number(bracketed[2]), Number(bracketed[3]));
    const beside = cleanText(text.replace(bracketed[0], ' '));
    const other = beside === '' ? null : readDate(beside, order);
    if (iso && other?.ok && other.value !== null && other.value !== iso) {
      return fail(`air date "${cell}" gives two different dates, ${other.value} and ${iso}; keep the right one`);
    }
    return checked(cell, iso ? ok(iso) : fail(`air date "${cell}" is not a valid calendar date`), bracketed.slice(1, 4));
  }
  return readDate(text, order, cell);
}

/** An air date written one way (see parseAirDateUncached), checked for a plausible year; messages name `cell`. */
function readDate(text: string, order: DateOrder | undefined, cell = text): Parsed<string | null> {
  const orInvalid = (iso: string | null, written: readonly string[]): Parsed<string | null> =>
    checked(cell, iso ? ok(iso) : fail(`air date "${cell}" is not a valid calendar date`), written);
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(text);
  if (m) return orInvalid(isoDate(Number(m[1]), Number(m[2]), Number(m[3])), [m[1]!, m[2]!, m[3]!]);
  m = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
  if (m && MONTHS.has(m[1]!.toLowerCase())) {
    const month = MONTHS.get(m[1]!.toLowerCase())!;
    return orInvalid(isoDate(Number(m[3]), month, Number(m[2])), [m[3]!, String(month), m[2]!]);
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(text);
  if (m && MONTHS.has(m[2]!.toLowerCase())) {
    const month = MONTHS.get(m[2]!.toLowerCase())!;
    return orInvalid(isoDate(Number(m[3]), month, Number(m[1])), [m[3]!, String(month), m[1]!]);
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (order !== undefined) {
      const [month, day] = order === 'mdy' ? [a, b] : [b, a];
      const iso = isoDate(y, month, day);
      if (iso) return checked(cell, ok(iso), [m[3]!, String(month), String(day)]);
      const written = order === 'mdy' ? 'month/day/year' : 'day/month/year';
      return checked(cell, fail(`air date "${cell}" is not a valid ${written} date (the date order given for the sheet is ${order})`), [m[3]!, String(month), String(day)]);
    }
    if (a > 12 && b <= 12) return orInvalid(isoDate(y, b, a), [m[3]!, String(b), String(a)]);
    if (b > 12 && a <= 12) return orInvalid(isoDate(y, a, b), [m[3]!, String(a), String(b)]);
    if (a === b) return orInvalid(isoDate(y, a, b), [m[3]!, String(a), String(b)]);
    return fail(
      `air date "${cell}" is ambiguous (day/month or month/day?); write it as YYYY-MM-DD, or give the sheet's date order: ` +
        `mdy if it means ${monthName(a)} ${b}, dmy if it means ${a} ${monthName(b)}`,
    );
  }
  if (/^\d{5}(?:\.\d+)?$/.test(text)) {
    return fail(`air date "${cell}" looks like a spreadsheet's date serial number; format the column as dates (YYYY-MM-DD) before saving the sheet`);
  }
  return fail(`air date "${cell}" is not a date CrewCount reads; expected YYYY-MM-DD or e.g. "November 20, 2015"`);
}

/** No film is older than Roundhay Garden Scene (1888). */
export const EARLIEST_AIR_YEAR = 1888;
/** How many years ahead an air date may be: a season announced years out, but not a typo's 2108 or a placeholder's 9999. */
export const AIR_YEARS_AHEAD = 10;

/**
 * A date read from `cell` (`written`: its year, month and day as written,
 * as the day 0 of "1900-01-00" is no calendar date) checked for what a
 * spreadsheet shows for an empty or zero date cell, and for a year no
 * episode or film can have. Such a date would move its season's year and
 * baseline without a word.
 */
function checked(cell: string, date: Parsed<string | null>, written: readonly string[]): Parsed<string | null> {
  const [y, m, d] = written.map(Number) as [number, number, number];
  if (SPREADSHEET_ZERO_DATES.has(`${y}-${m}-${d}`)) {
    return fail(
      `air date "${cell}" is the date a spreadsheet shows for an empty or zero date cell (1899-12-30, 1899-12-31, 1900-01-00, 1900-01-01 or 1904-01-01), not an air date; ` +
        'leave the cell blank if the date is not known',
    );
  }
  // The year before the calendar: "0001-01-01" is far out of range first (and JavaScript's Date reads years 0–99 as 1900–1999).
  const latest = new Date().getUTCFullYear() + AIR_YEARS_AHEAD;
  if (y < EARLIEST_AIR_YEAR) return fail(`air date "${cell}" is before ${EARLIEST_AIR_YEAR}, older than any film; check the year`);
  if (y > latest) return fail(`air date "${cell}" is after ${latest}, more than ${AIR_YEARS_AHEAD} years from now; check the year`);
  return date;
}
/**
 * The days a spreadsheet shows for an empty or zero date cell: LibreOffice
 * and Google Sheets 1899-12-30, Excel 1900-01-00 (and 1900-01-01 for 1),
 * and 1899-12-31 in others; Excel for Mac's 1904 date system 1904-01-01.
 */
const SPREADSHEET_ZERO_DATES: ReadonlySet<string> = new Set(['1899-12-30', '1899-12-31', '1900-1-0', '1900-1-1', '1904-1-1']);

/** "March" for 3. */
function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}
/**
 * Spreadsheet-formula neutralisation: exports write a leading apostrophe in
 * front of a text cell starting with = + - @ tab or CR. The importer strips
 * exactly that prefix so such a name survives the round trip.
 */
export function stripFormulaGuard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Person name as stored: guard stripped, trimmed, whitespace collapsed, NFC. */
export function cleanName(cell: string): string {
  return cleanText(stripFormulaGuard(cell));
}

/** Optional free text: cleaned, blank becomes null. */
export function optionalText(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const text = cleanText(stripFormulaGuard(cell));
  return text === '' ? null : text;
}

/**
 * A long or people sheet's person cell as one person's name: cleaned, its
 * footnote marks, a wiki link's brackets, quotes around it and the
 * post-nominals after its commas dropped ("Jane Doe[1]" is Jane Doe, as in
 * a wide sheet; so is "Jane Doe, ASC"), and what is wrong with it (see
 * personCellProblem), `empty` if it is blank.
 */
export function readPersonCell(cell: string, empty: string): { name: string; problem: string | null } {
  // The fast path, for nearly every cell of nearly every sheet: a plain name, clean already (so not blank and on one line),
  // without a trailing apostrophe (which tidyName would look at). personName would return it as it is, and of
  // personCellProblem's checks it can fail only placeProblem's. One regexp and one loop (cleanText's).
  if (isPlainName(cell) && cleanText(cell) === cell && cell.charCodeAt(cell.length - 1) !== 0x27) return { name: cell, problem: placeProblem(cell) };
  const name = personName(cell);
  if (name !== '') return { name, problem: personCellProblem(cell, name) };
  const shown = cleanText(cell);
  return { name, problem: shown === '' ? empty : `person "${shown}" holds no name, only footnote marks; give the person's name` };
}

/** The name a person cell gives (see readPersonCell); a cell that is a plain name already is returned as it is. */
export function personName(cell: string): string {
  // One test for what the steps below react to (a tag's < or &lt;, a footnote mark, a comma): nearly every cell holds none.
  if (!MAY_HOLD_MARKS.test(cell)) return tidyName(cleanName(cell));
  return withoutPostNominals(tidyName(cleanName(withoutNameFootnotes(withLineBreakTags(decodeHtmlEntities(cell))))));
}
const MAY_HOLD_MARKS = /[<&,[†‡§¶*]/;

/** A film's release year: four digits in a plausible range, or null when blank. */
export function parseReleaseYear(cell: string): Parsed<number | null> {
  const text = cleanText(cell);
  if (text === '') return ok(null);
  const m = /^(\d{4})(?:[.,]0+)?$/.exec(text);
  const year = m ? Number(m[1]) : NaN;
  if (!(year >= MIN_RELEASE_YEAR && year <= MAX_RELEASE_YEAR)) {
    return fail(`release year "${cell}" is not a year; expected four digits such as 2017`);
  }
  return ok(year);
}
