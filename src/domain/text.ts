/**
 * Text normalisation shared by names, headers and vocabularies.
 * Kept free of any other project import so every layer can use it.
 */

/** Trim, collapse inner whitespace (any Unicode space) and compose to NFC. */
export function cleanText(value: string): string {
  // Fast path: printable ASCII without edge or double spaces is already clean
  // (and NFC); most cells of most sheets are, and this runs per cell.
  if (PLAIN_ASCII.test(value) && !value.includes('  ')) return value;
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
const PLAIN_ASCII = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;

/**
 * Case-folded identity key for a cleaned name. JavaScript has no full case
 * folding; upper- then lower-casing approximates it (ß → ss, ﬁ → fi) so that
 * "STRASSE" and "Straße" meet, as Unicode default case folding would have them.
 */
export function identityKey(cleanedName: string): string {
  // For ASCII, upper-then-lower equals lower.
  if (ASCII.test(cleanedName)) return cleanedName.toLowerCase();
  return cleanedName.toUpperCase().toLowerCase().normalize('NFC');
}
// eslint-disable-next-line no-control-regex -- ASCII range test
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Memoise a pure function of a string for vocabulary-like cells that repeat
 * row after row (roles, genders, dates, titles). Bounded: cleared when full.
 */
export function memoise<T>(fn: (s: string) => T, limit = 10_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      if (cache.size >= limit) cache.clear();
      v = fn(s);
      cache.set(s, v);
    }
    return v as T;
  };
}

/**
 * Loose key for vocabulary matching: lower case, diacritics removed, every run
 * of characters that is not a letter or digit dropped. "Directed by",
 * "directed_by" and "DIRECTED-BY" all become "directedby".
 */
export function looseKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * URL slug of a title: lowercase ASCII letters and digits joined by single
 * hyphens, diacritics removed, apostrophes dropped (so "Marvel's" → "marvels",
 * not "marvel-s").
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’‘ʼ`´]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
