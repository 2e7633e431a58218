import { describe, expect, it } from 'vitest';
import { HeaderSearch } from '../../src/import/header-search.js';
import { detectFormat, FIELDS, HEADER_ALIASES, mapHeaders, preambleHint, REQUIRED_FIELDS } from '../../src/import/headers.js';

const CANONICAL = ['series', 'season', 'episode', 'episode_title', 'air_date', 'role', 'person', 'gender'];

describe('mapHeaders', () => {
  it('maps the canonical header to column indexes', () => {
    const { map, issues } = mapHeaders('f.csv', CANONICAL);
    expect(issues).toEqual([]);
    expect(map).toEqual({
      format: 'long',
      index: { series: 0, season: 1, episode: 2, episode_title: 3, air_date: 4, role: 5, person: 6, gender: 7 },
      roleColumns: [],
      columnCount: 8,
      ignored: [],
    });
  });

  it.each([
    ['series', ['show', 'Production', 'PROGRAMME', 'program']],
    ['season', ['Season Number', 'season_number', 'Season #']],
    ['episode', ['ep', 'Episode Number', 'No. in season', 'no_in_season']],
    ['air_date', ['Air Date', 'Original air date', 'Release date', 'aired']],
    ['role', ['Job', 'credit', 'Position']],
    ['person', ['Name', 'Crew member', 'Credited as']],
    ['gender', ['Gender identity', 'SEX']],
    ['episode_title', ['Episode title', 'episode-title']],
  ])('reads the aliases of %s', (field, aliases) => {
    for (const alias of aliases) {
      const cells = CANONICAL.map((c) => (c === field ? alias : c));
      const { map, issues } = mapHeaders('f.csv', cells);
      expect(issues, alias).toEqual([]);
      expect(map?.index[field as keyof NonNullable<typeof map>['index']], alias).toBe(CANONICAL.indexOf(field));
    }
  });

  it('ignores case, spaces, underscores and punctuation', () => {
    const { map } = mapHeaders('f.csv', ['  SERIES ', 'Season', 'EPISODE', 'Episode_Title', 'air-date', 'Role:', 'Person.', '(gender)']);
    expect(map?.index).toEqual({ series: 0, season: 1, episode: 2, episode_title: 3, air_date: 4, role: 5, person: 6, gender: 7 });
  });

  it('reads the optional columns kind, credit_note, source and platform', () => {
    const { map } = mapHeaders('f.csv', [...CANONICAL, 'Kind', 'Credit Note', 'Source', 'Platform']);
    expect(map?.index).toMatchObject({ kind: 8, credit_note: 9, source: 10, platform: 11 });
  });

  it('reads "Title" as the episode title when a series column exists', () => {
    const { map } = mapHeaders('f.csv', ['Show', 'Season', 'Episode', 'Title', 'Role', 'Name']);
    expect(map?.index).toMatchObject({ series: 0, episode_title: 3 });
  });

  it('reads "Title" as the series when no series column exists and episodes are not numbered (a list of films)', () => {
    const { map } = mapHeaders('f.csv', ['Title', 'Year', 'Role', 'Name'], { kind: 'film' });
    expect(map?.index).toMatchObject({ series: 0 });
    expect(map?.index.episode_title).toBeUndefined();
  });

  it('reads "Title" as the episode title in a long sheet that numbers episodes, and asks for the series', () => {
    const { map, issues } = mapHeaders('f.csv', ['Season', 'Episode', 'Title', 'Role', 'Name', 'Gender']);
    expect(map).toBeNull();
    expect(issues[0]?.message).toMatch(/^missing required column series \(or --production\);/);
    expect(mapHeaders('f.csv', ['Season', 'Episode', 'Title', 'Role', 'Name', 'Gender'], { production: 'P' }).map?.index).toMatchObject({ episode_title: 2 });
    expect(mapHeaders('f.csv', ['Title', 'Season', 'Episode', 'Role', 'Name']).map).toBeNull();
  });

  it('reads "No. in series" as the number in the season when a "No. overall" column is there (UK tables), else as overall', () => {
    const uk = mapHeaders('f.csv', ['No. overall', 'No. in series', 'Title', 'Directed by'], { production: 'P', season: 1 });
    expect(uk.issues).toEqual([]);
    expect(uk.map?.index).toMatchObject({ episode_overall: 0, episode: 1, episode_title: 2 });
    const after = mapHeaders('f.csv', ['No. in series', 'Overall', 'Directed by'], { production: 'P', season: 1 });
    expect(after.map?.index).toMatchObject({ episode: 0, episode_overall: 1 });
    const alone = mapHeaders('f.csv', ['No. in series', 'Title', 'Directed by'], { production: 'P', season: 1 });
    expect(alone.map?.index).toMatchObject({ episode_overall: 0, episode_title: 1 });
    expect(alone.map?.index.episode).toBeUndefined();
  });

  it('reads a header with an aside in brackets or a footnote mark when the rest names a field', () => {
    const { map, issues } = mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'person', 'Gender (w, m, nb)', 'Air date (UK)[1]', 'Viewers (millions)']);
    expect(issues).toEqual([]);
    expect(map?.index).toMatchObject({ gender: 5, air_date: 6 });
    expect(map?.ignored).toEqual(['Viewers (millions)']);
    // the whole header first: an alias with brackets of its own keeps its meaning
    expect(mapHeaders('f.csv', ['Title', 'Year', 'Executive producer(s)'], { kind: 'film' }).map?.roleColumns.map((c) => c.role)).toEqual(['executive_producer']);
  });

  it('refuses a role-named column in a sheet of one credit per row, whose names it would drop', () => {
    const { map, issues } = mapHeaders('f.csv', ['Season', 'Episode', 'Title', 'Directed by', 'Role', 'Person'], { production: 'P' });
    expect(map).toBeNull();
    expect(issues).toEqual([
      {
        file: 'f.csv',
        line: 1,
        column: 4,
        value: 'Directed by',
        message: expect.stringMatching(/^column "Directed by" names a role, but this sheet gives one credit per row \(a role column\): its names would be ignored/),
      },
    ]);
  });

  it('lists columns it does not know as ignored, without blank ones', () => {
    const { map } = mapHeaders('f.csv', [...CANONICAL, 'Viewers (millions)', '', 'Runtime']);
    expect(map?.ignored).toEqual(['Viewers (millions)', 'Runtime']);
    expect(map?.columnCount).toBe(11);
  });

  it('does not require gender: a sheet without it is read with every gender unknown', () => {
    const { map, issues } = mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'person']);
    expect(issues).toEqual([]);
    expect(map?.index.gender).toBeUndefined();
  });

  it('names every missing required column and the header it read, at line 1', () => {
    const { map, issues } = mapHeaders('sheet.csv', ['show', 'season', 'episode title', 'job', 'gender']);
    expect(map).toBeNull();
    expect(issues).toEqual([
      {
        file: 'sheet.csv',
        line: 1,
        column: 0,
        value: 'show,season,episode title,job,gender',
        message:
          'missing required columns episode, person; the header has "show", "season", "episode title", "job", "gender" (see the alias table in the README)',
      },
    ]);
  });

  it('uses the singular when one required column is missing', () => {
    const { issues } = mapHeaders('f.csv', ['series', 'season', 'episode', 'role']);
    expect(issues[0]?.message).toMatch(/^missing required column person;/);
  });

  it('rejects two columns that mean the same field, naming both', () => {
    const { map, issues } = mapHeaders('f.csv', [...CANONICAL, 'Name']);
    expect(map).toBeNull();
    expect(issues).toEqual([
      {
        file: 'f.csv',
        line: 1,
        column: 9,
        value: 'Name',
        message: 'header "Name" means person, which column 7 ("person") already gives',
      },
    ]);
  });

  it('has an alias table entry for every field and requires the five the issue names', () => {
    expect(Object.keys(HEADER_ALIASES).sort()).toEqual([...FIELDS].sort());
    expect([...REQUIRED_FIELDS].sort()).toEqual(['episode', 'person', 'role', 'season', 'series']);
  });
});

