import { describe, expect, it } from 'vitest';
import { mapHeaders, type HeaderMap } from '../../src/import/headers.js';
import { isBlankRecord, LongRowNormaliser, normaliseRecord } from '../../src/import/normalise.js';

function headerMap(cells: string[]): HeaderMap {
  const { map, issues } = mapHeaders('s.csv', cells);
  if (!map) throw new Error(issues.map((i) => i.message).join('\n'));
  return map;
}

const FULL = headerMap([
  'series', 'season', 'episode', 'episode_title', 'air_date', 'role', 'person', 'gender', 'kind', 'credit_note', 'source', 'platform',
]);
const row = (overrides: Partial<Record<string, string>> = {}): string[] => {
  const base: Record<string, string> = {
    series: "Marvel's Jessica Jones", season: '1', episode: '3', episode_title: "AKA It's Called Whiskey", air_date: '2015-11-20',
    role: 'director', person: 'David Petrarca', gender: 'man', kind: '', credit_note: '', source: '', platform: '',
  };
  const merged = { ...base, ...overrides };
  return ['series', 'season', 'episode', 'episode_title', 'air_date', 'role', 'person', 'gender', 'kind', 'credit_note', 'source', 'platform'].map(
    (k) => merged[k] ?? '',
  );
};

describe('normaliseRecord', () => {
  it('drops footnote marks from a person, as a wide sheet does', () => {
    for (const cell of ['Jane Doe[1]', 'Jane Doe†', 'Jane Doe*', 'Jane Doe [a]'])
      expect(normaliseRecord('s.csv', 2, row({ person: cell }), FULL).record?.person, cell).toBe('Jane Doe');
  });

  it('takes a title wholly inside quotes without them, as a wide sheet does, and leaves titles with quotes inside alone', () => {
    const title = (t: string): string | null | undefined => normaliseRecord('s.csv', 2, row({ episode_title: t }), FULL).record?.episodeTitle;
    expect(title('"Pilot"')).toBe('Pilot');
    expect(title('“AKA Sin Bin”')).toBe('AKA Sin Bin');
    expect(title('"Kau", Part 1')).toBe('"Kau", Part 1');
    expect(title('"A" and "B"')).toBe('"A" and "B"');
    expect(title('""')).toBe('""');
  });

  it('turns a valid row into a normalised credit record', () => {
    const result = normaliseRecord('s.csv', 4, row({ platform: ' Netflix ', credit_note: 'also implied by ep.4', source: 'https://example.org' }), FULL);
    expect(result).toEqual({
      record: {
        line: 4,
        series: "Marvel's Jessica Jones",
        slug: 'marvels-jessica-jones',
        kind: 'tv',
        platform: 'Netflix',
        season: 1,
        episode: 3,
        releaseYear: null,
        episodeTitle: "AKA It's Called Whiskey",
        airDate: '2015-11-20',
        role: 'director',
        person: 'David Petrarca',
        personKey: 'david petrarca',
        gender: 'man',
        creditNote: 'also implied by ep.4',
        source: 'https://example.org',
      },
    });
  });

  it('normalises synonyms, names and optional blanks', () => {
    const result = normaliseRecord(
      's.csv',
      2,
      row({ series: '  Queen   Sugar ', role: 'Directed by', person: ' AVA  DUVERNAY ', gender: 'F', kind: 'TV', episode_title: ' ', air_date: '' }),
      FULL,
    );
    expect(result.record).toMatchObject({
      series: 'Queen Sugar',
      slug: 'queen-sugar',
      kind: 'tv',
      role: 'director',
      person: 'AVA DUVERNAY',
      personKey: 'ava duvernay',
      gender: 'woman',
      episodeTitle: null,
      airDate: null,
      creditNote: null,
    });
  });

  it.each([
    ['Teleplay by', '', 'Teleplay by'],
    ['teleplay', '', 'Teleplay by'],
    ['Story By:', '', 'Story by'],
    ['screenplay', '', 'Screenplay by'],
    ['Teleplay by', 'uncredited polish', 'uncredited polish'], // the sheet's own note wins
    ['Written by', '', null],
    ['writer', '', null],
  ])('keeps the writing part a role cell names (%j) as the credit note', (role, note, expected) => {
    const result = normaliseRecord('s.csv', 2, row({ role, credit_note: note }), FULL);
    expect(result.record).toMatchObject({ role: 'writer', creditNote: expected });
  });

  it('reads a blank gender, or a sheet without a gender column, as unknown', () => {
    expect(normaliseRecord('s.csv', 2, row({ gender: '' }), FULL).record?.gender).toBe('unknown');
    const noGender = headerMap(['series', 'season', 'episode', 'role', 'person']);
    expect(normaliseRecord('s.csv', 2, ['Queen Sugar', '1', '1', 'writer', 'Ava DuVernay'], noGender).record).toMatchObject({
      gender: 'unknown',
      kind: 'tv',
      episodeTitle: null,
      platform: null,
    });
  });

  it('reports every bad cell of a row with its column and value, not only the first', () => {
    const result = normaliseRecord('s.csv', 7, row({ season: 'one', episode: '4b', air_date: '03/04/2017', role: 'gaffer', gender: 'xy', kind: 'podcast' }), FULL);
    expect(result.record).toBeUndefined();
    expect(result.issues?.map((i) => [i.file, i.line, i.column, i.value])).toEqual([
      ['s.csv', 7, 9, 'podcast'],
      ['s.csv', 7, 2, 'one'],
      ['s.csv', 7, 3, '4b'],
      ['s.csv', 7, 5, '03/04/2017'],
      ['s.csv', 7, 6, 'gaffer'],
      ['s.csv', 7, 8, 'xy'],
    ]);
    const messages = result.issues!.map((i) => i.message);
    expect(messages[0]).toBe('kind "podcast" is not known; expected tv or film');
    expect(messages[1]).toMatch(/^season number "one" is not a whole number/);
    expect(messages[4]).toMatch(/^role "gaffer" is not known; expected one of director, writer, cinematographer, editor/);
    expect(messages[5]).toMatch(/^gender "xy" is not known; expected woman \(woman\/w\/f\/female\/trans woman.*non-binary \(non-binary\/nonbinary\/nb\/enby\/genderqueer\)/);
  });

  it('reports empty required cells as empty, naming what they need', () => {
    const result = normaliseRecord('s.csv', 3, row({ series: ' ', role: '', person: '\t' }), FULL);
    expect(result.issues?.map((i) => [i.column, i.value, i.message])).toEqual([
      [1, ' ', 'series is empty; every credit needs its production'],
      [6, '', expect.stringMatching(/^role is empty; expected one of director, /)],
      [7, '\t', 'person is empty; every credit needs a name'],
    ]);
  });

  it('reports a row with too few or too many fields once, at the first missing or extra column', () => {
    const short = normaliseRecord('s.csv', 5, row().slice(0, 10), FULL);
    expect(short.issues).toEqual([
      { file: 's.csv', line: 5, column: 11, value: row().slice(0, 10).join(','), message: 'row has 10 fields but the header has 12' },
    ]);
    const long = normaliseRecord('s.csv', 6, [...row(), 'extra'], FULL);
    expect(long.issues?.[0]).toMatchObject({ column: 13, message: 'row has 13 fields but the header has 12' });
    const single = normaliseRecord('s.csv', 6, ['x'], FULL);
    expect(single.issues?.[0]?.message).toBe('row has 1 field but the header has 12');
  });

  it.each(['Ana Ruiz & Ben Ode', 'Ana Ruiz and Ben Ode', 'Ana Ruiz AND Ben Ode', 'Ana Ruiz / Ben Ode', 'Ana Ruiz; Ben Ode', 'Ana Ruiz\n&\nBen Ode'])(
    'refuses a person cell that names two people: %j',
    (person) => {
      const result = normaliseRecord('s.csv', 6, row({ person }), FULL);
      expect(result.issues).toEqual([
        {
          file: 's.csv',
          line: 6,
          column: 7,
          value: person,
          message: expect.stringMatching(/^person ".+" names more than one person; give each their own row/),
        },
      ]);
    },
  );

  it.each(['Martin Luther King, Jr.', 'Ruiz, Ana', 'Alexandra Anderson', 'Sandra Andrews', 'Ana-Ruiz/Ode', 'AT&T Crew'])('keeps %j as one person', (person) => {
    expect(normaliseRecord('s.csv', 6, row({ person }), FULL).record?.person).toBe(person);
  });

  it('reads a role cell with footnote marks as the role, as headers are read', () => {
    expect(normaliseRecord('s.csv', 2, row({ role: 'Written by[a]' }), FULL).record).toMatchObject({ role: 'writer', creditNote: null });
    expect(normaliseRecord('s.csv', 2, row({ role: 'Teleplay by†' }), FULL).record).toMatchObject({ role: 'writer', creditNote: 'Teleplay by' });
    expect(normaliseRecord('s.csv', 2, row({ role: 'Directed by [1]' }), FULL).record?.role).toBe('director');
  });

  it('says a role cell that joins two roles names both, and asks for a row each', () => {
    const result = normaliseRecord('s.csv', 2, row({ role: 'Writer/Director' }), FULL);
    expect(result.issues).toEqual([
      { file: 's.csv', line: 2, column: 6, value: 'Writer/Director', message: 'role "Writer/Director" names 2 roles (writer, director); give each its own row, as a row is one credit' },
    ]);
    expect(normaliseRecord('s.csv', 2, row({ role: 'Co-director' }), FULL).record?.role).toBe('director');
  });

  it('keeps a formula-guarded name as the name it guards', () => {
    expect(normaliseRecord('s.csv', 2, row({ person: "'=Sam Equals" }), FULL).record?.person).toBe('=Sam Equals');
  });
});

describe('LongRowNormaliser', () => {
  it('reads a sheet row by row exactly as normaliseRecord reads each row alone, problems at their own rows', () => {
    const rows = [
      row(),
      row({ person: 'Uta Briesewitz', gender: 'woman' }), // same episode: its facts are reused
      row({ role: 'caterer' }), // same episode, a problem of its own
      row({ season: 'one' }), // a problem in the episode's cells...
      row({ season: 'one', person: 'Uta Briesewitz' }), // ...reported again at the next row that has it
      row({ season: 'one', role: '' }),
      row({ episode: '4', episode_title: '"AKA 99 Friends"' }),
      row({ episode: '4', episode_title: '"AKA 99 Friends"', air_date: '2015-11-20' }),
      row({ episode: '4', episode_title: '"AKA 99 Friends"', air_date: '11/20/2015' }), // a cell that differs but means the same
      row({ episode: '4', episode_title: '"AKA 99 Friends"', air_date: '03/04/2015' }), // ambiguous
      row({ episode: '4', episode_title: '"AKA 99 Friends"', air_date: '2015-11-20', person: 'Jane\u0000Doe' }),
      row(), // back to the first episode
      row({ series: ' Marvel\'s  Jessica Jones ' }),
      row().slice(0, 5), // ragged
      row(),
    ];
    const normaliser = new LongRowNormaliser('s.csv', FULL);
    const results = rows.map((cells, i) => normaliser.normalise(i + 2, cells));
    expect(results).toEqual(rows.map((cells, i) => normaliseRecord('s.csv', i + 2, cells, FULL)));
    expect(results.map((r) => (r.record ? 'ok' : r.issues.map((x) => `${x.line}:${x.column}`).join(' ')))).toEqual([
      'ok', 'ok', '4:6', '5:2', '6:2', '7:2 7:6', 'ok', 'ok', 'ok', '11:5', '12:7', 'ok', 'ok', '15:6', 'ok',
    ]);
  });

  it('follows --season, --production and --date-order as normaliseRecord does', () => {
    const layout = { season: 2, production: "Marvel's Jessica Jones", dateOrder: 'dmy' as const };
    const rows = [row({ season: '', series: '' }), row({ season: '', series: '', air_date: '03/04/2018' }), row({ season: '3' }), row({ season: '', series: '' })];
    const normaliser = new LongRowNormaliser('s.csv', FULL, layout);
    expect(rows.map((cells, i) => normaliser.normalise(i + 2, cells))).toEqual(rows.map((cells, i) => normaliseRecord('s.csv', i + 2, cells, FULL, layout)));
    expect(normaliser.normalise(9, row({ season: '', series: '', air_date: '03/04/2018' })).record).toMatchObject({ season: 2, airDate: '2018-04-03' });
  });

  it('skips the check for control characters only when told the text holds none', () => {
    const normaliser = new LongRowNormaliser('s.csv', FULL);
    expect(normaliser.normalise(2, row({ person: 'Jane\u0007Doe' })).issues?.[0]?.message).toBe('person contains the control character U+0007; remove it');
    expect(normaliser.normalise(3, row({ person: 'Jane Doe' }), false).record?.person).toBe('Jane Doe');
  });
});

describe('"Series" in a sheet without a season column', () => {
  it('refuses a bare number as the production under a "Series" header: in UK usage it is the season', () => {
    const map = mapHeaders('s.csv', ['Series', 'Episode', 'Role', 'Name', 'Gender'], { season: 2 }).map!;
    const result = normaliseRecord('s.csv', 2, ['2', '1', 'Director', 'Ann Lee', 'F'], map, { season: 2 });
    expect(result.issues).toEqual([
      {
        file: 's.csv',
        line: 2,
        column: 1,
        value: '2',
        message:
          'series "2" is a bare number: in UK usage a "Series" column numbers seasons; give the show\'s title with --production and the column is read as the season (or, if "2" is the title, head the column "Show")',
      },
    ]);
    // a title is a title; and beside a season column "Series" is the show's, whatever it holds ("24")
    expect(normaliseRecord('s.csv', 2, ['Harbour Lights', '1', 'Director', 'Ann Lee', 'F'], map, { season: 2 }).record?.series).toBe('Harbour Lights');
    const us = mapHeaders('s.csv', ['Series', 'Season', 'Episode', 'Role', 'Name']).map!;
    expect(normaliseRecord('s.csv', 2, ['24', '2', '1', 'Director', 'Ann Lee'], us).record?.series).toBe('24');
  });

  it('reads "Series" as the season when --production names the show, saying so when a cell is no number', () => {
    const layout = { production: 'Harbour Lights' };
    const map = mapHeaders('s.csv', ['Series', 'Episode', 'Role', 'Name'], layout).map!;
    expect(normaliseRecord('s.csv', 2, ['2', '1', 'Director', 'Ann Lee'], map, layout).record).toMatchObject({ series: 'Harbour Lights', season: 2, episode: 1 });
    const wrong = normaliseRecord('s.csv', 3, ['Harbour Lights', '1', 'Director', 'Ann Lee'], map, layout);
    expect(wrong.issues?.[0]).toMatchObject({ column: 1, value: 'Harbour Lights' });
    expect(wrong.issues?.[0]?.message).toMatch(
      /^season number "Harbour Lights" is not a whole number.* \(the column headed "Series" is read as the season, as UK sheets use the word, because a Programme column or --production names the show; head it "Show" if it holds the show's title\)$/,
    );
  });
});

describe('isBlankRecord', () => {
  it('recognises rows whose every cell is blank', () => {
    expect(isBlankRecord([''])).toBe(true);
    expect(isBlankRecord(['', ' ', '\t'])).toBe(true);
    expect(isBlankRecord(['', 'x'])).toBe(false);
  });
});
