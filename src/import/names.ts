/**
 * Wide sheets name several people in one cell ("Melissa Rosenberg & Scott
 * Reynolds") and writers in parts ("Story by : A Teleplay by : B"). These
 * functions cut such a cell into names; the README documents the rule.
 *
 * The rule: names are separated by `&`, `;`, `/`, a line break (LF, CR
 * alone as Mac sheets end lines, U+2028, U+2029), the word "and", and a
 * comma — except a comma before a generational suffix (Jr., Sr., II, III,
 * IV), which belongs to the name ("Martin Luther King, Jr."). Reference-page
 * footnote marks ("[a]", "[12]", "†") and maintenance tags ("[citation
 * needed]") are dropped. Reference
 * pages write "&" for a writing team and "and" for writers who worked
 * separately; both become one credit per person.
 */
import { cleanText, memoise } from '../domain/text.js';

/** Separators other than the comma. */
const SEPARATORS = /\s*(?:&|;|\/|[\n\r\u2028\u2029])\s*|\s+and\s+/i;
/** A comma-separated piece that is a suffix of the name before it, not a name. */
const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;
/**
 * Footnote marks as reference pages print them: [a], [12], [note 3], and the
 * dagger family; and Wikipedia's inline maintenance tags, longer but always
 * lower-case words ("[citation needed]", "[better source needed]", "[dubious
 * – discuss]"), which name no one either.
 */
const FOOTNOTES = /\[[^\][]{1,12}\]|\[[a-z][a-z ?–—-]{11,40}\]|[†‡§¶*]+/g;

