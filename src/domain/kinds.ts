import { looseKey, memoise } from './text.js';

export const KINDS = ['tv', 'film'] as const;
export type Kind = (typeof KINDS)[number];

const SPELLINGS: ReadonlyMap<string, Kind> = new Map([
  ['tv', 'tv'],
  ['television', 'tv'],
  ['series', 'tv'],
  ['tvseries', 'tv'],
  ['film', 'film'],
  ['movie', 'film'],
  ['feature', 'film'],
]);

export const parseKind: (cell: string) => Kind | undefined = memoise((cell) => {
  const key = looseKey(cell);
  return key === '' ? 'tv' : SPELLINGS.get(key);
});

/**
 * A film has no seasons or episodes. Its credits are stored on one internal
 * season and episode with these numbers (never shown: its stats row has no
 * season and uses the release year). 0 keeps a film out of "season 1 of
 * every production" queries.
 */
export const FILM_SEASON = 0;
export const FILM_EPISODE = 0;

/** Release years CrewCount accepts: from the first films to a little past today. */
export const MIN_RELEASE_YEAR = 1870;
export const MAX_RELEASE_YEAR = 2100;
