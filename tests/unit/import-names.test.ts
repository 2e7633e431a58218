import { describe, expect, it } from 'vitest';
import { isPlaceholderName, isRoleMark, labelInName, personCellProblem, splitNames, splitWriterParts, withoutFootnotes } from '../../src/import/names.js';

describe('splitNames', () => {
  it.each([
    ['Maren Holt', ['Maren Holt']],
    ['Maren Holt & Sunny Adeyemi', ['Maren Holt', 'Sunny Adeyemi']],
    ['Maren Holt and Sunny Adeyemi', ['Maren Holt', 'Sunny Adeyemi']],
    ['Maren Holt AND Sunny Adeyemi', ['Maren Holt', 'Sunny Adeyemi']],
    ['Maren Holt; Sunny Adeyemi', ['Maren Holt', 'Sunny Adeyemi']],
    ['Maren Holt / Sunny Adeyemi', ['Maren Holt', 'Sunny Adeyemi']],
    ['Maren Holt, Sunny Adeyemi', ['Maren Holt', 'Sunny Adeyemi']],
    ['Maren Holt\nSunny Adeyemi', ['Maren Holt', 'Sunny Adeyemi']],
    // the Oxford comma leaves an empty piece and a leading "and": neither is a name
    ['Tomas Breck, Idris Vale, and Noor Haddad', ['Tomas Breck', 'Idris Vale', 'Noor Haddad']],
    ['Tomas Breck, Idris Vale and Noor Haddad', ['Tomas Breck', 'Idris Vale', 'Noor Haddad']],
  ])('splits %j on the separators the README lists', (cell, names) => {
    expect(splitNames(cell)).toEqual(names);
  });

  it('keeps a generational suffix after a comma with its name', () => {
    expect(splitNames('Marcus Bell, Jr., Ana Ruiz')).toEqual(['Marcus Bell, Jr.', 'Ana Ruiz']);
    expect(splitNames('Ana Ruiz & Marcus Bell, Sr.')).toEqual(['Ana Ruiz', 'Marcus Bell, Sr.']);
    expect(splitNames('Marcus Bell, III, Ana Ruiz')).toEqual(['Marcus Bell, III', 'Ana Ruiz']);
    expect(splitNames('Marcus Bell, jr')).toEqual(['Marcus Bell, jr']);
  });

  it('does not split inside words that contain "and" or at a name that is only a suffix', () => {
    expect(splitNames('Sandra Anderson & Rolando Landa')).toEqual(['Sandra Anderson', 'Rolando Landa']);
    expect(splitNames('Jr.')).toEqual(['Jr.']);
  });

  it('drops reference-page footnote marks and collapses whitespace, composing to NFC', () => {
    expect(splitNames('Tomas Breck[a] & Idris  Vale[12]†')).toEqual(['Tomas Breck', 'Idris Vale']);
    expect(splitNames('Zoe\u0308 Mu\u0308ller')).toEqual(['Zoë Müller']);
  });

  it('names a person once per cell and gives nothing for an empty cell', () => {
    expect(splitNames('Ana Ruiz & Ana Ruiz')).toEqual(['Ana Ruiz']);
    expect(splitNames('')).toEqual([]);
    expect(splitNames(' ; & ')).toEqual([]);
  });
});

describe('splitWriterParts', () => {
  it('cuts a cell at its Story by / Teleplay by labels, with or without colons and spaces', () => {
    expect(splitWriterParts('Story by : Tomas Breck Teleplay by : Idris Vale', null)).toEqual([
      { note: 'Story by', text: ' Tomas Breck ' },
      { note: 'Teleplay by', text: ' Idris Vale' },
    ]);
    expect(splitWriterParts('Story by: Noor Haddad\nTeleplay by: Ravi Menon', null).map((p) => p.note)).toEqual(['Story by', 'Teleplay by']);
    expect(splitWriterParts('Screenplay by Ana Ruiz', null)).toEqual([{ note: 'Screenplay by', text: 'Ana Ruiz' }]);
  });

  it('keeps text before the first label with the column note, and a plain cell whole', () => {
    expect(splitWriterParts('Ana Ruiz; Teleplay by: Idris Vale', null)).toEqual([
      { note: null, text: 'Ana Ruiz; ' },
      { note: 'Teleplay by', text: ' Idris Vale' },
    ]);
    expect(splitWriterParts('Ana Ruiz & Idris Vale', 'Teleplay by')).toEqual([{ note: 'Teleplay by', text: 'Ana Ruiz & Idris Vale' }]);
    // "Written by" inside a cell is a plain writer credit
    expect(splitWriterParts('Written by: Ana Ruiz', null)).toEqual([{ note: null, text: ' Ana Ruiz' }]);
  });
});

describe('isPlaceholderName', () => {
  it('knows the ways sheets hold a name’s place', () => {
    for (const s of ['TBA', 'tbd', 'To be announced', 'N/A', 'n / a', 'N.A.', 'none', 'Nobody', 'Unknown', 'unknown director', 'uncredited', 'Not credited', 'Various', 'various writers', '-', '—', '?', '??', '…'])
      expect(isPlaceholderName(s), s).toBe(true);
  });
  it('leaves names alone, also short or odd ones', () => {
    for (const s of ['Na', 'Na Hong-jin', 'Ana', 'Noa', 'Tba Kim', 'Nonesuch', 'Unknown Mortal Orchestra Band', 'Zoë', 'X', '9'])
      expect(isPlaceholderName(s), s).toBe(false);
  });
});

