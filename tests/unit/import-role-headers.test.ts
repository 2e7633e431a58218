import { describe, expect, it } from 'vitest';
import { FOREIGN_ROLE_WORDS, parseRole, ROLE_HEADERS, ROLE_WORDS, ROLES } from '../../src/domain/roles.js';
import { isGenderHeader, readRoleHeader } from '../../src/import/role-headers.js';

const roles = (cell: string): Array<[string, string | null]> | undefined => readRoleHeader(cell)?.roles?.map((r) => [r.role, r.note]);

describe('readRoleHeader', () => {
  it.each([
    ['Directed by', [['director', null]]],
    ['Director(s)', [['director', null]]],
    ['Co-directed by', [['director', null]]],
    ['Co-director', [['director', null]]],
    ['Co-written by', [['writer', null]]],
    ['Screenwriter', [['writer', null]]],
    ['Teleplay by[a]', [['writer', 'Teleplay by']]],
  ])('reads a synonym: %j', (cell, expected) => {
    expect(roles(cell)).toEqual(expected);
  });

  it.each([
    ['Director 1', [['director', null]]],
    ['Director 2', [['director', null]]],
    ['Writer 2', [['writer', null]]],
    ['Writer #2', [['writer', null]]],
    ['Director no. 3', [['director', null]]],
    ['Directed by (Part 1)', [['director', null]]],
    ['Directed By (Part 2)[b]', [['director', null]]],
    ['Directed by (part two)', [['director', null]]],
    ['Directed by – Part II', [['director', null]]],
    ['Director (2)', [['director', null]]],
    ['Teleplay by (Part 2)', [['writer', 'Teleplay by']]],
    ['DP 2', [['cinematographer', null]]],
  ])('reads a numbered column as one more of its role: %j', (cell, expected) => {
    expect(roles(cell)).toEqual(expected);
  });

  it.each([
    ['Written and directed by', [['writer', null], ['director', null]]],
    ['Written & Directed by', [['writer', null], ['director', null]]],
    ['Directed and written by', [['director', null], ['writer', null]]],
    ['Writer/Director', [['writer', null], ['director', null]]],
    ['Writer-director', [['writer', null], ['director', null]]],
    ['Writer–Director 2', [['writer', null], ['director', null]]],
    ['Co-written & directed by', [['writer', null], ['director', null]]],
    ['Created and produced by', [['creator', null], ['producer', null]]],
    // the same role twice: one column whose credits carry both parts
    ['Story and teleplay by', [['writer', 'Story by; Teleplay by']]],
  ])('reads joined roles, each name credited in each: %j', (cell, expected) => {
    expect(roles(cell)).toEqual(expected);
  });

  it.each([
    ['Showrunner', 'executive_producer'],
    ['Show runner', 'executive_producer'],
    ['Guest director', 'director'],
    ['Additional writing by', 'writer'],
    ['Written by (uncredited)', 'writer'],
    ['Directed by (uncredited)', 'director'],
    ['Assistant director', 'director'],
    ['Director of photography (2nd unit)', 'cinematographer'],
    ['Camera operator', 'cinematographer'],
    ['Story editor', 'writer'],
    ['Co-producer', 'producer'],
    ['Co-executive producer', 'executive_producer'],
    ['Episode writer', 'writer'],
  ])('refuses a crew job it does not count, naming the nearest role and the header to rename it to: %j', (cell, nearest) => {
    const read = readRoleHeader(cell);
    expect(read?.roles).toBeUndefined();
    expect(read?.nearest).toBe(nearest);
    expect(read?.problem).toContain(`header "${cell}" names a crew job that is not one of the roles CrewCount counts`);
    expect(read?.problem).toContain(`rename the column "${ROLE_HEADERS[nearest as keyof typeof ROLE_HEADERS]}"`);
    expect(read?.problem).toContain('or delete the column');
  });

  it.each([
    ['Regie', 'director'],
    ['Drehbuch', 'writer'],
    ['Kamera', 'cinematographer'],
    ['Schnitt', 'editor'],
    ['Réalisation', 'director'],
    ['Scénario', 'writer'],
    ['Montage', 'editor'],
    ['Directeur de la photographie', 'cinematographer'],
    ['Dirección', 'director'],
    ['Guion', 'writer'],
    ['Guión', 'writer'],
    ['Fotografía', 'cinematographer'],
    ['Montaje', 'editor'],
    ['Regia', 'director'],
    ['Sceneggiatura', 'writer'],
    ['Reżyseria', 'director'],
  ])('refuses a crew credit in another language, suggesting the English header: %j', (cell, nearest) => {
    const read = readRoleHeader(cell);
    expect(read?.roles).toBeUndefined();
    expect(read?.nearest).toBe(nearest);
    expect(read?.problem).toMatch(/looks like a crew credit in another language \(.+\?\), and CrewCount reads role headers in English/);
  });

  it.each([
    'No. overall',
    'Title',
    'Original air date',
    'Production code',
    'Prod. code',
    'U.S. viewers (millions)',
    'Story arc',
    'Last edited time',
    'Created',
    'Season 2',
    'Part 1',
    'Runtime',
    'Notes',
    'Music by',
    '',
  ])('leaves a header that is not about roles alone: %j', (cell) => {
    expect(readRoleHeader(cell)).toBeUndefined();
  });

  it('knows gender headers, which are no roles', () => {
    for (const cell of ['Gender', 'Writer gender', 'Sex (m/f)', 'Director Gender']) expect(isGenderHeader(cell), cell).toBe(true);
    for (const cell of ['Genre', 'Sexton', 'Directed by']) expect(isGenderHeader(cell), cell).toBe(false);
  });
});

describe('the role vocabulary', () => {
  it('suggests, for each role, a header that is one of its synonyms', () => {
    for (const role of ROLES) expect(parseRole(ROLE_HEADERS[role])).toBe(role);
  });

  it('keeps the words of crew jobs and of other languages apart from the roles they are near, which they are not read as', () => {
    for (const word of [...Object.keys(ROLE_WORDS), ...Object.keys(FOREIGN_ROLE_WORDS)]) {
      const read = readRoleHeader(word);
      // a word that is itself a synonym ("director") is read as that role; every other one is refused
      if (parseRole(word)) expect(read?.roles, word).toBeDefined();
      else expect(read?.problem, word).toBeDefined();
    }
  });
});
