/**
 * The delimiter, read off the header line and checked against the records
 * that follow it. The header alone can mislead: a European Excel sheet is
 * `;`-separated, yet a header such as `Serie;Folge;Name (Nachname, Vorname, Zusatz)`
 * holds as many commas, and then the first records tell: with the right
 * delimiter every one has as many fields as the header.
 */
import { DELIMITERS, detectDelimiter } from './delimiter.js';
import { MAX_PREAMBLE_RECORDS } from './header-search.js';

/** Records after the header looked at: enough to see a pattern, few enough to stay cheap. */
const SAMPLE_RECORDS = 20;

/**
 * Delimiters outside double quotes in each record of `text` (complete
 * records only: the last one may be cut off), for one candidate; null for a
 * blank line, which says nothing.
 */
function countsPerRecord(text: string, delimiter: string): Array<number | null> {
  const counts: Array<number | null> = [];
  let quoted = false;
  let n = 0;
  let blank = true;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (quoted) {
      blank = false;
    } else if (ch === '\n') {
      counts.push(blank ? null : n);
      n = 0;
      blank = true;
      if (counts.length > SAMPLE_RECORDS) break;
    } else if (ch === delimiter) {
      n++;
    } else if (ch.trim() !== '') {
      blank = false;
    }
  }
  return counts;
}

/** Whether every record of the sample that is not blank has the header's fields under `delimiter`. */
function fitsEveryRecord(counts: Array<number | null>): boolean {
  const [header, ...rows] = counts;
  return typeof header === 'number' && header > 0 && rows.every((n) => n === null || n === header);
}

/**
 * The delimiter of a sheet whose first lines are `sample` (at least the
 * header line). The header's most frequent candidate wins, unless it does
 * not split the following records like the header while another does.
 * A title or note above the header (see header-search.ts) splits like no
 * record below it: when no delimiter fits from the first line, the records
 * from each of the next few lines on are tried.
 */
export function detectDelimiterInSample(text: string): string {
  const sample = withoutLeadingBlankLines(text);
  const newline = sample.indexOf('\n');
  const byHeader = detectDelimiter(newline === -1 ? sample : sample.slice(0, newline));
  const head = sample.slice(0, 1 << 16);
  const counts = new Map(DELIMITERS.map((d) => [d as string, countsPerRecord(head, d)]));
  if ((counts.get(byHeader)?.length ?? 0) < 2 || fitsEveryRecord(counts.get(byHeader)!)) return byHeader;
  const fitFrom = (start: number): string | undefined =>
    DELIMITERS.find((d) => {
      const rows = counts.get(d)!.slice(start);
      return fitsEveryRecord(rows) && rows.slice(1).some((n) => n !== null);
    });
  for (let start = 0; start <= MAX_PREAMBLE_RECORDS; start++) {
    const found = fitFrom(start);
    if (found) return found;
  }
  return byHeader;
}

/**
 * Excel's `sep=;` line: a first line naming the delimiter, which Excel
 * reads and does not show, and some tools write to make Excel split the
 * file right. Its delimiter, and how many characters of `text` the line
 * takes; null when the text does not start with one. Spreadsheets that
 * saved the line as a cell write it padded (`sep=;;;;`) or quoted.
 */
export function separatorLine(text: string): { delimiter: string; length: number } | null {
  const m = SEPARATOR_LINE.exec(text);
  if (!m) return null;
  const delimiter = m[1] ?? m[2]!;
  if (!(delimiter === '\t' || PLAUSIBLE_SEPARATOR.test(delimiter))) return null; // "sep=a" or sep=" splits nothing sensibly: an ordinary line
  const rest = m[3]!.replace(/\r$/, '');
  if ([...rest].some((ch) => ch !== delimiter)) return null;
  return { delimiter, length: m[0].length };
}

/** Punctuation or a symbol: not a letter, digit, space or quote. */
const PLAUSIBLE_SEPARATOR = /^[^\p{L}\p{N}\s"]$/u;
const SEPARATOR_LINE = /^(?:"sep=([^"\r\n])"|sep=([^\r\n]))([^\n]*)(?:\n|$)/i;

/** A line with nothing but whitespace, quotes and delimiters: a spreadsheet's empty row. */
const BLANK_LINE = /^[\s",;\t|]*$/;

/**
 * `text` from its first line that holds something: empty rows above the
 * header (which the importer skips) say nothing about the delimiter.
 */
export function withoutLeadingBlankLines(text: string): string {
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1 || !BLANK_LINE.test(text.slice(start, newline))) return text.slice(start);
    start = newline + 1;
  }
}
