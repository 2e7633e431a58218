import { describe, expect, it } from 'vitest';
import { nameVariants, orderFreeKey } from '../../src/import/name-variants.js';

const person = (id: number, name: string): { id: number; name: string; identity_key: string } => ({ id, name, identity_key: name.toLowerCase() });

describe('orderFreeKey', () => {
  it('is the same for the words of a name in any order, with or without the comma', () => {
    expect(orderFreeKey('foerster, anna')).toBe(orderFreeKey('anna foerster'));
    expect(orderFreeKey('bong joon-ho')).toBe(orderFreeKey('joon-ho bong'));
    expect(orderFreeKey('anna foerster')).not.toBe(orderFreeKey('anna förster'));
  });
  it('is the same for spellings that differ in accents, apostrophes, spaced initials, hyphens or invisible characters', () => {
    const same = (a: string, b: string): void => expect(orderFreeKey(a), `${a} / ${b}`).toBe(orderFreeKey(b));
    same('agnès varda', 'agnes varda');
    same("siobhán o'neill", 'siobhán o’neill');
    same('siobhán o‘neill', 'siobhan oneill');
    same('j.j. abrams', 'j. j. abrams');
    same('agnès\u200bvarda', 'agnès varda');
    same('björk', 'bjork');
    expect(orderFreeKey('ana ruiz')).not.toBe(orderFreeKey('ana ruíz silva'));
  });
  it('is the same for names that differ only by a zero-width joiner or non-joiner, which the stored text keeps', () => {
    expect(orderFreeKey('\u0645\u06cc\u200c\u0646\u0627 \u0631\u0636\u0627\u06cc\u06cc')).toBe(orderFreeKey('\u0645\u06cc\u0646\u0627 \u0631\u0636\u0627\u06cc\u06cc'));
    expect(orderFreeKey('ana\u200d ruiz')).toBe(orderFreeKey('ana ruiz'));
    // stored before invisible marks were dropped on import: still paired with the clean spelling
    expect(orderFreeKey('\u200eava duvernay\u200f')).toBe(orderFreeKey('ava duvernay'));
  });
});

describe('nameVariants', () => {
  it('pairs each added person with the earlier person whose words they share, stored or added', () => {
    const people = [person(1, 'Ines Duarte'), person(2, 'Ravi Menon'), person(3, 'Duarte, Ines'), person(4, 'Menon Ravi'), person(5, 'Kai Nakamura')];
    expect(nameVariants(people, 2)).toEqual([
      ['Duarte, Ines', 'Ines Duarte'],
      ['Menon Ravi', 'Ravi Menon'],
    ]);
    // Both added by the import: named once, at the later one.
    expect(nameVariants(people, 0)).toEqual([
      ['Duarte, Ines', 'Ines Duarte'],
      ['Menon Ravi', 'Ravi Menon'],
    ]);
  });

  it('names nothing when the import added no such person, or for the same key', () => {
    const people = [person(1, 'Ines Duarte'), person(2, 'Duarte, Ines'), person(3, 'Cher'), person(4, 'cher')];
    expect(nameVariants(people, 2)).toEqual([]);
    expect(nameVariants([person(1, 'Ines Duarte'), person(2, 'Ines Duarte Silva')], 1)).toEqual([]);
  });

  it('names spelling variants, one-word names included', () => {
    const people = [person(1, 'Björk'), person(2, "Siobhán O'Neill"), person(3, 'Bjork'), person(4, 'Siobhán O’Neill'), person(5, 'Agnes Varda'), person(6, 'Agnès Varda')];
    expect(nameVariants(people, 2)).toEqual([
      ['Bjork', 'Björk'],
      ['Siobhán O’Neill', "Siobhán O'Neill"],
      ['Agnès Varda', 'Agnes Varda'],
    ]);
  });
});

describe('nameVariants and asides', () => {
  it('names "Jane Doe (uncredited)" and "Jane Doe (as J. Doe)" beside Jane Doe', () => {
    const people = [person(1, 'Jane Doe'), person(2, 'Jane Doe (uncredited)'), person(3, 'Jane Doe (as J. Doe)')];
    expect(nameVariants(people, 1)).toEqual([
      ['Jane Doe (uncredited)', 'Jane Doe'],
      ['Jane Doe (as J. Doe)', 'Jane Doe'],
    ]);
  });
});
