import { describe, expect, it } from 'vitest';
import { classOf, CLASS_COUNT, genderOfClass, sourceOfClass } from '../../src/domain/gender-classes.js';
import { evidenceRank, GENDER_SOURCES, meetsEvidence, parseGenderSource } from '../../src/domain/gender-sources.js';
import { GENDERS } from '../../src/domain/genders.js';
import { mapPeopleHeaders, type PeopleHeaderMap } from '../../src/people/headers.js';
import { normalisePersonRow } from '../../src/people/normalise.js';

describe('the gender-source vocabulary', () => {
  it('ranks self-identified > public-statement > press-pronouns > name-inferred > unknown', () => {
    expect(GENDER_SOURCES.map(evidenceRank)).toEqual([4, 3, 2, 1, 0]);
    expect(meetsEvidence('public-statement', 'press-pronouns')).toBe(true);
    expect(meetsEvidence('press-pronouns', 'press-pronouns')).toBe(true);
    expect(meetsEvidence('name-inferred', 'press-pronouns')).toBe(false);
    expect(meetsEvidence('unknown', 'name-inferred')).toBe(false);
  });

  it.each([
    ['self-identified', 'self-identified'],
    ['Self Identified', 'self-identified'],
    ['SELF_IDENTIFIED', 'self-identified'],
    ['public statement', 'public-statement'],
    ['Press pronouns', 'press-pronouns'],
    ['press', 'press-pronouns'],
    ['name-inferred', 'name-inferred'],
    ['', 'unknown'],
    ['  ', 'unknown'],
    ['Unknown', 'unknown'],
  ])('reads %j as %s', (cell, source) => {
    expect(parseGenderSource(cell)).toBe(source);
  });

  it('rejects spellings it does not know', () => {
    expect(parseGenderSource('guessed')).toBeUndefined();
    // doubt is not evidence: "self?" is not self-identified
    for (const cell of ['self?', 'inferred?', '(self)', 'press!']) expect(parseGenderSource(cell), cell).toBeUndefined();
    expect(parseGenderSource('Self_Identified')).toBe('self-identified');
    expect(parseGenderSource('wikipedia')).toBeUndefined();
  });

  it('numbers every gender × source class once, and reads it back', () => {
    const seen = new Set<number>();
    for (const g of GENDERS) {
      for (const s of GENDER_SOURCES) {
        const c = classOf(g, s);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThan(CLASS_COUNT);
        expect([genderOfClass(c), sourceOfClass(c)]).toEqual([g, s]);
        seen.add(c);
      }
    }
    expect(seen.size).toBe(CLASS_COUNT);
  });
});

describe('mapPeopleHeaders', () => {
  it('accepts the aliases in any case and spacing, and lists unknown columns', () => {
    const { map, issues } = mapPeopleHeaders('p.csv', ['Name', 'GENDER', 'Evidence', 'Source', 'Notes', 'Quote']);
    expect(issues).toEqual([]);
    expect(map).toEqual({ index: { person: 0, gender: 1, gender_source: 2, source_url: 3, note: 4 }, columnCount: 6, ignored: ['Quote'] });
    expect(mapPeopleHeaders('p.csv', ['person', 'gender', 'provenance', 'url']).map?.index).toEqual({ person: 0, gender: 1, gender_source: 2, source_url: 3 });
    // "sex" as in credit sheets; an aside in brackets or a footnote mark
    expect(mapPeopleHeaders('p.csv', ['Person[1]', 'Sex', 'Evidence (see README)']).map?.index).toEqual({ person: 0, gender: 1, gender_source: 2 });
  });

  it('names a missing required column and a header given twice', () => {
    const missing = mapPeopleHeaders('p.csv', ['person', 'gender_source']);
    expect(missing.map).toBeNull();
    expect(missing.issues).toEqual([
      { file: 'p.csv', line: 1, column: 0, value: 'person,gender_source', message: expect.stringMatching(/^missing required column gender; a people sheet has/) },
    ]);
    const twice = mapPeopleHeaders('p.csv', ['person', 'gender', 'evidence', 'provenance']);
    expect(twice.issues).toEqual([
      { file: 'p.csv', line: 1, column: 4, value: 'provenance', message: 'header "provenance" means gender_source, which column 3 ("evidence") already gives' },
    ]);
  });
});

