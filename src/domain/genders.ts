import { looseKey, memoise } from './text.js';

/** The four recorded genders. Never collapsed: non-binary and unknown stay distinct. */
export const GENDERS = ['woman', 'man', 'non-binary', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** Spellings accepted in sheets, by canonical gender (matched on looseKey). */
export const GENDER_SYNONYMS: Readonly<Record<Gender, readonly string[]>> = {
  woman: ['woman', 'w', 'f', 'female', 'trans woman', 'transwoman'],
  man: ['man', 'm', 'male', 'trans man', 'transman'],
  'non-binary': ['non-binary', 'nonbinary', 'nb', 'enby', 'genderqueer'],
  unknown: ['', 'unknown', '?', 'n/a', 'na', 'u'],
};

const byLooseKey = new Map<string, Gender>();
for (const gender of GENDERS) {
  for (const spelling of GENDER_SYNONYMS[gender]) byLooseKey.set(looseKey(spelling), gender);
}
// looseKey drops punctuation, so "?" and "" both map to "": both mean unknown.

/** Canonical gender for a sheet cell, or undefined when the spelling is not known. */
export const parseGender: (cell: string) => Gender | undefined = memoise((cell) => {
  return byLooseKey.get(looseKey(cell));
});

export function isKnownGender(gender: Gender): boolean {
  return gender !== 'unknown';
}
