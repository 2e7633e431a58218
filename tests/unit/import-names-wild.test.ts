/**
 * Name cells as they come from reference pages, wikis and credit blocks,
 * each of which was once stored wrong without a word: a society's
 * post-nominal as a person, a bracketed name dropped, two people as one, a
 * credit label or a placeholder as a person, a footnote mark making a
 * second person, a number or an address as a name.
 */
import { describe, expect, it } from 'vitest';
import { orderFreeKey } from '../../src/import/name-variants.js';
import { isPlaceholderName, labelInName, nameProblem, personCellProblem, splitNames } from '../../src/import/names.js';
import { personName, readPersonCell } from '../../src/import/values.js';

const EMPTY = 'person is empty';
/** A long or people sheet's cell as read: the name stored and the problem, or null. */
const read = (cell: string): [string, string | null] => {
  const { name, problem } = readPersonCell(cell, EMPTY);
  return [name, problem];
};

describe('post-nominals after a comma (finding 1)', () => {
  it('drops a society post-nominal in a wide cell instead of crediting it as a person', () => {
    for (const code of ['ASC', 'BSC', 'CSC', 'ACS', 'NZCS', 'ISC', 'AFC', 'AIC', 'AEC', 'BVK', 'DFF', 'FNF', 'FSF', 'NSC', 'SBC', 'HKSC', 'JSC', 'IMAGO', 'ACE', 'BFE', 'CCE', 'ASE'])
      expect(splitNames(`Bo Kim, ${code}`), code).toEqual(['Bo Kim']);
    expect(splitNames('Cy Park, A.C.E.')).toEqual(['Cy Park']);
    expect(splitNames('Bo Kim, A.S.C., B.S.C. & Cy Park, ACE')).toEqual(['Bo Kim', 'Cy Park']);
    expect(splitNames('Ann Lee, Bo Kim, ASC')).toEqual(['Ann Lee', 'Bo Kim']);
  });

  it('reads a long or people sheet’s "Bo Kim, ASC" as the person Bo Kim', () => {
    expect(read('Bo Kim, ASC')).toEqual(['Bo Kim', null]);
    expect(read('Bo Kim, A.S.C., BSC')).toEqual(['Bo Kim', null]);
    expect(read('Ann Lee, Jr., ACE')).toEqual(['Ann Lee, Jr.', null]);
  });

  it('drops a degree too: the same person is credited with and without it', () => {
    expect(splitNames('Eve Moss, MD')).toEqual(['Eve Moss']);
    expect(splitNames('Fay Wu, PhD & Gil Ho, Esq.')).toEqual(['Fay Wu', 'Gil Ho']);
    expect(read('Fay Wu, Ph.D.')).toEqual(['Fay Wu', null]);
  });

  it('keeps generational suffixes with the name, 3rd and V included', () => {
    expect(splitNames('Ann Lee, 3rd, Bo Kim, V')).toEqual(['Ann Lee, 3rd', 'Bo Kim, V']);
    expect(splitNames('Martin Luther King, Jr.')).toEqual(['Martin Luther King, Jr.']);
    expect(read('King, Jr.')).toEqual(['King, Jr.', null]);
  });

  it('leaves a given name that looks like one alone: "Frehley, Ace", "RAHMAN, MD" in a sheet of capitals', () => {
    expect(read('Frehley, Ace')).toEqual(['Frehley, Ace', null]);
    expect(read('FREHLEY, ACE')).toEqual(['FREHLEY, ACE', null]);
    expect(read('Rahman, Md')).toEqual(['Rahman, Md', null]);
    expect(read('Ruiz,Ana')).toEqual(['Ruiz,Ana', null]); // no post-nominal: not respaced
  });

  it('pairs a name stored with its post-nominal with the name without it, for the summary’s check lines', () => {
    expect(orderFreeKey('bo kim, asc')).toBe(orderFreeKey('bo kim'));
    expect(orderFreeKey('bo kim a.c.e.')).toBe(orderFreeKey('bo kim'));
    expect(orderFreeKey('tom ace')).not.toBe(orderFreeKey('tom'));
  });
});

