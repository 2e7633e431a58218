import { memoise, spellingKey } from './text.js';

/** The four recorded genders. Never collapsed: non-binary and unknown stay distinct. */
export const GENDERS = ['woman', 'man', 'non-binary', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** Spellings accepted in sheets, by canonical gender (matched on spellingKey: case, spaces and hyphens ignored, other punctuation not). */
export const GENDER_SYNONYMS: Readonly<Record<Gender, readonly string[]>> = {
  woman: ['woman', 'w', 'f', 'female', 'trans woman', 'transwoman'],
  man: ['man', 'm', 'male', 'trans man', 'transman'],
  'non-binary': ['non-binary', 'nonbinary', 'nb', 'enby', 'genderqueer'],
  unknown: ['', 'unknown', '?', 'n/a', 'na', 'u'],
};

const bySpelling = new Map<string, Gender>();
for (const gender of GENDERS) {
  for (const spelling of GENDER_SYNONYMS[gender]) bySpelling.set(spellingKey(spelling), gender);
}

/** Canonical gender for a sheet cell, or undefined when the spelling is not known. */
export const parseGender: (cell: string) => Gender | undefined = memoise((cell) => {
  return bySpelling.get(spellingKey(cell));
});

export function isKnownGender(gender: Gender): boolean {
  return gender !== 'unknown';
}