describe('mapHeaders: role columns as sheets write them', () => {
  const wide = (cells: string[]) => mapHeaders('f.csv', cells, { production: 'P', season: 1 });
  const columns = (cells: string[]) => wide(cells).map?.roleColumns.map((c) => [c.index, c.role, c.note]);

  it('reads numbered columns of one role as more columns of that role', () => {
    expect(columns(['Episode', 'Director 1', 'Director 2', 'Writer(s)', 'Writer 2'])).toEqual([
      [1, 'director', null],
      [2, 'director', null],
      [3, 'writer', null],
      [4, 'writer', null],
    ]);
    expect(columns(['Episode', 'Directed by (Part 1)', 'Directed by (Part 2)'])).toEqual([
      [1, 'director', null],
      [2, 'director', null],
    ]);
    expect(detectFormat(['Season', 'Episode', 'Title', 'Director 1', 'Director 2'])).toBe('wide');
    expect(detectFormat(['Season', 'Episode', 'Directed by (Part 1)'])).toBe('wide');
  });

  it('reads a co-director column as the director role, and a column of two roles as both, on the same cells', () => {
    expect(columns(['Episode', 'Co-directed by', 'Written & Directed by', 'Directed and written by'])).toEqual([
      [1, 'director', null],
      [2, 'writer', null],
      [2, 'director', null],
      [3, 'director', null],
      [3, 'writer', null],
    ]);
  });

  it('refuses a column that names a crew job it does not count, or a role in another language, at its cell', () => {
    const { map, issues } = wide(['Episode', 'Directed by', 'Showrunner', 'Guest director', 'Additional writing by', 'Drehbuch', 'U.S. viewers (millions)']);
    expect(map).toBeNull();
    expect(issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [1, 3, 'Showrunner'],
      [1, 4, 'Guest director'],
      [1, 5, 'Additional writing by'],
      [1, 6, 'Drehbuch'],
    ]);
    expect(issues[0]!.message).toBe(
      'header "Showrunner" names a crew job that is not one of the roles CrewCount counts (the nearest is executive producer), so its names cannot be read: rename the column "Executive producer" if its names are credited as executive producers, or delete the column',
    );
    expect(issues[3]!.message).toBe(
      'header "Drehbuch" looks like a crew credit in another language (writer?), and CrewCount reads role headers in English: rename the column "Written by" if its names are credited as writers, or delete the column',
    );
  });

  it('reads a sheet whose only role columns are not understood as an episode table, so each is reported at its cell', () => {
    expect(detectFormat(['Staffel', 'Folge', 'Titel', 'Regie', 'Drehbuch'])).toBe('wide');
    const { issues } = mapHeaders('f.csv', ['Staffel', 'Folge', 'Titel', 'Regie', 'Drehbuch'], { production: 'P' });
    expect(issues.map((i) => [i.column, i.value])).toEqual([
      [4, 'Regie'],
      [5, 'Drehbuch'],
      [0, 'Staffel,Folge,Titel,Regie,Drehbuch'],
    ]);
  });

  it('refuses a gender column in a wide sheet, pointing to the people sheet, at its cell', () => {
    const { map, issues } = wide(['Episode', 'Directed by', 'Gender', 'Written by', 'Writer gender', 'Sex (m/f)']);
    expect(map).toBeNull();
    expect(issues.map((i) => [i.column, i.value])).toEqual([
      [3, 'Gender'],
      [5, 'Writer gender'],
      [6, 'Sex (m/f)'],
    ]);
    expect(issues[0]!.message).toMatch(/^column "Gender" gives genders, which a wide sheet .* cannot hold, and they would be lost: give each person's gender in a people sheet \(crewcount import-people/);
    expect(issues[0]!.message).toContain('or use the long layout');
  });

  it('refuses numbered, co- and unknown role columns beside the role column of a long sheet', () => {
    const { map, issues } = mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'person', 'gender', 'Co-director', 'Director 2', 'Showrunner']);
    expect(map).toBeNull();
    expect(issues.map((i) => [i.column, i.message.replace(/, but this sheet gives one credit per row .*$/, '')])).toEqual([
      [7, 'column "Co-director" names a role'],
      [8, 'column "Director 2" names a role'],
      [9, 'column "Showrunner" looks like a crew role'],
    ]);
  });

  it('says which columns looked like roles when a sheet read as long lacks its role and person columns', () => {
    const { issues } = mapHeaders('f.csv', ['Season', 'Episode', 'Regie', 'Directed by'], { format: 'long', production: 'P' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^missing required columns role, person;/);
    expect(issues[0]!.message).toContain(
      '; "Regie", "Directed by" look like role columns of an episode table, which has no role or person column ("Regie" is not a role CrewCount reads)',
    );
  });
});

