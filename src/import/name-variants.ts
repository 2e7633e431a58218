/**
 * People an import adds who may be someone already stored (or added with
 * them) written another way: the same words in another order, as in
 * "Foerster, Anna" beside "Anna Foerster", or a family name written first
 * ("Bong Joon-ho", "Joon-ho Bong"). CrewCount cannot know they are one
 * person, so it stores two and counts both; the import summary names such
 * pairs so the researcher can write one spelling before the numbers are
 * printed. Nothing is refused or merged.
 */

/** The words of an identity key, commas dropped, in a fixed order: equal for "foerster, anna" and "anna foerster". */
export function orderFreeKey(identityKey: string): string {
  return identityKey
    .split(/[\s,]+/u)
    .filter((w) => w !== '')
    .sort()
    .join(' ');
}

export interface KnownPerson {
  id: number;
  name: string;
  identity_key: string;
}

/**
 * Pairs [added, earliest]: each person with an id above `lastIdBefore`
 * (added by this import) whose words, in some order, are an earlier
 * person's, beside the earliest such person. Names of one word are left
 * out: their order says nothing. In the order the people were added.
 */
export function nameVariants(people: readonly KnownPerson[], lastIdBefore: number): Array<[string, string]> {
  const byWords = new Map<string, KnownPerson[]>();
  for (const p of [...people].sort((a, b) => a.id - b.id)) {
    const words = orderFreeKey(p.identity_key);
    if (!words.includes(' ')) continue;
    const group = byWords.get(words);
    if (group) group.push(p);
    else byWords.set(words, [p]);
  }
  const pairs: Array<[number, string, string]> = [];
  for (const [earliest, ...later] of byWords.values()) {
    for (const p of later) if (p.id > lastIdBefore) pairs.push([p.id, p.name, earliest!.name]);
  }
  return pairs.sort((a, b) => a[0] - b[0]).map(([, added, other]) => [added, other]);
}