describe('square brackets (finding 2)', () => {
  it('drops real footnote marks and maintenance tags only', () => {
    for (const mark of ['[1]', '[12]', '[a]', '[b]', '[A]', '[iv]', '[note 1]', '[nb 2]', '[N 3]', '[lower-alpha 1]', '[upper-roman 2]', '[citation needed]', '[who?]', '[by whom?]', '[sic]', '[dead link]'])
      expect(splitNames(`Ann Lee${mark} & Bo Kim`), mark).toEqual(['Ann Lee', 'Bo Kim']);
  });

  it('keeps a name in square brackets, so that it is refused rather than lost', () => {
    expect(splitNames('[Ann Lee]')).toEqual(['[Ann Lee]']);
    expect(splitNames('Bo Kim [Ann Lee]')).toEqual(['Bo Kim [Ann Lee]']);
    expect(nameProblem('[Ann Lee]', true)?.what).toBe('holds "[Ann Lee]" in square brackets, which is not a footnote mark');
    const [name, problem] = read('[Ann Lee]');
    expect(name).toBe('[Ann Lee]');
    expect(problem).toMatch(/^person "\[Ann Lee\]" holds "\[Ann Lee\]" in square brackets, which is not a footnote mark; /);
    expect(read('Ann Lee [uncredited]')[1]).toMatch(/in square brackets/);
  });

  it('unwraps wiki links to the name the page shows', () => {
    expect(splitNames('[[Ann Lee]]')).toEqual(['Ann Lee']);
    expect(splitNames('[[Ann Lee]] & [[Bo Kim (director)|Bo Kim]]')).toEqual(['Ann Lee', 'Bo Kim']);
    expect(splitNames('[[Bo Kim (director)|]]')).toEqual(['Bo Kim']);
    expect(read('[[Ann Lee]]')).toEqual(['Ann Lee', null]);
    expect(read('[[Ann Lee]], Jr.')).toEqual(['Ann Lee, Jr.', null]);
    expect(read('[[Ann Lee]] & [[Bo Kim]]')[1]).toMatch(/names more than one person/);
  });

  it('refuses a wiki link run together with another name instead of storing "Ann Lee [ ]"', () => {
    expect(splitNames('Ann Lee [[Bo Kim]]')).toEqual(['Ann Lee [[Bo Kim]]']);
    expect(read('Ann Lee [[Bo Kim]]')[1]).toBe('person "Ann Lee [[Bo Kim]]" runs the wiki link "[[Bo Kim]]" together with other text; write each name on its own');
  });

  it('names the cell when nothing but marks is left of it', () => {
    expect(read('[1]')).toEqual(['', 'person "[1]" holds no name, only footnote marks; give the person\'s name']);
    expect(read('  ')).toEqual(['', EMPTY]);
    expect(read('')).toEqual(['', EMPTY]);
  });
});

describe('where a cell is cut (finding 3)', () => {
  it('never cuts inside brackets', () => {
    expect(splitNames('Ann Lee (Parts 1 & 2)')).toEqual(['Ann Lee (Parts 1 & 2)']);
    expect(splitNames('Ann Lee (Parts 1 and 2), Bo Kim (S1; S2)')).toEqual(['Ann Lee (Parts 1 and 2)', 'Bo Kim (S1; S2)']);
    expect(read('Ann Lee (Parts 1 & 2)')).toEqual(['Ann Lee (Parts 1 & 2)', null]);
    expect(read('Ann Lee (Part 1, 2)')).toEqual(['Ann Lee (Part 1, 2)', null]);
  });

  it('gives a line that is only an aside to the name above it', () => {
    expect(splitNames('Ann Lee\n(Part 1)\nBo Kim\n(Part 2)')).toEqual(['Ann Lee (Part 1)', 'Bo Kim (Part 2)']);
    expect(read('Ann Lee\n(Part 1)')).toEqual(['Ann Lee (Part 1)', null]);
  });

  it('reads HTML line breaks as line breaks', () => {
    for (const br of ['<br>', '<br/>', '<br />', '<BR>', '</br>']) expect(splitNames(`Ann Lee${br}Bo Kim`), br).toEqual(['Ann Lee', 'Bo Kim']);
    expect(read('Ann Lee<br />Bo Kim')[1]).toMatch(/names more than one person/);
  });

  it('reads "w/" as "with"', () => {
    expect(splitNames('Cy Park w/ Dee Ray')).toEqual(['Cy Park', 'Dee Ray']);
    expect(read('Cy Park w/ Dee Ray')[1]).toMatch(/names more than one person/);
  });
});

