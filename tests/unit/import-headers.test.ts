import { describe, expect, it } from 'vitest';
import { FIELDS, HEADER_ALIASES, mapHeaders, REQUIRED_FIELDS } from '../../src/import/headers.js';

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
