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
