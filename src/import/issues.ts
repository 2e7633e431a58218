/**
 * What credit and people sheets share about their issues: the cap on how
 * many one file lists, and the issue a file that cannot be read at all ends
 * with (bad bytes or CSV at their place, a missing or unreadable file).
 */
import { SheetError } from './read-sheet.js';
import type { ImportIssue } from './types.js';

/** More issues than this in one file are summarised, not listed: a wrong file would otherwise fill memory. */
export const MAX_ISSUES_PER_FILE = 10_000;

/** One file's issues: the first MAX_ISSUES_PER_FILE kept, the rest only counted. */
export class IssueCap {
  private count = 0;

  constructor(private readonly file: string) {}

  keep(found: readonly ImportIssue[], out: ImportIssue[]): void {
    for (const issue of found) if (++this.count <= MAX_ISSUES_PER_FILE) out.push(issue);
  }

  /** The line saying how many were not listed, when some were not. */
  overflow(): ImportIssue[] {
    if (this.count <= MAX_ISSUES_PER_FILE) return [];
    const message = `${this.count - MAX_ISSUES_PER_FILE} more problems not listed (${this.count} in all)`;
    return [{ file: this.file, line: 0, column: 0, value: '', message }];
  }
}

/**
 * The issues without exact repeats, in order. A wide sheet's row gives one
 * record per credit, and a conflict about the row's production or episode
 * (a second release year, another title) is found once per record: it is
 * one problem, at one line, and listed once.
 */
export function withoutRepeats(issues: readonly ImportIssue[]): ImportIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.file}\u0000${i.line}\u0000${i.column}\u0000${i.value}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const emptyFileIssue = (file: string): ImportIssue => ({ file, line: 1, column: 0, value: '', message: 'the file is empty: no header row' });

/** The issue that ends reading `file` after `err`; an error that is not about the file is a bug, and rethrown. */
export function readingFailure(file: string, err: unknown): ImportIssue {
  if (err instanceof SheetError) return { file, line: err.line, column: err.column, value: err.value, message: err.message };
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : 'permission denied';
    return { file, line: 0, column: 0, value: '', message: `cannot read the file: ${why}` };
  }
  throw err;
}