describe('more ways to join two people (finding 4)', () => {
  const JOINED = ['Ann Lee + Bo Kim', 'Ann Lee with Bo Kim', 'Ann Lee | Bo Kim', 'Ann Lee · Bo Kim', 'Ann Lee、Bo Kim', 'Ann Lee ＆ Bo Kim', 'Ann Lee ／ Bo Kim', 'Ann Lee；Bo Kim', 'Ann Lee，Bo Kim', 'Ann Lee und Bo Kim', 'Ann Lee et Bo Kim', 'Ann Lee ⁄ Bo Kim'];

  it('cuts a wide cell at each', () => {
    for (const cell of JOINED) expect(splitNames(cell), cell).toEqual(['Ann Lee', 'Bo Kim']);
  });

  it('refuses each in a long or people sheet', () => {
    for (const cell of JOINED) expect(read(cell)[1], cell).toBe(`person "${cell}" names more than one person; give each their own row (a row's gender is one person's)`);
    expect(read('Ann Lee et al.')[1]).toMatch(/names more than one person/);
  });

  it('keeps names that hold those letters or marks: "y" of a Spanish double surname, a Catalan middle dot, "AT&T"', () => {
    for (const cell of ['José Ortega y Gasset', 'Marcel·lí Antúnez', 'Sandy Anderson', 'Ewith Etherington', 'Dee Undset'])
      expect(splitNames(cell), cell).toEqual([cell]);
    for (const cell of ['José Ortega y Gasset', 'Marcel·lí Antúnez', 'AT&T', 'Ewith Etherington']) expect(read(cell), cell).toEqual([cell, null]);
  });

  it('reads "et al." in a wide cell as others it does not name', () => {
    expect(splitNames('Cy Park, Dee Ray et al.')).toEqual(['Cy Park', 'Dee Ray', 'et al.']);
    expect(isPlaceholderName('et al.')).toBe(true);
  });
});

describe('credit labels and source material (finding 5)', () => {
  it('refuses a role label at the start of a name', () => {
    for (const [cell, label] of [
      ['Directed by Ann Lee', 'Directed by'],
      ['Director: Ann Lee', 'Director:'],
      ['Story: Bo Kim', 'Story:'],
      ['Teleplay: Cy Park', 'Teleplay:'],
      ['Created by Ivy Ng', 'Created by'],
      ['Cinematography by Bo Kim', 'Cinematography by'],
      ['Director of Photography: Bo Kim', 'Director of Photography:'],
      ['Edited by Cy Park', 'Edited by'],
      ['Editor: Cy Park', 'Editor:'],
      ['Dir. Ann Lee', 'Dir.'],
    ]) {
      expect(read(cell!)[1], cell).toBe(`person "${cell}" is not a name: it holds the credit label "${label}"; give the name alone`);
      expect(labelInName(cell!), cell).toBe(true);
    }
  });

  it('still words a "by:" label as before, and leaves names that start like a label alone', () => {
    expect(read('Written by: Ann Lee')[1]).toBe('person "Written by: Ann Lee" is not a name: it holds the label "by:"; give the name alone');
    for (const cell of ['Story Musgrave', 'Edith Story', 'Director Smith', 'Dirk Bogarde', 'Kirby: Ana']) expect(read(cell), cell).toEqual([cell, null]);
  });

  it('refuses source material, which credits no one for the episode', () => {
    expect(read('Based on the novel by Ivy Ng')[1]).toBe(
      'person "Based on the novel by Ivy Ng" names the source material ("Based on …"), not a credit of the episode; ' +
        "give the episode's writers alone (their own credits, such as Story by), and leave out the source's author",
    );
    expect(read('Eve Moss, adapted from the play by Fay Wu')[1]).toMatch(/names the source material \("adapted from …"\)/);
  });
});

describe('placeholders (finding 6)', () => {
  it('knows "(uncredited)", a role with TBA, and n/k', () => {
    for (const s of ['(uncredited)', '[TBA]', '(TBC)', 'Director TBA', 'writers TBD', 'Editor: TBC', 'n/k', 'N/K', 'n.k.', 'N.K', 'n / k', 'others', 'et al'])
      expect(isPlaceholderName(s), s).toBe(true);
    expect(read('Director TBA')[1]).toMatch(/holds a place instead of naming someone/);
    expect(read('n/k')[1]).toMatch(/holds a place/);
  });
  it('leaves names alone', () => {
    for (const s of ['Ann Lee (TBC)', 'Ann Lee TBA', 'Nk Jemisin', 'Etta Kim', 'Oona Ray', 'Tba Kim', 'Dee Tbd'])
      expect(isPlaceholderName(s), s).toBe(false);
  });
});

