import { describe, expect, it } from 'vitest';
import { formatIssue, formatSummary } from '../../src/import/report.js';
import type { FileFacts, ImportSummary } from '../../src/import/types.js';

const summary = (overrides: Partial<ImportSummary> = {}): ImportSummary => ({
  files: [{ file: 'credits.csv', sha256: 'ab', encoding: 'utf-8', delimiter: ';', format: 'long', rowsRead: 1, ignoredColumns: [] }],
  rowsRead: 1,
  creditsNew: 1,
  creditsUnchanged: 0,
  creditsUpdated: 0,
  creditsRemoved: 0,
  duplicateRows: 0,
  productionsAdded: 1,
  seasonsAdded: 1,
  seasonsUpdated: 0,
  episodesAdded: 1,
  episodesUpdated: 0,
  peopleAdded: 1,
  peopleUpdated: 0,
  nameVariants: [],
  titleVariants: [],
  replace: false,
  removedCredits: [],
  issues: [],
  dryRun: false,
  committed: true,
  ...overrides,
});

describe('formatIssue', () => {
  it('writes FILE:LINE:COLUMN: message', () => {
    expect(formatIssue({ file: 'a.csv', line: 12, column: 6, value: 'gaffer', message: 'role "gaffer" is not known' })).toBe(
      'a.csv:12:6: role "gaffer" is not known',
    );
  });
});

describe('formatSummary', () => {
  it('reports a committed import with singular counts', () => {
    expect(formatSummary(summary())).toBe(
      [
        'credits.csv: 1 row read, decoded as utf-8, semicolon-separated',
        'credits: 1 new, 0 unchanged, 0 updated',
        'added: 1 production, 1 season, 1 episode, 1 person; updated: 0 episodes, 0 people',
        'committed',
      ].join('\n'),
    );
  });

  it('mentions ignored columns, repeated rows and plural people', () => {
    const text = formatSummary(
      summary({
        files: [{ file: 'b.tsv', sha256: '', encoding: 'utf-16le', delimiter: '\t', format: 'wide', rowsRead: 3, ignoredColumns: ['Runtime', 'Viewers'] }],
        duplicateRows: 2,
        peopleAdded: 2,
        peopleUpdated: 1,
      }),
    );
    expect(text).toContain('b.tsv: wide sheet (one row per episode), 3 rows read, decoded as utf-16le, tab-separated; ignored columns: Runtime, Viewers');
    expect(text).toContain('credits: 1 new, 0 unchanged, 0 updated, 2 repeated rows counted once');
    expect(text).toContain('2 people; updated: 0 episodes, 1 person');
  });

  it('says nothing was written for a dry run or an import with errors', () => {
    expect(formatSummary(summary({ dryRun: true, committed: false })).split('\n').at(-1)).toBe('dry run: nothing was written');
    const issue = { file: 'a.csv', line: 2, column: 6, value: 'x', message: 'm' };
    expect(formatSummary(summary({ issues: [issue, issue], committed: false })).split('\n').at(-1)).toBe(
      'not imported: 2 errors; nothing was written',
    );
  });
});

describe('the summary line of each file', () => {
  it('says which encoding was used and, when it was not UTF-8 by default, why', () => {
    const facts = (extra: Partial<FileFacts>): FileFacts => ({
      file: 'a.csv',
      sha256: '',
      encoding: 'windows-1252',
      delimiter: ';',
      format: 'long',
      rowsRead: 2,
      ignoredColumns: [],
      ...extra,
    });
    const text = formatSummary(summary({ files: [facts({ encodingNote: 'not valid UTF-8 at byte 12' }), facts({ file: 'b.csv' })] }));
    expect(text.split('\n').slice(0, 2)).toEqual([
      'a.csv: 2 rows read, decoded as windows-1252 (not valid UTF-8 at byte 12), semicolon-separated',
      'b.csv: 2 rows read, decoded as windows-1252, semicolon-separated',
    ]);
  });
});

describe('formatSummary of name variants', () => {
  it('lists each pair on a check line before the outcome, twenty at most', () => {
    const lines = formatSummary(summary({ nameVariants: [['Foerster, Anna', 'Anna Foerster']] })).split('\n');
    expect(lines.slice(-2)).toEqual([
      'check: "Foerster, Anna" and "Anna Foerster" may be one person written two ways; they are counted as two (write one spelling)',
      'committed',
    ]);
    const many = Array.from({ length: 23 }, (_, i): [string, string] => [`B${i}, A`, `A B${i}`]);
    const manyLines = formatSummary(summary({ nameVariants: many })).split('\n');
    expect(manyLines.filter((l) => l.startsWith('check: "'))).toHaveLength(20);
    expect(manyLines.at(-2)).toBe('check: 3 more such pairs');
  });
});

describe('formatSummary of an import that replaces', () => {
  const removed = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ production: 'Show', kind: 'tv' as const, season: 1, episode: i + 1, role: 'director' as const, person: `P ${i}`, file: 'fix.csv' }));

  it('counts the removed credits beside the others and lists each, a film without season and episode', () => {
    const film = { production: 'Arrival Day', kind: 'film' as const, season: 0, episode: 0, role: 'writer' as const, person: 'Gil Ho', file: 'films.csv' };
    const text = formatSummary(summary({ replace: true, creditsRemoved: 2, removedCredits: [...removed(1), film] }));
    expect(text).toContain('credits: 1 new, 0 unchanged, 0 updated, 2 removed (not in the sheets that replace them)');
    expect(text.split('\n').filter((l) => l.startsWith('removed: '))).toEqual([
      'removed: "Show" S1E1 director "P 0" (not in fix.csv)',
      'removed: "Arrival Day" (film) writer "Gil Ho" (not in films.csv)',
    ]);
  });

  it('says 0 removed when it replaces and nothing is left out, and nothing of removal when it does not replace', () => {
    expect(formatSummary(summary({ replace: true }))).toContain('0 updated, 0 removed (not in the sheets that replace them)');
    expect(formatSummary(summary())).not.toContain('removed');
  });

  it('lists the first 50 and counts the rest, out of every removal (not only those the summary lists)', () => {
    const lines = formatSummary(summary({ replace: true, creditsRemoved: 1200, removedCredits: removed(1000) })).split('\n');
    expect(lines.filter((l) => l.startsWith('removed: "'))).toHaveLength(50);
    expect(lines).toContain('removed: 1150 more credits');
  });
});
