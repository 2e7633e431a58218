import { describe, expect, it } from 'vitest';
import { HeaderSearch, MAX_PREAMBLE_RECORDS } from '../../src/import/header-search.js';
import type { ImportIssue } from '../../src/import/types.js';

/** A stand-in mapping: a record is a header when its first cell is "series". */
function search(): HeaderSearch<string> {
  return new HeaderSearch((cells) =>
    cells[0] === 'series'
      ? { map: cells.join('|'), issues: [] }
      : { map: null, issues: [{ file: 'f.csv', line: 1, column: 0, value: cells.join(','), message: 'not a header' } satisfies ImportIssue] },
  );
}

describe('HeaderSearch', () => {
  it('takes a clean first record at once, with no preamble', () => {
    expect(search().offer(3, ['series', 'season'])).toEqual({ map: 'series|season', issues: [], preamble: [] });
  });

  it('skips records above a clean header and names their lines', () => {
    const s = search();
    expect(s.offer(1, ['Title'])).toBeUndefined();
    expect(s.offer(3, ['Note'])).toBeUndefined();
    expect(s.offer(4, ['series'])).toEqual({ map: 'series', issues: [], preamble: [1, 3] });
  });

  it("gives up after MAX_PREAMBLE_RECORDS records with the first one's issues, on its own line", () => {
    const s = search();
    for (let i = 0; i < MAX_PREAMBLE_RECORDS; i++) expect(s.offer(i + 2, [`line ${i}`])).toBeUndefined();
    expect(s.offer(99, ['still not'])).toEqual({ map: null, issues: [expect.objectContaining({ line: 2, value: 'line 0' })], preamble: [] });
  });

  it("ends with the first record's issues when the file ends first, and with nothing for a file of no records", () => {
    const s = search();
    s.offer(5, ['Persn']);
    s.offer(6, ['data']);
    expect(s.finish()).toEqual({ map: null, issues: [expect.objectContaining({ line: 5, value: 'Persn' })], preamble: [] });
    expect(search().finish()).toBeUndefined();
  });

  it('adds what `explain` finds in the records offered when it gives up, and nothing when a header is found', () => {
    const explained = (): HeaderSearch<string> =>
      new HeaderSearch(
        (cells) => (cells[0] === 'series' ? { map: 'header', issues: [] } : { map: null, issues: [], ...(cells[0] === 'near' ? { missing: ['series'] } : {}) }),
        (offered) => offered.filter((o) => o.missing).map((o) => ({ file: 'f.csv', line: o.line, column: 0, value: o.cells.join(','), message: 'near' })),
      );
    const s = explained();
    s.offer(1, ['Title']);
    s.offer(2, ['near', 'x']);
    expect(s.finish()).toEqual({ map: null, issues: [{ file: 'f.csv', line: 2, column: 0, value: 'near,x', message: 'near' }], preamble: [] });
    const found = explained();
    found.offer(1, ['near']);
    expect(found.offer(2, ['series'])).toEqual({ map: 'header', issues: [], preamble: [1] });
  });
});
