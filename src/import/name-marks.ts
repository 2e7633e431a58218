/**
 * What reference pages, wikis and word processors put on or around a
 * person's name that is not part of it: footnote marks ("Ann Lee[a]",
 * "Ann Lee¹", "Ann Lee^"), wiki links ("[[Ann Lee]]"), quotes around the
 * whole name, HTML line breaks between names, and the post-nominals of a
 * cinematographers' or editors' society or a degree ("Bo Kim, ASC").
 *
 * Everything here keeps what it cannot be sure of: a bracket that is not a
 * footnote mark stays (name-checks.ts then refuses it), so no name is ever
 * dropped without a word.
 */

/**
 * Post-nominals of the cinematographers' and editors' societies whose
 * members add them to their credits (American, British, Canadian,
 * Australian, New Zealand, Indian, … Society of Cinematographers; IMAGO;
 * American Cinema Editors, British Film Editors, Canadian Cinema Editors,
 * Australian Screen Editors), with or without periods. A membership, not
 * part of the name: "Bo Kim, ASC" is Bo Kim.
 */
export const SOCIETY_POST_NOMINALS = [
  'ASC', 'BSC', 'CSC', 'ACS', 'NZCS', 'ISC', 'AFC', 'AIC', 'AEC', 'BVK', 'DFF', 'FNF', 'FSF', 'NSC', 'SBC', 'HKSC', 'JSC', 'IMAGO',
  'ACE', 'BFE', 'CCE', 'ASE',
] as const; // prettier-ignore
/**
 * Degrees written after a name. Dropped like a membership, not kept with
 * the name as "Jr." is: a degree tells nothing about who the person is,
 * and kept, "Eve Moss, MD" and "Eve Moss" would be counted as two people.
 */
export const DEGREE_POST_NOMINALS = ['MD', 'PhD', 'PHD', 'Esq'] as const;

/** Each post-nominal as a pattern with optional periods after its letters: A.S.C. and ASC. */
function postNominalAlternatives(): string {
  return [...SOCIETY_POST_NOMINALS, ...DEGREE_POST_NOMINALS].map((code) => [...code].join(String.raw`\.?`)).join('|');
}
/** Case matters: "Ace" or "Md" after a comma is a given name ("Frehley, Ace"), "ACE" or "MD" a post-nominal. */
const POST_NOMINAL = new RegExp(String.raw`^(?:${postNominalAlternatives()})\.?$`, 'u');

/**
 * Footnote marks as reference pages print them, and nothing else in square
 * brackets: [1] [12], [a] [b] [A], roman [iv], a named group's mark ([note 1],
 * [nb 2], [N 3], [lower-alpha 1], [upper-roman 2]), and Wikipedia's inline
 * maintenance tags, lower-case words that end in a question mark ([who?],
 * [by whom?]) or in one of the tags' words ([citation needed], [dubious –
 * discuss], [failed verification], [dead link], [sic]). "[Ann Lee]" is no
 * mark: it stays, and is refused as text in square brackets. Never inside
 * a wiki link's double brackets ("[[Al]]"). Daggers and the like anywhere.
 */
