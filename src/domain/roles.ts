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
  // A co-director shares the direction: the DGA counts each co-director of an episode (the episode unit splits it).
  director: ['director', 'directors', 'directed by', 'direction', 'series directed by', 'co-director', 'co-directors', 'co-directed by'],
  writer: [
    'writer',
    'writers',
    'written by',
    'co-writer',
    'co-writers',
    'co-written by',
    'screenwriter',
    'screenwriters',
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

/**
 * The header a sheet should give a role's column: what an error suggests
 * renaming a column to. Each is one of the role's synonyms.
 */
export const ROLE_HEADERS: Readonly<Record<Role, string>> = {
  director: 'Directed by',
  writer: 'Written by',
  cinematographer: 'Cinematography by',
  editor: 'Edited by',
  creator: 'Created by',
  producer: 'Produced by',
  executive_producer: 'Executive producer',
};

/**
 * Words that mark a sheet's column header as naming a crew job, with the
 * counted role nearest to it. A header holding one that is not a role above
 * (`Guest director`, `Additional writing by`, `Camera operator`, `Writer
 * gender`) is refused at its cell rather than ignored: its names may be
 * credits that would be lost unseen. Whole words, lower case, accents
 * removed; "by" phrases where the word alone is common outside crew lists
 * ("Last edited", "Created" in a database export).
 */
export const ROLE_WORDS: Readonly<Record<string, Role>> = {
  director: 'director',
  directors: 'director',
  directed: 'director',
  directing: 'director',
  direction: 'director',
  writer: 'writer',
  writers: 'writer',
  written: 'writer',
  writing: 'writer',
  teleplay: 'writer',
  teleplays: 'writer',
  screenplay: 'writer',
  screenplays: 'writer',
  screenwriter: 'writer',
  screenwriters: 'writer',
  scriptwriter: 'writer',
  scriptwriters: 'writer',
  'script by': 'writer',
  'story by': 'writer',
  // Writing-staff titles, whatever their last word.
  'story editor': 'writer',
  'script editor': 'writer',
  cinematographer: 'cinematographer',
  cinematographers: 'cinematographer',
  cinematography: 'cinematographer',
  photography: 'cinematographer',
  camera: 'cinematographer',
  editor: 'editor',
  editors: 'editor',
  editing: 'editor',
  'edited by': 'editor',
  creator: 'creator',
  creators: 'creator',
  'created by': 'creator',
  producer: 'producer',
  producers: 'producer',
  'produced by': 'producer',
  // A showrunner is credited as an executive producer; CrewCount counts the credit, not the title.
  showrunner: 'executive_producer',
  showrunners: 'executive_producer',
  'show runner': 'executive_producer',
  'show runners': 'executive_producer',
};

/**
 * Crew-credit headings of other languages, as film and TV credits print
 * them, with the role each names. They are not read as that role (a sheet
 * in another language has other headers CrewCount does not read either):
 * a column headed so is refused at its cell, and the message suggests the
 * English header. Only headings whose meaning is certain are listed;
 * whole words, lower case, accents removed.
 */
export const FOREIGN_ROLE_WORDS: Readonly<Record<string, Role>> = {
  // German
  regie: 'director',
  regisseur: 'director',
  regisseurin: 'director',
  drehbuch: 'writer',
  drehbuchautor: 'writer',
  drehbuchautorin: 'writer',
  kamera: 'cinematographer',
  bildgestaltung: 'cinematographer',
  schnitt: 'editor',
  produzent: 'producer',
  produzentin: 'producer',
  // French
  realisation: 'director',
  realisateur: 'director',
  realisatrice: 'director',
  scenario: 'writer',
  scenariste: 'writer',
  photographie: 'cinematographer',
  montage: 'editor',
  producteur: 'producer',
  productrice: 'producer',
  // Spanish
  direccion: 'director',
  guion: 'writer',
  guionista: 'writer',
  fotografia: 'cinematographer',
  montaje: 'editor',
  productor: 'producer',
  productora: 'producer',
  // Italian
  regia: 'director',
  regista: 'director',
  sceneggiatura: 'writer',
  sceneggiatore: 'writer',
  montaggio: 'editor',
  produttore: 'producer',
  // Portuguese
  direcao: 'director',
  roteiro: 'writer',
  roteirista: 'writer',
  montagem: 'editor',
  produtor: 'producer',
  // Danish, Norwegian, Swedish
  regi: 'director',
  manus: 'writer',
  // Polish
  rezyseria: 'director',
  scenariusz: 'writer',
  zdjecia: 'cinematographer',
  montaz: 'editor',
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
