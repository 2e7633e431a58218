/**
 * Spreadsheet safety for exported CSV. A text cell that begins with = + - @
 * tab or carriage return would be run as a formula by Excel, LibreOffice or
 * Google Sheets ("CSV injection"); it gets a leading apostrophe, which the
 * spreadsheets show as text and CrewCount's importer strips again
 * (stripFormulaGuard). So does one whose = + - @ comes after spaces: a
 * spreadsheet that trims cells on import (LibreOffice's "Trim spaces") would
 * run it too. (Stored values are trimmed, so only an import's errors CSV,
 * which quotes cells as read, holds such a cell.) Numeric columns are never
 * touched, so -0.5 stays a number.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
const FORMULA_START = /^(?:[\t\r]|[ \u00a0]*[=+\-@])/;
