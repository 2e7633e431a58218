/**
 * Spreadsheet safety for exported CSV. A text cell that begins with = + - @
 * tab or carriage return would be run as a formula by Excel, LibreOffice or
 * Google Sheets ("CSV injection"); it gets a leading apostrophe, which the
 * spreadsheets show as text and CrewCount's importer strips again
 * (stripFormulaGuard). Numeric columns are never touched, so -0.5 stays a number.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
const FORMULA_START = /^[=+\-@\t\r]/;
