/**
 * Name and date cells as they come from reference pages, wikis and credit
 * blocks, imported into a real database. Each sheet here was once stored
 * wrong without a word: "ASC" credited as a cinematographer on every
 * episode, "[Ann Lee]" crediting nobody, "Ann Lee (Parts 1" and "2)" as two
 * people, "Ann Lee with Bo Kim" as one, "Directed by Ann Lee" and "Director
 * TBA" as people, "Ann Lee^" beside Ann Lee, a date or a URL as a name, and
 * an empty date cell's 1899-12-30 as a season's air date.
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/import/service.js';
import { importPeople } from '../../src/people/service.js';
import { creditLines, databasePerTest, freshDb, snapshot, tempFile } from '../helpers/db.js';

let db: Knex;
databasePerTest(freshDb, (d) => (db = d));

const LONG_HEADER = 'series,season,episode,air_date,role,person,gender';

describe('a wide sheet copied from a reference page or a wiki', () => {
  it('credits each person once, whatever marks, links, asides and joins the cells hold', async () => {
    const sheet = tempFile(
      'wide.csv',
      [
        'No. in season,Title,Directed by,Written by,Cinematography by,Edited by',
        '1,A,"[[Ann Lee]] & [[Bo Kim (director)|Bo Kim]]","Cy Park w/ Dee Ray","Eve Moss, ASC","Fay Wu, A.C.E."',
        '2,B,"Ann Lee (Parts 1 & 2)","Cy Park<br />Dee Ray","Eve Moss, ASC, BSC","Fay Wu, ACE & Gil Ho"',
        '3,C,"Ann Lee\n(Part 1)","Cy Park + Dee Ray | Ivy Ng","Eve Moss¹","""Fay Wu"""',
        '4,D,"Ann Lee^ · Bo Kim[lower-alpha 1]","Cy Park，Dee Ray；Ivy Ng","Eve Moss♦","Fay Wu, Jr., ACE"',
        '5,E,Director TBA,"Cy Park, Dee Ray et al.",n/k,(uncredited)',
        '6,F,"José Ortega y Gasset","Story: Cy Park\nTeleplay: Dee Ray",Eve Moss #,Fay Wu [citation needed]',
      ].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet }], { production: 'Wiki Show', season: 1 });
    expect(summary.issues).toEqual([]);
    // Director TBA, n/k, (uncredited) and "et al." credit nobody.
    expect(summary.files[0]).toMatchObject({ format: 'wide', rowsRead: 6, placeholders: 4 });
    expect(await creditLines(db)).toEqual([
      'Wiki Show | S1E1 | cinematographer | Eve Moss | unknown',
      'Wiki Show | S1E1 | director | Ann Lee | unknown',
      'Wiki Show | S1E1 | director | Bo Kim | unknown',
      'Wiki Show | S1E1 | editor | Fay Wu | unknown',
      'Wiki Show | S1E1 | writer | Cy Park | unknown',
      'Wiki Show | S1E1 | writer | Dee Ray | unknown',
      'Wiki Show | S1E2 | cinematographer | Eve Moss | unknown',
      'Wiki Show | S1E2 | director | Ann Lee (Parts 1 & 2) | unknown',
      'Wiki Show | S1E2 | editor | Fay Wu | unknown',
      'Wiki Show | S1E2 | editor | Gil Ho | unknown',
      'Wiki Show | S1E2 | writer | Cy Park | unknown',
      'Wiki Show | S1E2 | writer | Dee Ray | unknown',
      'Wiki Show | S1E3 | cinematographer | Eve Moss | unknown',
      'Wiki Show | S1E3 | director | Ann Lee (Part 1) | unknown',
      'Wiki Show | S1E3 | editor | Fay Wu | unknown',
      'Wiki Show | S1E3 | writer | Cy Park | unknown',
      'Wiki Show | S1E3 | writer | Dee Ray | unknown',
      'Wiki Show | S1E3 | writer | Ivy Ng | unknown',
      'Wiki Show | S1E4 | cinematographer | Eve Moss | unknown',
      'Wiki Show | S1E4 | director | Ann Lee | unknown',
      'Wiki Show | S1E4 | director | Bo Kim | unknown',
      'Wiki Show | S1E4 | editor | Fay Wu, Jr. | unknown',
      'Wiki Show | S1E4 | writer | Cy Park | unknown',
      'Wiki Show | S1E4 | writer | Dee Ray | unknown',
      'Wiki Show | S1E4 | writer | Ivy Ng | unknown',
      'Wiki Show | S1E5 | writer | Cy Park | unknown',
      'Wiki Show | S1E5 | writer | Dee Ray | unknown',
      'Wiki Show | S1E6 | cinematographer | Eve Moss | unknown',
      'Wiki Show | S1E6 | director | José Ortega y Gasset | unknown',
      'Wiki Show | S1E6 | editor | Fay Wu | unknown',
      'Wiki Show | S1E6 | writer | Cy Park | unknown | Story by',
      'Wiki Show | S1E6 | writer | Dee Ray | unknown | Teleplay by',
    ]);
    expect(await db('people').whereIn('name', ['ASC', 'BSC', 'ACE', 'A.C.E.', 'n', 'k', 'al.']).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('refuses each cell that holds something other than names, at its line and column, and stores nothing', async () => {
    const sheet = tempFile(
      'wide-bad.csv',
      [
        'No. in season,Title,Directed by,Written by',
        '1,A,[Ann Lee],"Bo Kim [Ann Lee]"',
        '2,B,Ann Lee [[Bo Kim]],"Screenplay by Eve Moss, based on a story by Fay Wu"',
        '3,C,Directed by Ann Lee,Based on the novel by Ivy Ng',
        '4,D,1.23,"March 2, 2018"',
        '5,E,http://example.org/ann,ann.lee@example.org',
      ].join('\n'),
    );
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: sheet, name: 'wide-bad.csv' }], { production: 'Wiki Show', season: 1 });
    const brackets = (name: string, inside: string): string =>
      `"${name}" holds "${inside}" in square brackets, which is not a footnote mark; write the name without them (an aside such as "(uncredited)" goes in round brackets)`;
    const source = (cell: string, words: string): string =>
      `"${cell}" names the source material ("${words} …"), not a credit of the episode; give the episode's writers alone (their own credits, such as Story by), and leave out the source's author`;
    const notAName = (cell: string, kind: string): string => `"${cell}" is not a name but ${kind}; give the people's names (is a column shifted?)`;
    expect(summary.issues).toEqual([
      { file: 'wide-bad.csv', line: 2, column: 3, value: '[Ann Lee]', message: brackets('[Ann Lee]', '[Ann Lee]') },
      { file: 'wide-bad.csv', line: 2, column: 4, value: 'Bo Kim [Ann Lee]', message: brackets('Bo Kim [Ann Lee]', '[Ann Lee]') },
      {
        file: 'wide-bad.csv',
        line: 3,
        column: 3,
        value: 'Ann Lee [[Bo Kim]]',
        message: '"Ann Lee [[Bo Kim]]" runs the wiki link "[[Bo Kim]]" together with other text; write each name on its own',
      },
      {
        file: 'wide-bad.csv',
        line: 3,
        column: 4,
        value: 'Screenplay by Eve Moss, based on a story by Fay Wu',
        message: source('Screenplay by Eve Moss, based on a story by Fay Wu', 'based on'),
      },
      {
        file: 'wide-bad.csv',
        line: 4,
        column: 3,
        value: 'Directed by Ann Lee',
        message: '"Directed by Ann Lee" is not a name: it holds the credit label "Directed by"; write the names alone',
      },
      { file: 'wide-bad.csv', line: 4, column: 4, value: 'Based on the novel by Ivy Ng', message: source('Based on the novel by Ivy Ng', 'Based on') },
      { file: 'wide-bad.csv', line: 5, column: 3, value: '1.23', message: notAName('1.23', 'a number or a date') },
      { file: 'wide-bad.csv', line: 5, column: 4, value: 'March 2, 2018', message: notAName('March 2, 2018', 'a date') },
      { file: 'wide-bad.csv', line: 6, column: 3, value: 'http://example.org/ann', message: notAName('http://example.org/ann', 'a web address') },
      { file: 'wide-bad.csv', line: 6, column: 4, value: 'ann.lee@example.org', message: notAName('ann.lee@example.org', 'an e-mail address') },
    ]);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('a long sheet', () => {
  it('reads one person however the cell marks or wraps the name, and "Bo Kim, ASC" as Bo Kim', async () => {
    const rows = [
      ['1', 'cinematographer', '"Bo Kim, ASC"', 'M'],
      ['2', 'cinematographer', 'Bo Kim', 'M'],
      ['3', 'cinematographer', '"Bo Kim, A.S.C."', ''],
      ['1', 'director', 'Ann Lee^', 'F'],
      ['2', 'director', 'Ann Lee¹', ''],
      ['3', 'director', 'Ann Lee #', ''],
      ['4', 'director', '"""Ann Lee"""', ''],
      ['5', 'director', '“Ann Lee”', ''],
      ['6', 'director', 'Ann Lee [lower-alpha 1]', ''],
      ['7', 'director', '[[Ann Lee]]', ''],
      ['8', 'director', '"Ann Lee\n(Part 1)"', ''],
      ['9', 'director', 'Ann Lee (Parts 1 & 2)', ''],
      ['1', 'editor', '"Cy Park, Jr."', ''],
      ['1', 'writer', 'José Ortega y Gasset', ''],
    ];
    const sheet = tempFile('long.csv', [LONG_HEADER, ...rows.map(([e, role, person, g]) => `Long Show,1,${e},2018-03-0${e},${role},${person},${g}`)].join('\n'));
    const summary = await importFiles(db, [{ path: sheet }]);
    expect(summary.issues).toEqual([]);
    expect(await db('people').orderBy('name').select('name', 'gender')).toEqual([
      { name: 'Ann Lee', gender: 'woman' },
      { name: 'Ann Lee (Part 1)', gender: 'unknown' },
      { name: 'Ann Lee (Parts 1 & 2)', gender: 'unknown' },
      { name: 'Bo Kim', gender: 'man' },
      { name: 'Cy Park, Jr.', gender: 'unknown' },
      { name: 'José Ortega y Gasset', gender: 'unknown' },
    ]);
  });

  it('refuses a cell that names two people, a label, a placeholder or no name, showing the cell', async () => {
    const cells = [
      'Ann Lee + Bo Kim',
      'Ann Lee with Bo Kim',
      'Ann Lee | Bo Kim',
      'Ann Lee ＆ Bo Kim',
      'Ann Lee und Bo Kim',
      'Ann Lee<br>Bo Kim',
      'Directed by Ann Lee',
      'Director: Ann Lee',
      'Based on the novel by Ivy Ng',
      'Director TBA',
      'n/k',
      '(uncredited)',
      '[Ann Lee]',
      '2018-03-02',
      'www.example.org',
      '[1]',
    ];
    const sheet = tempFile('long-bad.csv', [LONG_HEADER, ...cells.map((c, i) => `Long Show,1,${i + 1},,director,"${c}",F`)].join('\n'));
    const before = await snapshot(db);
    const summary = await importFiles(db, [{ path: sheet, name: 'long-bad.csv' }]);
    expect(summary.issues.map((i) => [i.line, i.column, i.value, i.message.replace(/;.*/, '')])).toEqual([
      [2, 6, 'Ann Lee + Bo Kim', 'person "Ann Lee + Bo Kim" names more than one person'],
      [3, 6, 'Ann Lee with Bo Kim', 'person "Ann Lee with Bo Kim" names more than one person'],
      [4, 6, 'Ann Lee | Bo Kim', 'person "Ann Lee | Bo Kim" names more than one person'],
      [5, 6, 'Ann Lee ＆ Bo Kim', 'person "Ann Lee ＆ Bo Kim" names more than one person'],
      [6, 6, 'Ann Lee und Bo Kim', 'person "Ann Lee und Bo Kim" names more than one person'],
      [7, 6, 'Ann Lee<br>Bo Kim', 'person "Ann Lee Bo Kim" names more than one person'],
      [8, 6, 'Directed by Ann Lee', 'person "Directed by Ann Lee" is not a name: it holds the credit label "Directed by"'],
      [9, 6, 'Director: Ann Lee', 'person "Director: Ann Lee" is not a name: it holds the credit label "Director:"'],
      [10, 6, 'Based on the novel by Ivy Ng', 'person "Based on the novel by Ivy Ng" names the source material ("Based on …"), not a credit of the episode'],
      [11, 6, 'Director TBA', 'person "Director TBA" holds a place instead of naming someone'],
      [12, 6, 'n/k', 'person "n/k" holds a place instead of naming someone'],
      [13, 6, '(uncredited)', 'person "(uncredited)" holds a place instead of naming someone'],
      [14, 6, '[Ann Lee]', 'person "[Ann Lee]" holds "[Ann Lee]" in square brackets, which is not a footnote mark'],
      [15, 6, '2018-03-02', 'person "2018-03-02" is not a name but a number or a date'],
      [16, 6, 'www.example.org', 'person "www.example.org" is not a name but a web address'],
      [17, 6, '[1]', 'person "[1]" holds no name, only footnote marks'],
    ]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses the date a spreadsheet shows for an empty date cell, a year out of range and two different dates', async () => {
    const sheet = tempFile(
      'dates.csv',
      [
        LONG_HEADER,
        'Date Show,1,1,2018-03-02,director,Ann Lee,F',
        'Date Show,1,2,1899-12-30,director,Ann Lee,F',
        'Date Show,1,3,9999-12-31,director,Ann Lee,F',
        'Date Show,1,4,"March 2, 2018 (2018-03-09)",director,Ann Lee,F',
        'Date Show,1,5,1900-01-00,director,Ann Lee,F',
      ].join('\n'),
    );
    const summary = await importFiles(db, [{ path: sheet, name: 'dates.csv' }]);
    expect(summary.issues.map((i) => [i.line, i.column, i.value, i.message.replace(/ \(.*|;.*/, '')])).toEqual([
      [3, 4, '1899-12-30', 'air date "1899-12-30" is the date a spreadsheet shows for an empty or zero date cell'],
      [4, 4, '9999-12-31', expect.stringMatching(/^air date "9999-12-31" is after \d{4}, more than 10 years from now$/)],
      [5, 4, 'March 2, 2018 (2018-03-09)', 'air date "March 2, 2018'],
      [6, 4, '1900-01-00', 'air date "1900-01-00" is the date a spreadsheet shows for an empty or zero date cell'],
    ]);
    expect(summary.issues[2]!.message).toBe('air date "March 2, 2018 (2018-03-09)" gives two different dates, 2018-03-02 and 2018-03-09; keep the right one');
    expect(await db('episodes').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('a people sheet', () => {
  it('gives "Bo Kim, ASC" the gender of the person Bo Kim, and refuses "Ann Lee with Bo Kim"', async () => {
    expect((await importFiles(db, [{ path: tempFile('c.csv', `${LONG_HEADER}\nP Show,1,1,,cinematographer,Bo Kim,\n`) }])).issues).toEqual([]);
    const ok = await importPeople(db, [{ path: tempFile('p.csv', 'person,gender\n"Bo Kim, ASC",man\n'), name: 'p.csv' }]);
    expect(ok.issues).toEqual([]);
    expect(await db('people').select('name', 'gender')).toEqual([{ name: 'Bo Kim', gender: 'man' }]);
    const bad = await importPeople(db, [{ path: tempFile('q.csv', 'person,gender\nAnn Lee with Bo Kim,woman\n'), name: 'q.csv' }]);
    expect(bad.issues.map((i) => i.message.replace(/;.*/, ''))).toEqual(['person "Ann Lee with Bo Kim" names more than one person']);
  });
});
