import { looseKey, memoise } from './text.js';

/** Roles CrewCount counts, in display order. */
export const ROLES = [
  'director',
  'writer',
  'cinematographer',
  'editor',
  'creator',
  'producer',
  'executive_producer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  director: 'Directors',
  writer: 'Writers',
  cinematographer: 'Cinematographers',
  editor: 'Editors',
  creator: 'Creators',
  producer: 'Producers',
  executive_producer: 'Executive producers',
};

/** The plural noun of a role in running text: "directors", "executive producers". */
export function roleNoun(role: Role): string {
  return ROLE_LABELS[role].toLowerCase();
}

/**
 * Spellings accepted in sheets (long-format role cells and wide-format column
 * headers), matched on looseKey so case, spaces and punctuation do not matter.
 * The "… by" and "Series …" forms are IMDb's full-credits headings, which
 * researchers copy into sheets as they are.
 */
export const ROLE_SYNONYMS: Readonly<Record<Role, readonly string[]>> = {
  director: ['director', 'directors', 'directed by', 'direction', 'series directed by'],
  writer: [
    'writer',
    'writers',
    'written by',
    'teleplay',
    'teleplay by',
    'story',
    'story by',
    'screenplay',
    'screenplay by',
    'writing credits',
    'series writing credits',
  ],
  cinematographer: [
    'cinematographer',
    'cinematographers',
    'director of photography',
    'dp',
    'dop',
    'cinematography',
    'cinematography by',
    'series cinematography by',
  ],
  editor: ['editor', 'editors', 'edited by', 'film editor', 'picture editor', 'film editing', 'editing', 'film editing by', 'series film editing by'],
  creator: ['creator', 'creators', 'created by'],
  producer: ['producer', 'producers', 'produced by', 'series produced by'],
  executive_producer: ['executive producer', 'executive producers', 'executive_producer', 'exec producer'],
};

const byLooseKey = new Map<string, Role>();
for (const role of ROLES) {
  for (const spelling of ROLE_SYNONYMS[role]) byLooseKey.set(looseKey(spelling), role);
}

/** Canonical role for a sheet cell or header, or undefined when not known. */
export const parseRole: (cell: string) => Role | undefined = memoise((cell) => {
  return byLooseKey.get(looseKey(cell));
});

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
