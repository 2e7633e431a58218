import { describe, expect, it } from 'vitest';
import { nameVariants, orderFreeKey } from '../../src/import/name-variants.js';

const person = (id: number, name: string): { id: number; name: string; identity_key: string } => ({ id, name, identity_key: name.toLowerCase() });

describe('orderFreeKey', () => {
  it('is the same for the words of a name in any order, with or without the comma', () => {
    expect(orderFreeKey('foerster, anna')).toBe(orderFreeKey('anna foerster'));
    expect(orderFreeKey('bong joon-ho')).toBe(orderFreeKey('joon-ho bong'));
    expect(orderFreeKey('anna foerster')).not.toBe(orderFreeKey('anna förster'));
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

  it('names nothing when the import added no such person, or for names of one word', () => {
    const people = [person(1, 'Ines Duarte'), person(2, 'Duarte, Ines'), person(3, 'Cher'), person(4, 'cher')];
    expect(nameVariants(people, 2)).toEqual([]);
    expect(nameVariants([person(1, 'Ines Duarte'), person(2, 'Ines Duarte Silva')], 1)).toEqual([]);
  });
});