describe('normalisePersonRow', () => {
  const map = mapPeopleHeaders('p.csv', ['person', 'gender', 'gender_source', 'source_url', 'note']).map as PeopleHeaderMap;

  it('turns a row into a gender record keyed like credit imports', () => {
    expect(normalisePersonRow('p.csv', 2, ['  ANA   Ruiz ', 'F', 'Press pronouns', ' https://example.org/a ', ''], map)).toEqual({
      record: { file: 'p.csv', line: 2, name: 'ANA Ruiz', key: 'ana ruiz', gender: 'woman', source: 'press-pronouns', sourceUrl: 'https://example.org/a', note: null },
    });
  });

  it('reads a known gender with a blank source as unrecorded provenance', () => {
    expect(normalisePersonRow('p.csv', 3, ['Ana Ruiz', 'woman', '', '', 'policy-level evidence only'], map).record).toMatchObject({
      gender: 'woman',
      source: 'unknown',
      note: 'policy-level evidence only',
    });
  });

  it('refuses a person cell that names two people, whose one gender it would give both', () => {
    expect(normalisePersonRow('p.csv', 5, ['Ana Ruiz & Ben Ode', 'woman', '', '', ''], map).issues).toEqual([
      {
        file: 'p.csv',
        line: 5,
        column: 1,
        value: 'Ana Ruiz & Ben Ode',
        message: 'person "Ana Ruiz & Ben Ode" names more than one person; give each their own row (a row\'s gender is one person\'s)',
      },
    ]);
  });

  it('refuses a person cell that holds a place (N/A, unknown) or names two people on two lines', () => {
    expect(normalisePersonRow('p.csv', 6, ['N/A', 'woman', '', '', ''], map).issues).toEqual([
      { file: 'p.csv', line: 6, column: 1, value: 'N/A', message: 'person "N/A" holds a place instead of naming someone; leave out the row until the person is known' },
    ]);
    expect(normalisePersonRow('p.csv', 7, ['Unknown', '', '', '', ''], map).issues).toHaveLength(1);
    expect(normalisePersonRow('p.csv', 8, ['Ana Ruiz\nBen Ode', 'woman', '', '', ''], map).issues?.[0]?.message).toMatch(/names more than one person/);
  });

  it('refuses an evidence level in the source_url column (a sheet headed "Source" for it)', () => {
    const urlMap = mapPeopleHeaders('p.csv', ['Person', 'Gender', 'Source']).map!;
    expect(normalisePersonRow('p.csv', 2, ['Ana Ruiz', 'woman', 'self-identified'], urlMap).issues).toEqual([
      { file: 'p.csv', line: 2, column: 3, value: 'self-identified', message: expect.stringMatching(/^source_url "self-identified" is an evidence level/) },
    ]);
    // a URL, or a citation that is not a level, is a source as before
    expect(normalisePersonRow('p.csv', 3, ['Ana Ruiz', 'woman', 'https://example.org/self'], urlMap).record).toMatchObject({ sourceUrl: 'https://example.org/self' });
    expect(normalisePersonRow('p.csv', 4, ['Ana Ruiz', 'woman', 'Variety, 2019'], urlMap).record).toMatchObject({ sourceUrl: 'Variety, 2019' });
  });

  it('collects every problem of a row with its column and value', () => {
    expect(normalisePersonRow('p.csv', 4, ['', 'maybe', 'guessed', '', ''], map).issues).toEqual([
      { file: 'p.csv', line: 4, column: 1, value: '', message: 'person is empty; every row names the person whose gender it records' },
      { file: 'p.csv', line: 4, column: 2, value: 'maybe', message: expect.stringMatching(/^gender "maybe" is not known; expected woman \(/) },
      {
        file: 'p.csv',
        line: 4,
        column: 3,
        value: 'guessed',
        message: 'gender_source "guessed" is not known; expected self-identified, public-statement, press-pronouns, name-inferred, unknown (blank: unknown)',
      },
    ]);
  });

  it('refuses evidence for a gender that is not given', () => {
    expect(normalisePersonRow('p.csv', 5, ['Ana Ruiz', '', 'press-pronouns', '', ''], map).issues).toEqual([
      {
        file: 'p.csv',
        line: 5,
        column: 3,
        value: 'press-pronouns',
        message: 'gender_source press-pronouns is given but the gender is unknown; give the gender the evidence shows, or leave gender_source blank',
      },
    ]);
  });

  it('refuses control characters and ragged rows', () => {
    expect(normalisePersonRow('p.csv', 6, ['Ana\u0000 Ruiz', 'woman', '', '', ''], map).issues).toEqual([
      { file: 'p.csv', line: 6, column: 1, value: 'Ana? Ruiz', message: 'person contains the control character U+0000; remove it' },
    ]);
    expect(normalisePersonRow('p.csv', 7, ['Ana Ruiz', 'woman'], map).issues).toEqual([
      { file: 'p.csv', line: 7, column: 3, value: 'Ana Ruiz,woman', message: 'row has 2 fields but the header has 5' },
    ]);
  });
});