const NAME_FOOTNOTES = new RegExp(
  String.raw`(?<!\[)\[(?:\d{1,3}|[a-z]{1,2}|[A-Z]|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})` +
    String.raw`|(?:[Nn]ote|[Nn][Bb]|[Nn]|fn|ref|(?:lower|upper)-(?:alpha|roman|greek|latin))[ _]?(?:\d{1,3}|[a-z]{1,2})` +
    String.raw`|[a-z][a-z ]{0,30}\?` +
    String.raw`|(?:[a-z]+[ –—-]+){0,5}(?:needed|missing|discuss|verification|link|source|sic|vague|specify|quantify|dubious|disputed|inconsistent|contradictory|update|clarify|verify))\](?!\])` +
    '|[†‡§¶*]+',
  'g',
);
const NAME_FOOTNOTE_START = /[[†‡§¶*]/;

/** A name cell without its footnote marks (see NAME_FOOTNOTES); a cell without any is returned as it is. */
export function withoutNameFootnotes(cell: string): string {
  return NAME_FOOTNOTE_START.test(cell) ? cell.replace(NAME_FOOTNOTES, ' ') : cell;
}

/**
 * HTML line breaks copied from a page's source (<br>, <br/>, <br />, </br>,
 * any case) are line breaks: "Ann Lee<br>Bo Kim" is two names, as on the
 * page. Other tags are left to be seen.
 */
export function withLineBreakTags(cell: string): string {
  return cell.includes('<') ? cell.replace(BR_TAG, '\n') : cell;
}
const BR_TAG = /<\s*\/?\s*br\s*\/?\s*>/gi;

/**
 * Marks a page prints after a name to point at a note, without brackets:
 * ^ # ° ※ ♦ ◊ ⁂ and superscript digits ("Ann Lee¹"). Only at the end of a
 * name, where no name has them; "Ann Lee #" would otherwise be a person of its own.
 */
const TRAILING_MARKS = /[\s^#°※♦◆◊⁂⁎∗¹²³\u2070\u2074-\u2079]*[\^#°※♦◆◊⁂⁎∗¹²³\u2070\u2074-\u2079]$/u;
/** The quotes a name can be wrapped in as a whole: "Ann Lee", “Ann Lee”, „Ann Lee“, «Ann Lee», 'Ann Lee', ‘Ann Lee’. */
const WRAPPING_QUOTES = /^(?:"([^"]+)"|“([^“”]+)”|„([^„“”]+)[“”]|«\s?([^«»]+?)\s?»|'([^']+)'|‘([^‘’]+)’)$/u;
/**
 * One name, already cleaned (cleanText), without what wraps it or follows
 * it: a wiki link unwrapped, trailing footnote marks and quotes around the
 * whole name dropped. Quotes inside it stay: 'Ann "Red" Lee' is her name.
 */
export function tidyName(name: string): string {
  if (name === '' || (!mayWrap(name.charCodeAt(0)) && !mayBeMark(name.charCodeAt(name.length - 1)))) return name; // nearly every name
  let tidy = unwrapWikiLinks(name);
  tidy = tidy.replace(TRAILING_MARKS, '');
  const quoted = WRAPPING_QUOTES.exec(tidy);
  if (quoted) tidy = quoted.slice(1).find((q) => q !== undefined)!.trim();
  return tidy.replace(TRAILING_MARKS, '').trim();
}

/** Whether a name's first character may open a wiki link or a quote around it. */
function mayWrap(c: number): boolean {
  return c === 0x5b || c === 0x22 || c === 0x27 || c === 0x201c || c === 0x201e || c === 0xab || c === 0x2018;
}

/** Whether a name's last character may be a trailing mark or a closing quote (a character test: this runs for every name). */
function mayBeMark(c: number): boolean {
  if (c < 0x80) return c === 0x5e || c === 0x23 || c === 0x22 || c === 0x27;
  return TRAILING_CHARS.has(c) || (c >= 0x2070 && c <= 0x2079);
}
const TRAILING_CHARS: ReadonlySet<number> = new Set([...'°※♦◆◊⁂⁎∗¹²³“”’»'].map((ch) => ch.charCodeAt(0)));

/**
 * A wiki link, "[[Ann Lee]]" or "[[Ann Lee (director)|Ann Lee]]", as the
 * name the page shows. Only when the links are all the name holds, beside
 * words that join or follow names ("and", a comma, "Jr.", "ASC", an aside
 * in brackets): "Ann Lee [[Bo Kim]]" runs two names together, and is left
 * as written to be refused.
 */
export function unwrapWikiLinks(name: string): string {
  if (!name.includes('[[')) return name;
  const outside = name.replace(WIKI_LINK, ' ').replace(ASIDE, ' ').replace(LINK_COMPANIONS, ' ');
  if (LETTER_OR_DIGIT.test(outside)) return name;
  return name.replace(WIKI_LINK, (_whole, target: string, display: string | undefined) =>
    // "[[Ann Lee (director)|]]", the pipe trick: the page shows the title without its bracketed part.
    display === undefined ? target : display.trim() === '' ? target.replace(/\s*\([^()]*\)\s*$/, '') : display,
  );
}
const WIKI_LINK = /\[\[([^[\]|]+)(?:\|([^[\]]*))?\]\]/g;
const ASIDE = /\([^()]*\)/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Words that may stand beside a wiki link in a name cell: separators, generational suffixes, post-nominals. */
const LINK_COMPANIONS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:and|with|und|et|w|jr|sr|ii|iii|iv|v|3rd|${postNominalAlternatives()})(?![\p{L}\p{N}])\.?`,
  'giu',
);

/**
 * Whether a comma-separated piece after a name is a post-nominal to drop.
 * `before` is the name before the comma: after a single word in capitals
 * ("FREHLEY, ACE") the piece may be a given name in an all-capitals sheet,
 * and stays unless its periods say it is an abbreviation (A.C.E.).
 */
export function isPostNominal(piece: string, before: string): boolean {
  if (!POST_NOMINAL.test(piece)) return false;
  return piece.includes('.') || piece === 'PhD' || !ONE_CAPITALS_WORD.test(before);
}
const ONE_CAPITALS_WORD = /^[^\p{Ll}\s]+$/u;

/**
 * A long or people sheet's name without the post-nominals after its
 * commas: "Bo Kim, ASC" is Bo Kim, "Ann Lee, Jr., ACE" is "Ann Lee, Jr.".
 * Returned unchanged, spacing included, when there are none.
 */
export function withoutPostNominals(name: string): string {
  if (!name.includes(',')) return name;
  const pieces = name.split(',');
  const first = pieces[0]!.trim();
  const kept = pieces.filter((piece, i) => i === 0 || !isPostNominal(piece.trim(), first));
  return kept.length === pieces.length ? name : kept.join(',').trim();
}

/**
 * Lower-case post-nominals as identity keys hold them ("asc", "a.c.e."),
 * for name-variants.ts, which pairs "bo kim asc" with "bo kim".
 */
export const POST_NOMINAL_KEYS: ReadonlySet<string> = new Set([...SOCIETY_POST_NOMINALS, ...DEGREE_POST_NOMINALS].map((c) => c.toLowerCase()));