describe('marks after or around a name (finding 8)', () => {
  it('drops trailing footnote-like marks and quotes around the whole name', () => {
    for (const cell of ['Ann Lee^', 'Ann Lee¹', 'Ann Lee²³', 'Ann Lee #', 'Ann Lee°', 'Ann Lee ※', 'Ann Lee♦', 'Ann Lee [lower-alpha 1]', '"Ann Lee"', '“Ann Lee”', '„Ann Lee“', '«Ann Lee»', '"Ann Lee"[1]', 'Ann Lee*']) {
      expect(read(cell), cell).toEqual(['Ann Lee', null]);
      expect(splitNames(`${cell} & Bo Kim`), cell).toEqual(['Ann Lee', 'Bo Kim']);
    }
  });
  it('keeps quotes inside a name and a final period', () => {
    expect(read('Ann "Red" Lee')).toEqual(['Ann "Red" Lee', null]);
    expect(splitNames('Sam "Red" Jones')).toEqual(['Sam "Red" Jones']);
    expect(read('Ann L.')).toEqual(['Ann L.', null]);
    expect(read("Ann O'Lee")).toEqual(["Ann O'Lee", null]);
  });
});

describe('cells that cannot be names (finding 9)', () => {
  it.each([
    ['1.23', 'a number or a date'],
    ['43161', 'a number or a date'],
    ['2018-03-02', 'a number or a date'],
    ['March 2, 2018', 'a date'],
    ['2 March 2018', 'a date'],
    ['http://example.org/ann', 'a web address'],
    ['https://en.wikipedia.org/wiki/Ann_Lee', 'a web address'],
    ['www.example.org', 'a web address'],
    ['imdb.com/name/nm0000001', 'a web address'],
    ['ann.lee@example.org', 'an e-mail address'],
  ])('refuses %j as %s, naming it', (cell, kind) => {
    expect(read(cell)[1]).toBe(`person "${cell}" is not a name but ${kind}; give the person's name (is a column shifted?)`);
    expect(nameProblem(cell, true)?.what).toBe(`is not a name but ${kind}`);
  });
  it('takes names with digits or periods', () => {
    for (const cell of ['50 Cent', 'Lomi Neelto pq7', 'J.J. Abrams', 'Ann Lee 2', 'Mary Jane Watson-Parker', 'Dr. Ann Lee']) expect(read(cell), cell).toEqual([cell, null]);
  });
});

describe('the fast path for plain names', () => {
  // A cell with a line break after the name takes the full checks: both must judge every name alike.
  const judged = (name: string): [string | null, string | null] => [personCellProblem(name, name), personCellProblem(`${name}\n`, name)];

  it('reads a plain cell as it is, and any other as personName and personCellProblem do', () => {
    for (const cell of ['Ann Lee', "Ann Lee'", 'Ann  Lee', ' Ann Lee', 'Ann Lee ', 'TBA', 'Yes', 'Ann and Bo', 'x'.repeat(301), 'Ann Lee\n', 'Ann Lee^']) {
      const name = personName(cell);
      expect(readPersonCell(cell, EMPTY), JSON.stringify(cell)).toEqual({ name, problem: personCellProblem(cell, name) });
    }
  });

  it('gives what the full checks give, for names made to trip them', () => {
    for (const name of ['Ann Lee', 'Ann and Bo', 'Directed by Ann', 'Based on Ann', 'From the novel by Ann', 'Dir. Ann', 'www.a', 'www.x.org', 'example.com', 'Ann Lee 2018', 'March 2018', 'March 2 2018', 'Ann with Bo', 'Ann et al.', 'J.J. Abrams', "Ann O'Lee-Kim 3"]) {
      const [fast, slow] = judged(name);
      expect(fast, name).toBe(slow);
    }
  });

  it('gives what the full checks give on 3,000 random names of words that trip them', () => {
    const words = ['Ann', 'Lee', 'and', 'with', 'by', 'based', 'on', 'from', 'the', 'novel', 'www.x', '.org', 'x.com', '2018', '12', 'March', 'Dir.', 'et', 'al.', 'und', 'J.', 'Jr.', '-', "O'Neil", '7', 'Story', 'Directed', 'TBA', 'Director', 'n.k.', 'w'];
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let i = 0; i < 3000; i++) {
      const name = Array.from({ length: 1 + next(4) }, () => words[next(words.length)]!).join(' ');
      const [fast, slow] = judged(name);
      expect(fast, name).toBe(slow);
    }
  });
});

describe('HTML copied from a page’s source', () => {
  it('reads an encoded <br> as a line break', () => {
    expect(read('Ann Lee &lt;br&gt; Bo Kim')[1]).toMatch(/names more than one person/);
    expect(read('Ann Lee &amp; Bo Kim')[1]).toMatch(/names more than one person/);
  });
});
