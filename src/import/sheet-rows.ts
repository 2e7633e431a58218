/**
 * What a credit sheet's rows may hold besides credits, found by comparing
 * them with the header: the header again (exported files pasted one below
 * the other), and the empty field a trailing delimiter adds.
 *
 * The common row costs one string comparison here (its first cell against
 * the header's); everything else runs only for rows that differ in length
 * from the header or that have a problem.
 */
import { isHeaderName } from './headers.js';
import type { ImportIssue } from './types.js';

const BOM = 0xfeff;

/** A cell without the byte-order mark a pasted file brings to its first cell. */
function withoutBom(cell: string): string {
  return cell.charCodeAt(0) === BOM ? cell.slice(1) : cell;
}

export class HeaderEcho {
  readonly header: readonly string[];
  private readonly first: string;

  constructor(
    private readonly file: string,
    header: readonly string[],
    private readonly headerLine: number,
  ) {
    this.header = header.map((c, i) => (i === 0 ? withoutBom(c) : c));
    this.first = this.header[0] ?? '';
  }

  /**
   * Whether `cells` is the header again, cell for cell (a byte-order mark
   * before it aside: the pasted file's own). Such a row is skipped: it holds
   * no credit, and the rows below it are laid out as the rows above, so
   * reading on gives what importing the files one after the other would.
   * Refusing it would only make the researcher delete the line.
   */
  repeats(cells: readonly string[]): boolean {
    const c0 = cells[0];
    if (c0 !== this.first && (c0 === undefined || c0.charCodeAt(0) !== BOM || c0.slice(1) !== this.first)) return false;
    if (cells.length !== this.header.length) return false;
    for (let i = 1; i < cells.length; i++) if (cells[i] !== this.header[i]) return false;
    return true;
  }

  /**
   * For a row with problems: the issue that says it is a header, but not
   * the sheet's (another export pasted below, with other columns or in
   * another order), or null. The rows below such a row follow its columns,
   * not the first header's: read by the first, each would be wrong in its
   * own way (or, worse, right-looking), so the sheet is not read past it.
   */
  otherHeader(line: number, cells: readonly string[]): ImportIssue | null {
    if (!looksLikeHeader(cells)) return null;
    return {
      file: this.file,
      line,
      column: 0,
      value: cells.join(','),
      message: `a header row again (files pasted together?), but not the header of line ${this.headerLine}: the rows below it follow its columns, so they were not read; import each file on its own (one import may name several files)`,
    };
  }
}

/** Whether most of a row's cells are column names CrewCount reads (at least two of them). */
function looksLikeHeader(cells: readonly string[]): boolean {
  let known = 0;
  let other = 0;
  for (const cell of cells) {
    if (cell.trim() === '') continue;
    if (isHeaderName(cell)) known++;
    else if (++other * 2 >= cells.length) return false; // a data row is out after a cell or two
  }
  return known >= 2 && known > other;
}

/**
 * A row fitted to the header when it differs only by a trailing delimiter:
 * one empty field past the header's last column (`…,F,`) is dropped, and
 * a row one field short of a header whose last column is unnamed (a header
 * written `…,gender,`) gets that field, empty. Anything else is returned
 * as it is, and reported as ragged.
 */
export function withTrailingFieldFitted(cells: string[], header: readonly string[]): string[] {
  const n = header.length;
  if (cells.length === n + 1 && cells[n] === '') return cells.slice(0, n);
  if (cells.length === n - 1 && header[n - 1]!.trim() === '') return [...cells, ''];
  return cells;
}
