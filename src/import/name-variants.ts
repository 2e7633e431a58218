/**
 * People an import adds who may be someone already stored (or added with
 * them) written another way: the same words in another order, as in
 * "Foerster, Anna" beside "Anna Foerster", or a family name written first
 * ("Bong Joon-ho", "Joon-ho Bong"); with or without accents ("Agnès
 * Varda", "Agnes Varda"); with a typewriter or a typographic apostrophe
 * ("O'Neill", "O’Neill": Excel and web pages differ); initials with or
 * without spaces ("J.J. Abrams", "J. J. Abrams"); an invisible character
 * copied from a page, a zero-width joiner or non-joiner among them; an aside in brackets ("Jane Doe (uncredited)");
 * a society's or a degree's post-nominal ("Bo Kim ASC", or "Bo Kim, ASC" as
 * an earlier version stored it, beside "Bo Kim").
 * CrewCount cannot know they are one person, so it stores two and counts
 * both; the import summary names such pairs so the researcher can write
 * one spelling before the numbers are printed.
 * Nothing is refused or merged: merging would change stored identities.
 */
import { INVISIBLE_MARKS, latinBase } from '../domain/text.js';
import { DEGREE_POST_NOMINALS, SOCIETY_POST_NOMINALS } from './name-marks.js';

/**
 * An identity key with what the spellings above differ in taken out, its
 * words in a fixed order: equal for "foerster, anna" and "anna foerster",
 * "o’neill" and "o'neill", "agnès varda" and "agnes varda".
 */
export function orderFreeKey(identityKey: string): string {
  return withoutTrailingPostNominals(latinBase(identityKey))
    .replace(PARENTHESES, ' ')
    .replace(APOSTROPHES, '')
    .replace(JOINERS, '')
    .replace(INVISIBLE_MARKS, '') // in names stored before the import dropped them
    .split(WORD_BREAKS)
    .filter((w) => w !== '')
    .sort()
    .join(' ');
}
/**
 * The key without the post-nominals at its end ("bo kim, asc", "bo kim
 * a.c.e."), when two words or more are left: "tom ace" may be named Ace.
 */
function withoutTrailingPostNominals(key: string): string {
  const m = TRAILING_POST_NOMINALS.exec(key);
  if (!m) return key;
  const rest = key.slice(0, m.index);
  return /\S[\s,]+\S/u.test(rest) ? rest : key;
}
const TRAILING_POST_NOMINALS = new RegExp(
  String.raw`(?:[\s,]+(?:${[...SOCIETY_POST_NOMINALS, ...DEGREE_POST_NOMINALS].map((c) => [...c.toLowerCase()].join(String.raw`\.?`)).join('|')})\.?)+$`,
  'u',
);
const APOSTROPHES = /['’‘ʼ´`]/gu;
/** ZWJ and ZWNJ: stored as written (scripts spell with them), but a copy may have them where another has none. */
const JOINERS = /[\u200c\u200d]/gu;
/** A credit's aside written into the name: "Jane Doe (uncredited)", "Jane Doe (as J. Doe)". */
const PARENTHESES = /\([^()]*\)/gu;
/** Spaces, commas, periods (initials), hyphens and the invisible characters that stand for a space in copied text. */
const WORD_BREAKS = /[\s,.\-‐‑–\u200b\u2060\ufeff]+/u;

export interface KnownPerson {
  id: number;
  name: string;
  identity_key: string;
}

/**
 * Pairs [added, earliest]: each person with an id above `lastIdBefore`
 * (added by this import) whose orderFreeKey is an earlier person's, beside
 * the earliest such person. In the order the people were added.
 */
export function nameVariants(people: readonly KnownPerson[], lastIdBefore: number): Array<[string, string]> {
  const byWords = new Map<string, KnownPerson[]>();
  for (const p of [...people].sort((a, b) => a.id - b.id)) {
    const words = orderFreeKey(p.identity_key);
    if (words === '') continue;
    const group = byWords.get(words);
    if (group) group.push(p);
    else byWords.set(words, [p]);
  }
  const pairs: Array<[number, string, string]> = [];
  for (const [earliest, ...later] of byWords.values()) {
    for (const p of later) if (p.id > lastIdBefore && p.identity_key !== earliest!.identity_key) pairs.push([p.id, p.name, earliest!.name]);
  }
  return pairs.sort((a, b) => a[0] - b[0]).map(([, added, other]) => [added, other]);
}