export function withoutFootnotes(cell: string): string {
  return FOOTNOTE_START.test(cell) ? cell.replace(FOOTNOTES, ' ') : cell; // most cells have none: no new string
}
const FOOTNOTE_START = /[[†‡§¶*]/;

/** The names in one cell, in order, each cleaned (trimmed, spaces collapsed, NFC); duplicates kept once. */
export function splitNames(cell: string): string[] {
  const names: string[] = [];
  for (const piece of withoutFootnotes(cell).split(SEPARATORS)) {
    let previous: string | undefined;
    for (const part of piece.split(',')) {
      const name = cleanText(part);
      if (name === '' || /^and$/i.test(name)) continue;
      if (SUFFIX.test(name) && previous !== undefined) {
        names[names.length - 1] = previous = `${previous}, ${name}`;
        continue;
      }
      names.push((previous = name));
    }
  }
  return [...new Set(names)];
}

export interface WriterPart {
  /** "Story by", "Teleplay by", "Screenplay by", or null for plain "Written by" text. */
  note: string | null;
  text: string;
}

/** "Story by", "Teleplay by : ", "Screenplay by:" and "Written by" inside a cell. */
const PART_LABEL = /\b(story|teleplay|screenplay|written)\s+by\s*:?/gi;
/**
 * The same label glued to the name before it ("Tomas BreckTeleplay by"), as
 * pandas.read_html flattens a <br>: capitalised, after a lower-case letter,
 * so a word that merely contains "story" is not cut.
 */
const GLUED_PART_LABEL = /(?<=\p{Ll})(Story|Teleplay|Screenplay|Written)\s+[Bb][Yy]\s*:?/gu;

/** The credit note a writer's part or column carries. */
export function writerNote(kind: string): string | null {
  const k = kind.toLowerCase();
  return k === 'written' ? null : `${k[0]!.toUpperCase()}${k.slice(1)} by`;
}

/**
 * Several parts of one credit (a writer's "Story by" and "Teleplay by", in
 * one wide cell or in two rows) give it all their notes, or sources: the
 * distinct values, in order of first appearance, joined by "; ". A blank adds nothing.
 */
export function joinParts(joined: string | null, part: string | null): string | null {
  if (part === null || part === joined) return joined;
  if (joined === null) return part;
  return joined.split('; ').includes(part) ? joined : `${joined}; ${part}`;
}

/**
 * The credit note a writer's role names, for a long sheet's role cell
 * ("Teleplay by", "story") as for a wide sheet's column header ("Story by"):
 * "Teleplay by", "Story by", "Screenplay by", or null for any other writer
 * ("Written by", "writer"). Call it for cells that parse as the writer role.
 */
export const writerPartOf: (roleCell: string) => string | null = memoise((cell) => {
  const part = /^\s*(story|teleplay|screenplay)\b/i.exec(cell);
  return part ? writerNote(part[1]!) : null;
});

/**
 * A writers' cell cut at its "Story by" / "Teleplay by" labels. Text before
 * the first label (or a cell without labels) keeps `defaultNote`, the note of
 * the column it is in ("Teleplay by" for a Teleplay by column).
 */
export function splitWriterParts(cell: string, defaultNote: string | null): WriterPart[] {
  const labels = partLabels(cell);
  if (labels.length === 0) return [{ note: defaultNote, text: cell }];
  const parts: WriterPart[] = [];
  const before = cell.slice(0, labels[0]!.index);
  if (cleanText(before.replace(/[:;,]/g, ' ')) !== '') parts.push({ note: defaultNote, text: before });
  labels.forEach((label, i) => {
    const end = i + 1 < labels.length ? labels[i + 1]!.index : cell.length;
    parts.push({ note: writerNote(label[1]!), text: cell.slice(label.index + label[0].length, end) });
  });
  return parts;
}

/** The writer labels of a cell, spaced or glued, in order. */
function partLabels(cell: string): RegExpExecArray[] {
  const labels = [...cell.matchAll(PART_LABEL)];
  if (!/\p{Ll}(?:story|teleplay|screenplay|written)/iu.test(cell)) return labels; // nearly every cell: nothing glued
  return [...labels, ...cell.matchAll(GLUED_PART_LABEL)].sort((a, b) => a.index - b.index);
}

/**
 * Whether a name still holds a credit label ("Directed by: Ana Ruiz", a
 * "Story by :" this file does not cut): it is a label and a name run
 * together, and stored it would be a person of its own.
 */
export function labelInName(name: string): boolean {
  return name.includes(':') && /\bby\s*:/i.test(name);
}

/**
 * A filmography's mark of whether someone had a role ("Yes", "No", "Y",
 * "N", "x", ✔, ✗), as Wikipedia's tables of one person's films write it.
 * Such a cell names nobody. Only the whole cell: "Noa" and "Yesim" are names.
 */
export function isRoleMark(name: string): boolean {
  return name.length <= 3 && ROLE_MARK.test(name); // every mark is short: most names are out at once
}
const ROLE_MARK = /^(?:yes|no|y|n|x|[✔✓✗✘✅❌☑☒✕✖]\ufe0f?)$/iu;

/**
 * What is wrong with a long or people sheet's person cell as the name of
 * one person, or null. `name` is the cell cleaned.
 *
 * Several people, joined as reference pages join them ("A & B", "A and B",
 * "A / B", "A; B", one per line): these sheets give one person a row, with
 * one gender, so such a cell would count two people as one. Only spaced &,
 * / and "and" count, so "AT&T" or a URL stays one value; commas are left
 * alone, as "King, Jr." and "Surname, Given" are one person.
 *
 * A placeholder (TBA, N/A, unknown, a dash), or a filmography's mark
 * (Yes, ✔): stored, it would be counted as a crew member. A name run
 * together with a credit label ("Directed by: Ana Ruiz") would be a person
 * apart from Ana Ruiz.
 */
export function personCellProblem(cell: string, name: string): string | null {
  const tooLong = nameTooLong('person', name);
  if (tooLong) return tooLong;
  // Before placeholders, which ✔ and ✗ (no letter) would also be.
  if (isRoleMark(name)) return `person "${name}" marks whether someone had the role instead of naming them; the sheet needs the person's name`;
  if (isPlaceholderName(name)) {
    return `person "${name}" holds a place instead of naming someone; leave out the row until the person is known`;
  }
  if (SEVERAL_PEOPLE.test(name) || (LINE_BREAK.test(cell) && LINE_BREAK_INSIDE.test(cell))) {
    return `person "${name}" names more than one person; give each their own row (a row's gender is one person's)`;
  }
  if (labelInName(name)) return `person "${name}" is not a name: it holds the label "by:"; give the name alone`;
  return null;
}
/**
 * The longest person name or production title taken, in characters. Real
 * ones are far shorter; a longer cell is a pasted paragraph or a shifted
 * column. It is also what keeps both databases alike: PostgreSQL's unique
 * indexes on names and titles refuse an entry of more than ~2,700 bytes
 * (950 CJK characters), which SQLite would store.
 */
export const MAX_NAME_CHARS = 300;

/** The message for a name or title over MAX_NAME_CHARS, or null. */
export function nameTooLong(what: 'person' | 'series', name: string): string | null {
  if (name.length <= MAX_NAME_CHARS) return null; // UTF-16 units: never fewer than the characters
  const chars = Array.from(name).length; // code points: a CJK extension or an emoji character is two units
  if (chars <= MAX_NAME_CHARS) return null;
  return `${what} is ${chars.toLocaleString('en')} characters long; CrewCount takes ${what === 'person' ? 'names' : 'titles'} of up to ${MAX_NAME_CHARS} (a pasted paragraph, or a column shifted?)`;
}

const SEVERAL_PEOPLE = /\s(?:&|\/|and)\s|;/i;
/** LF, CR alone (Mac sheets), CRLF, and the Unicode line and paragraph separators. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const LINE_BREAK_INSIDE = /\S[^\S\n\r\u2028\u2029]*(?:\r\n?|[\n\u2028\u2029])\s*\S/;

/**
 * A cell that holds a name's place without naming anyone: TBA and its
 * kin, "N/A", "none", "unknown", "uncredited", "various", or no letter or
 * digit at all ("-", "?", "—"). A wide sheet credits nobody for it; a long
 * or people sheet refuses it (see personCellProblem).
 */
export function isPlaceholderName(name: string): boolean {
  // Every placeholder starts with t, n, u, v or a character that is no letter: most names are out at once.
  const c = name.charCodeAt(0) | 0x20;
  if (c >= 0x61 && c <= 0x7a && c !== 0x74 && c !== 0x6e && c !== 0x75 && c !== 0x76) return false;
  return PLACEHOLDER.test(name);
}
const PLACEHOLDER =
  /^(?:tba|tbd|tbc|to be (?:announced|determined|confirmed)|n\s?\/\s?a|n\.\s?a\.?|none|nobody|unknown|unknown \w+|not known|uncredited|not credited|various|various \w+|[^\p{L}\p{N}]*)$/iu;
