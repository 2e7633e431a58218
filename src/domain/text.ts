/**
 * Text normalisation shared by names, headers and vocabularies.
 * Kept free of any other project import so every layer can use it.
 */

/**
 * Trim, collapse inner whitespace (any Unicode space), decode HTML character
 * references, drop the invisible marks of copied web text (INVISIBLE_MARKS)
 * and compose to NFC.
 */
export function cleanText(value: string): string {
  // Fast path: printable ASCII without edge or double spaces (or &) is already
  // clean (and NFC); most cells of most sheets are, and this runs per cell.
  if (isPlainAscii(value)) return value;
  return decodeHtmlEntities(value).replace(INVISIBLE_MARKS, '').normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Characters a web page puts around or inside a name that carry no letter:
 * the left-to-right and right-to-left marks, the soft hyphen, and the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). Kept,
 * "Ava DuVernay" with one would be a second person, shown the same.
 * ZWJ and ZWNJ stay: Persian, Indic scripts and emoji spell with them
 * (name-variants.ts pairs names that differ only by them).
 */
export const INVISIBLE_MARKS = /[\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Printable ASCII but &, spaces only single and inside. A loop: faster than the equivalent regexp on short cells. */
function isPlainAscii(value: string): boolean {
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x20 && c < 0x7f && c !== 0x26) continue;
    if (c !== 0x20 || i === 0 || i === last || value.charCodeAt(i - 1) === 0x20) return false;
  }
  return true;
}

/**
 * Text copied from a web page's source keeps its character references:
 * "Ann Lee &amp; Bo Kim" is two people joined by "&", and cut at the ";"
 * of "&amp;" it would become three, one named "amp". The references such
 * text holds are decoded: the five XML ones, &nbsp;, and numeric ones of printable characters.
 */
export function decodeHtmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(HTML_ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    // Control characters and lone surrogates stay as written: decoded, they would slip past the check for them.
    const text = code >= 0x20 && !(code >= 0x7f && code <= 0x9f) && !(code >= 0xd800 && code <= 0xdfff) && code <= 0x10ffff;
    return text ? String.fromCodePoint(code) : whole;
  });
}
const HTML_ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp);|#(\d{1,7});|#x([\da-f]{1,6});)/gi;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

// Tab, LF and CR are whitespace (collapsed into spaces); every other C0 control and DEL is not text.
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

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
 * The last argument is checked first: sheets are sorted by production and
 * episode, so the same value usually comes several times in a row.
 */
export function memoise<T>(fn: (s: string) => T, limit = 10_000): (s: string) => T {
  const cache = new Map<string, T>();
  let lastKey: string | undefined;
  let lastValue: T | undefined;
  return (s) => {
    if (s === lastKey) return lastValue as T;
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      if (cache.size >= limit) cache.clear();
      v = fn(s);
      cache.set(detached(s), v);
    }
    lastKey = s;
    lastValue = v;
    return v as T;
  };
}

/**
 * The same text as `s`, in memory of its own. V8 stores a substring of 13 or
 * more characters (from slice, split or a regexp) as a view of the string it
 * was cut from, so a cache that keeps one cell of a CSV chunk would keep the
 * whole chunk alive. Concatenating forces a flat copy, which slice(1) then
 * views; shorter substrings are copies already.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/**
 * Key for a short vocabulary where punctuation carries meaning, as in a
 * gender or its evidence: case, diacritics, spaces, underscores and hyphens
 * inside a word ignored ("Non-binary" = "non binary" = "NONBINARY"), anything else kept,
 * so a researcher's "f?" or "(self)" is not read as a certain "f" or "self".
 */
export function spellingKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s_]+/gu, '')
    .replace(/(?<=\p{L})[-‐‑–]+(?=\p{L})/gu, ''); // between letters only: "-f-" is not "f"
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
  // Apostrophes go first: NFKD turns the acute accent ´ into a space and a mark.
  return latinBase(title.replace(/['’‘ʼ`´]/gu, ''))
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Latin letters that Unicode does not decompose into a base letter and a
 * mark (ß, æ, ø, ł, ...): spelled out, or "Straße" would slug to "stra-e"
 * and "Łódź" to "odz".
 */
const LATIN_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŋ: 'ng',
};

/** Lower case, diacritics removed, the letters above spelled out; other characters kept. */
export function latinBase(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßẞæœøłđðþıħŋ]/gu, (ch) => LATIN_LETTERS[ch] ?? ch);
}