describe('personCellProblem', () => {
  it('refuses a placeholder, and several people joined by &, /, and, ; or a line break', () => {
    expect(personCellProblem('N/A', 'N/A')).toMatch(/holds a place/);
    for (const [cell, name] of <Array<[string, string]>>[
      ['A & B', 'A & B'],
      ['A and B', 'A and B'],
      ['A / B', 'A / B'],
      ['A; B', 'A; B'],
      ['Ann Lee\nBo Kim', 'Ann Lee Bo Kim'],
      ['Ann Lee\r\n  Bo Kim', 'Ann Lee Bo Kim'],
    ])
      expect(personCellProblem(cell, name), cell).toMatch(/names more than one person/);
  });
  it('accepts one person however written', () => {
    for (const [cell, name] of <Array<[string, string]>>[
      ['Martin Luther King, Jr.', 'Martin Luther King, Jr.'],
      ['Ruiz, Ana', 'Ruiz, Ana'],
      ['AT&T', 'AT&T'],
      ['Ana Ruiz\n', 'Ana Ruiz'],
      ['\n Ana Ruiz', 'Ana Ruiz'],
      ['Anderson Cooper', 'Anderson Cooper'],
    ])
      expect(personCellProblem(cell, name), cell).toBeNull();
  });
});

describe('names in cells copied from web pages and Mac sheets', () => {
  it('splits at a lone CR, a line separator (U+2028) or a paragraph separator (U+2029), as at a line feed', () => {
    for (const br of ['\r', '\u2028', '\u2029', '\r\n']) expect(splitNames(`Ann Lee${br}Bo Kim`), JSON.stringify(br)).toEqual(['Ann Lee', 'Bo Kim']);
  });

  it('refuses a long or people sheet cell of two names on two lines, whatever ends the first', () => {
    for (const br of ['\r', '\u2028', '\u2029', ' \r  '])
      expect(personCellProblem(`Ann Lee${br}Bo Kim`, 'Ann Lee Bo Kim'), JSON.stringify(br)).toMatch(/names more than one person/);
    expect(personCellProblem('Ann Lee\r', 'Ann Lee')).toBeNull();
  });

  it('drops Wikipedia’s inline maintenance tags as it drops footnote marks', () => {
    for (const tag of ['[citation needed]', '[better source needed]', '[clarification needed]', '[who?]', '[when?]', '[failed verification]', '[dubious – discuss]'])
      expect(splitNames(`Ava DuVernay${tag} & Bo Kim`), tag).toEqual(['Ava DuVernay', 'Bo Kim']);
    expect(withoutFootnotes('Ava DuVernay[citation needed]').trim()).toBe('Ava DuVernay');
    // an aside of more words than a footnote mark, in capitals, stays: it is no tag
    expect(withoutFootnotes('Ava DuVernay [As Credited On Screen Here]')).toBe('Ava DuVernay [As Credited On Screen Here]');
  });
});

describe('role marks (Yes, No, ✔) instead of names', () => {
  it('knows the ways a filmography marks whether someone had a role', () => {
    for (const s of ['Yes', 'NO', 'y', 'N', 'x', 'X', '✔', '✓', '✗', '✘', '✔\ufe0f', '✅', '❌'])
      expect(isRoleMark(s), s).toBe(true);
  });

  it('leaves names alone, also those that start like a mark', () => {
    for (const s of ['Noa', 'Yesim', 'Nora', 'Yoshi', 'Xu', 'Y. Kim', 'No Hong-chul', 'Yes Yes', 'Ana Ruiz']) expect(isRoleMark(s), s).toBe(false);
  });

  it('refuses a long or people sheet’s person cell that is a mark, saying it names nobody', () => {
    for (const s of ['Yes', 'No', '✔', '✗', 'Y'])
      expect(personCellProblem(s, s), s).toBe(`person "${s}" marks whether someone had the role instead of naming them; the sheet needs the person's name`);
    expect(personCellProblem('Noa', 'Noa')).toBeNull();
  });
});

describe('writer labels glued to the name before them', () => {
  it('cuts at a capitalised label right after a lower-case letter, as pandas.read_html flattens a line break', () => {
    expect(splitWriterParts('Story by : Tomas BreckTeleplay by : Idris Vale', null)).toEqual([
      { note: 'Story by', text: ' Tomas Breck' },
      { note: 'Teleplay by', text: ' Idris Vale' },
    ]);
    expect(splitWriterParts('Ana RuizScreenplay by: Bo Kim', null).map((p) => p.note)).toEqual([null, 'Screenplay by']);
  });

  it('leaves a word that merely ends in a label’s letters alone', () => {
    expect(splitWriterParts('Ana Storyteller by Bo Kim', null)).toEqual([{ note: null, text: 'Ana Storyteller by Bo Kim' }]);
  });

  it('refuses a name that still holds a "by:" label', () => {
    expect(personCellProblem('Directed by: Ana Ruiz', 'Directed by: Ana Ruiz')).toMatch(/^person "Directed by: Ana Ruiz" is not a name: it holds the label "by:"/);
    expect(personCellProblem('Kirby: Ana', 'Kirby: Ana')).toBeNull();
    expect(labelInName('Story by : Ana Ruiz')).toBe(true);
    expect(labelInName('Ana Ruiz')).toBe(false);
  });
});