describe('mapHeaders: columns the sheet cannot use, and headers that look alike', () => {
  it("lists a TV sheet's year column as ignored, and keeps a film sheet's", () => {
    const tv = mapHeaders('f.csv', ['series', 'season', 'episode', 'year', 'role', 'person', 'gender']);
    expect(tv.issues).toEqual([]);
    expect(tv.map?.index.year).toBeUndefined();
    expect(tv.map?.ignored).toEqual(['year']);
    expect(mapHeaders('f.csv', ['Title', 'Year', 'Role', 'Name'], { kind: 'film' }).map?.index.year).toBe(1);
    expect(mapHeaders('f.csv', ['series', 'kind', 'season', 'episode', 'year', 'role', 'person']).map?.index.year).toBe(4);
    const wideTv = mapHeaders('f.csv', ['No. in season', 'Title', 'Year', 'Directed by'], { production: 'P', season: 1 });
    expect(wideTv.map).toMatchObject({ ignored: ['Year'], index: { episode: 0, episode_title: 1 } });
  });

  it("lists a long sheet's overall episode number as ignored: it reads season and episode", () => {
    const { map } = mapHeaders('f.csv', ['series', 'season', 'No. overall', 'episode', 'role', 'person']);
    expect(map?.index.episode_overall).toBeUndefined();
    expect(map?.ignored).toEqual(['No. overall']);
  });

  it('reads "No." as the overall number beside "Ep." or "No. in season", and as the episode alone', () => {
    const o = { production: 'P', season: 1 };
    expect(mapHeaders('f.csv', ['No.', 'Ep.', 'Title', 'Directed by'], o).map?.index).toMatchObject({ episode_overall: 0, episode: 1 });
    expect(mapHeaders('f.csv', ['No.', 'No. in season', 'Title', 'Directed by'], o).map?.index).toMatchObject({ episode_overall: 0, episode: 1 });
    expect(mapHeaders('f.csv', ['No.', 'Title', 'Directed by'], o).map?.index).toMatchObject({ episode: 0 });
  });

  it('reads "Credited as" as the person only when no other column is: beside a name it is that spelling, ignored', () => {
    const both = mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'name', 'credited as', 'gender']);
    expect(both.issues).toEqual([]);
    expect(both.map).toMatchObject({ index: { person: 4 }, ignored: ['credited as'] });
    const before = mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'Credited as', 'Name']);
    expect(before.map).toMatchObject({ index: { person: 5 }, ignored: ['Credited as'] });
    expect(mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'credited as']).map?.index.person).toBe(4);
  });

  it('lets a column named whole win over one read without its aside: "Gender (source)" beside "gender" is ignored', () => {
    const { map, issues } = mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'person', 'Gender (source)', 'gender']);
    expect(issues).toEqual([]);
    expect(map).toMatchObject({ index: { gender: 6 }, ignored: ['Gender (source)'] });
    // two columns that are the gender only by their asides: which one is meant cannot be told
    const two = mapHeaders('f.csv', ['series', 'season', 'episode', 'role', 'person', 'Gender (w/m)', 'Gender (source)']);
    expect(two.issues).toEqual([expect.objectContaining({ column: 7, message: 'header "Gender (source)" means gender, which column 6 ("Gender (w/m)") already gives' })]);
  });
});

describe('mapHeaders: "Series" in its UK sense', () => {
  it('reads "Series" as the season beside a Programme, Show or Production column', () => {
    for (const show of ['Programme', 'Show', 'Production', 'Title of the programme']) {
      const { map, issues } = mapHeaders('f.csv', [show, 'Series', 'Episode', 'Role', 'Name', 'Gender']);
      expect(issues, show).toEqual([]);
      expect(map?.index, show).toMatchObject({ series: 0, season: 1, episode: 2 });
      expect(map?.seasonFromSeries, show).toBe(true);
    }
  });

  it('reads "Series" as the season when --production names the show and no column gives the season', () => {
    const { map } = mapHeaders('f.csv', ['Series', 'Episode', 'Role', 'Name'], { production: 'P' });
    expect(map?.index).toMatchObject({ season: 0, episode: 1 });
    expect(map?.index.series).toBeUndefined();
    expect(mapHeaders('f.csv', ['Series', 'Episode', 'Title', 'Directed by'], { production: 'P' }).map?.index).toMatchObject({ season: 0, episode_title: 2 });
    expect(mapHeaders('f.csv', ['Series no.', 'Episode', 'Directed by'], { production: 'P' }).map?.index).toMatchObject({ season: 0 });
  });

  it('keeps "Series" as the show otherwise, flagging it when no column gives the season', () => {
    const us = mapHeaders('f.csv', ['Series', 'Season', 'Episode', 'Role', 'Name'], { production: 'P' });
    expect(us.map?.index).toMatchObject({ series: 0, season: 1 });
    expect(us.map?.seriesMaySeason).toBeUndefined();
    const alone = mapHeaders('f.csv', ['Series', 'Episode', 'Role', 'Name'], { season: 2 });
    expect(alone.map?.index).toMatchObject({ series: 0 });
    expect(alone.map?.seriesMaySeason).toBe(true);
    const noSeason = mapHeaders('f.csv', ['Series', 'Episode', 'Role', 'Name']);
    expect(noSeason.issues[0]!.message).toContain(
      '; if "Series" numbers seasons, as UK sheets write it, give the show\'s title with --production and it is read as the season',
    );
  });
});

describe('mapHeaders: hints for what a header lacks', () => {
  it('suggests --kind film for a table with a year or release date and no season or episode', () => {
    const { issues } = mapHeaders('f.csv', ['Title', 'Year', 'Directed by', 'Written by']);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^missing required columns season \(or --season\), episode \(No. in season or No. overall\) for a wide sheet/);
    expect(issues[0]!.message).toMatch(/; if the rows are films \(no seasons or episodes\), say so with --kind film \(upload: kind=film\)$/);
    expect(mapHeaders('f.csv', ['Title', 'Directed by']).issues[0]!.message).not.toContain('--kind film');
  });

  it('points from a key-value preamble to the header below it and the options its values give', () => {
    const search = new HeaderSearch(
      (cells) => mapHeaders('f.csv', cells),
      (offered) => preambleHint('f.csv', offered),
    );
    const records = [['Show:', 'Show AM'], ['Season:', '2'], ['Episode', 'Role', 'Name', 'Gender'], ['1', 'Director', 'Ann Lee', 'F']];
    records.forEach((cells, n) => expect(search.offer([1, 2, 4, 5][n]!, cells)).toBeUndefined());
    const found = search.finish();
    expect(found?.map).toBeNull();
    expect(found?.issues.map((i) => [i.line, i.column])).toEqual([
      [1, 0],
      [4, 0],
    ]);
    expect(found?.issues[1]!.message).toBe(
      'line 4 looks like the header, but it has no series or season column; the lines above it give "Show: Show AM" and "Season: 2": import with --production "Show AM" --season 2 (upload: production, season), and the lines above the header are skipped',
    );
    // with the options, the same lines make a clean header below a skipped preamble
    const given = new HeaderSearch((cells) => mapHeaders('f.csv', cells, { production: 'Show AM', season: 2 }));
    expect(given.offer(1, records[0]!)).toBeUndefined();
    expect(given.offer(2, records[1]!)).toBeUndefined();
    expect(given.offer(4, records[2]!)).toMatchObject({ preamble: [1, 2] });
  });

  it('names the options without values when the lines above give none', () => {
    const offered = [
      { line: 1, cells: ['Crew of season 2'], map: null, issues: [] },
      { line: 2, cells: ['Episode', 'Role', 'Name'], map: null, issues: [], missing: ['series'] },
    ];
    expect(preambleHint('f.csv', offered)[0]!.message).toBe(
      'line 2 looks like the header, but it has no series column: import with --production TITLE (upload: production), and the lines above the header are skipped',
    );
    expect(preambleHint('f.csv', [offered[1]!])).toEqual([]); // the first record is reported as it is
    const oneCell = [{ line: 1, cells: ['Season: 2', ''], map: null, issues: [] }, { ...offered[1]!, missing: ['season'] }];
    expect(preambleHint('f.csv', oneCell)[0]!.message).toBe(
      'line 2 looks like the header, but it has no season column; the lines above it give "Season: 2": import with --season 2 (upload: season), and the lines above the header are skipped',
    );
  });
});
