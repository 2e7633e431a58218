/**
 * Wide sheets name several people in one cell ("Melissa Rosenberg & Scott
 * Reynolds") and writers in parts ("Story by : A Teleplay by : B"). These
 * functions cut such a cell into names, and say what is wrong with a long
 * or people sheet's cell as one person's name; the README documents the rules.
 *
 * The rule: names are separated by `&`, `;`, `/`, `+`, `|`, a spaced `·`,
 * the fullwidth `＆ ； ／`, a line break (LF, CR alone as Mac sheets end
 * lines, U+2028, U+2029, an HTML <br>), the words "and", "with", "w/",
 * "und" and "et", and a comma (also `，` and `、`) — except a comma before a
 * generational suffix (Jr., Sr., II–V, 3rd), which belongs to the name
 * ("Martin Luther King, Jr."), or before a society's or a degree's
 * post-nominal (ASC, ACE, PhD), which is dropped (name-marks.ts). Nothing
 * inside brackets separates ("Ann Lee (Parts 1 & 2)"), and a line that is
 * only an aside in brackets belongs to the name before it. Reference-page
 * footnote marks ("[a]", "[12]", "†", "¹") and maintenance tags ("[citation
 * needed]") are dropped, wiki links unwrapped. Reference pages write "&"
 * for a writing team and "and" for writers who worked separately; both
 * become one credit per person. " y " is no separator: Spanish double
 * surnames ("Ortega y Gasset") are joined by it.
 */
import { cleanText, decodeHtmlEntities, memoise } from '../domain/text.js';
import { creditLabelOf, hasByColonLabel, notANameKind, sourceMaterialIn, squareBracketsIn } from './name-checks.js';
import { isPostNominal, tidyName, withLineBreakTags, withoutNameFootnotes } from './name-marks.js';

/**
 * Separators other than the comma (see the rule above). "et al." is cut off
 * whole, to be read as a placeholder. Global, for splitOutsideBrackets.
 */
const SEPARATORS =
  /\s*(?:[&;/|＆；／⁄∕]|[\n\r\u2028\u2029])\s*|\s+(?:and|with|und|et(?!\s+al\b))\s+|\s+(?=et\s+al\b)|\s+w\/\s*|(?<=\S)\s*\+\s*(?=\S)|\s+[·•]\s+/giu;
/** The comma, and the fullwidth and ideographic commas of East Asian text. */
const COMMAS = /\s*[,，、]\s*/gu;
/** A comma-separated piece that is a suffix of the name before it, not a name. */
const SUFFIX = /^(?:jr|sr|ii|iii|iv|v|2nd|3rd|4th)\.?$/i;
/** A name that is only an aside in brackets: "(Part 1)", on a line of its own under a name. */
const ASIDE_ONLY = /^\([^()]*\)$/;
/**
 * Footnote marks as reference pages print them: [a], [12], [note 3], and the
 * dagger family; and Wikipedia's inline maintenance tags, longer but always
 * lower-case words ("[citation needed]", "[better source needed]", "[dubious
 * – discuss]"), which name no one either. For headers, role cells and dates,
 * where nothing in square brackets is wanted; names use the narrower
 * withoutNameFootnotes, which keeps "[Ann Lee]".
 */
const FOOTNOTES = /\[[^\][]{1,12}\]|\[[a-z][a-z ?–—-]{11,40}\]|[†‡§¶*]+/g;

export function withoutFootnotes(cell: string): string {
  return FOOTNOTE_START.test(cell) ? cell.replace(FOOTNOTES, ' ') : cell; // most cells have none: no new string
}
const FOOTNOTE_START = /[[†‡§¶*]/;

/** The names in one cell, in order, each cleaned (trimmed, spaces collapsed, NFC, marks dropped); duplicates kept once. */
export function splitNames(cell: string): string[] {
  const names: string[] = [];
  for (const piece of splitOutsideBrackets(withoutNameFootnotes(withLineBreakTags(cell)), SEPARATORS)) {
    let previous: string | undefined; // the name before this comma, in this piece
    for (const part of splitOutsideBrackets(piece, COMMAS)) {
      const name = tidyName(cleanText(part));
      if (name === '' || /^and$/i.test(name)) continue;
      if (previous !== undefined && SUFFIX.test(name)) {
        names[names.length - 1] = previous = `${previous}, ${name}`;
      } else if (previous !== undefined && isPostNominal(name, previous)) {
        continue; // "Bo Kim, ASC": a membership, not a person
      } else if (names.length > 0 && ASIDE_ONLY.test(name)) {
        names[names.length - 1] = previous = `${names[names.length - 1]!} ${name}`; // "Ann Lee⏎(Part 1)"
      } else names.push((previous = name));
    }
  }
  return [...new Set(names)];
}

/**
 * `text` cut where `separator` (a global regexp) matches outside brackets:
 * "Ann Lee (Parts 1 & 2)" is one piece, and so is a wiki link "[[Bo Kim|B. Kim]]".
 */
function splitOutsideBrackets(text: string, separator: RegExp): string[] {
  const masked = maskBrackets(text);
  if (masked === text) return text.split(separator); // no brackets: nearly every cell
  const pieces: string[] = [];
  let start = 0;
  for (const m of masked.matchAll(separator)) {
    if (m[0].length === 0 && m.index === start) continue;
    pieces.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * `text` with what is inside each pair of brackets, () or [], replaced by a
 * character no separator matches, so the indexes stay those of `text`. An
 * unclosed bracket hides nothing.
 */
function maskBrackets(text: string): string {
  return BRACKET.test(text) ? maskBracketsUnits(text) : text;
}
const BRACKET = /[([]/;

function maskBracketsUnits(text: string): string {
  const out = text.split(''); // UTF-16 units: indexes stay those of `text`
  const open: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (c === '(' || c === '[') open.push(i);
    else if ((c === ')' || c === ']') && open.length > 0 && out[open[open.length - 1]!] === (c === ')' ? '(' : '[')) {
      const from = open.pop()!;
      for (let k = from + 1; k < i; k++) out[k] = '\ue000';
    }
  }
  return out.join('');
}

export interface WriterPart {
  /** "Story by", "Teleplay by", "Screenplay by", or null for plain "Written by" text. */
  note: string | null;
  text: string;
}

/**
 * "Story by", "Teleplay by : ", "Screenplay by:" and "Written by" inside a
 * cell; also without "by" when a colon follows ("Story: A⏎Teleplay: B").
 */
const PART_LABEL = /\b(story|teleplay|screenplay|written)(?:\s+by\s*:?|\s*:)/gi;
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
 * Whether a name still holds a credit label: "Directed by: Ana Ruiz", a
 * "Story by :" this file does not cut, or a role label it starts with
 * ("Directed by Ana Ruiz", "Director: Ana Ruiz"). It is a label and a name
 * run together, and stored it would be a person of its own.
 */
export function labelInName(name: string): boolean {
  return hasByColonLabel(name) || creditLabelOf(name) !== null;
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

/** Why a text is not one person's name, as `"<name>" <what>; <advice>`. */
export interface NameProblem {
  what: string;
  advice: string;
}

/**
 * What keeps one name (a long sheet's cell, a piece of a wide cell) from
 * being a person's name, other than naming several people or a place: a
 * credit label, the script's source material, text in square brackets, an
 * aside alone, a number, a date, a web or e-mail address (name-checks.ts).
 * `names` words the advice for a wide cell, which may hold several.
 */
export function nameProblem(name: string, names = false): NameProblem | null {
  const alone = names ? 'write the names alone' : 'give the name alone';
  if (hasByColonLabel(name)) return { what: 'is not a name: it holds the label "by:"', advice: alone };
  const label = creditLabelOf(name);
  if (label !== null) return { what: `is not a name: it holds the credit label "${label}"`, advice: alone };
  const source = sourceMaterialIn(name);
  if (source !== null) return sourceMaterialProblem(source);
  const brackets = squareBracketsIn(name);
  if (brackets !== null) {
    return brackets.startsWith('[[')
      ? { what: `runs the wiki link "${brackets}" together with other text`, advice: 'write each name on its own' }
      : {
          what: `holds "${brackets}" in square brackets, which is not a footnote mark`,
          advice: 'write the name without them (an aside such as "(uncredited)" goes in round brackets)',
        };
  }
  if (ASIDE_ONLY.test(name)) return { what: 'is an aside in brackets, not a name', advice: 'write it after the name it belongs to' };
  const kind = notANameKind(name);
  if (kind !== null) return { what: `is not a name but ${kind}`, advice: "give the person's name (is a column shifted?)" };
  return null;
}

/** "Based on the novel by Ivy Ng": the script's source, whose author is not credited for the episode as its writers are. */
export function sourceMaterialProblem(source: string): NameProblem {
  return {
    what: `names the source material ("${source} …"), not a credit of the episode`,
    advice: "give the episode's writers alone (their own credits, such as Story by), and leave out the source's author",
  };
}

/**
 * What is wrong with a long or people sheet's person cell as the name of
 * one person, or null. `name` is the cell cleaned (see personName in values.ts).
 *
 * Several people, joined as reference pages join them ("A & B", "A and B",
 * "A with B", "A / B", "A; B", "A + B", "A | B", fullwidth "A＆B", one per
 * line): these sheets give one person a row, with one gender, so such a
 * cell would count two people as one. Only spaced &, /, + and words count,
 * so "AT&T" or a URL stays one value; commas are left alone, as "King, Jr."
 * and "Surname, Given" are one person; brackets hide what they hold ("Ann
 * Lee (Parts 1 & 2)" is one person), and a line that is only an aside
 * belongs to the name above it.
 *
 * A placeholder (TBA, N/A, unknown, a dash), or a filmography's mark
 * (Yes, ✔): stored, it would be counted as a crew member. So would a name
 * with a credit label, a number, an address (nameProblem).
 */
export function personCellProblem(cell: string, name: string): string | null {
  const basic = placeProblem(name);
  if (basic !== null) return basic;
  // The fast path: a plain name without a suspect word, read from a cell that needed no cleaning (so on one line).
  if (isPlainName(name) && (cell === name || !mayHoldLines(cell))) return null;
  if (SEVERAL_PEOPLE.test(maskBrackets(name)) || severalLines(cell)) {
    return `person "${name}" names more than one person; give each their own row (a row's gender is one person's)`;
  }
  const problem = nameProblem(name);
  return problem && `person "${name}" ${problem.what}; ${problem.advice}`;
}

/**
 * The checks of personCellProblem that even a plain name (isPlainName) can
 * fail: too long, a filmography's mark ("Yes"), a placeholder ("TBA").
 */
export function placeProblem(name: string): string | null {
  const tooLong = nameTooLong('person', name);
  if (tooLong) return tooLong;
  // Before placeholders, which ✔ and ✗ (no letter) would also be.
  if (isRoleMark(name)) return `person "${name}" marks whether someone had the role instead of naming them; the sheet needs the person's name`;
  if (isPlaceholderName(name)) {
    return `person "${name}" holds a place instead of naming someone; leave out the row until the person is known`;
  }
  return null;
}

/**
 * Whether a name is plain: ASCII letters, digits, spaces, periods, hyphens
 * and apostrophes, starting with a letter, and without a word or shape
 * that makes it suspect (see NOT_PLAIN_OR_SUSPECT). Of personCellProblem's
 * checks such a name can fail only placeProblem's.
 */
export function isPlainName(name: string): boolean {
  return name !== '' && !NOT_PLAIN_OR_SUSPECT.test(name);
}

/** Whether a cell may hold a line break: one of LINE_BREAK, or an HTML <br> (also written &lt;br&gt;). */
function mayHoldLines(cell: string): boolean {
  return LINE_BREAK.test(cell) || cell.includes('<') || cell.includes('&');
}

/** Whether a cell holds names on two lines or more; a line that is only an aside or footnote marks is part of the name above. */
function severalLines(cell: string): boolean {
  const text = withLineBreakTags(decodeHtmlEntities(cell));
  if (!LINE_BREAK.test(text)) return false;
  let names = 0;
  for (const line of splitOutsideBrackets(text, LINE_BREAKS)) {
    const name = tidyName(cleanText(withoutNameFootnotes(line)));
    if (name !== '' && !ASIDE_ONLY.test(name) && ++names > 1) return true;
  }
  return false;
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

/**
 * Several people in one long-sheet cell (see personCellProblem), matched on
 * the name with its brackets' contents hidden. "et" also catches "et al.":
 * a name and others unnamed.
 */
const SEVERAL_PEOPLE = /\s(?:[&/+·•]|and|with|und|et)\s|\sw\/|[;|＆；／⁄∕，、]/iu;
/**
 * The fast path's test, one regexp for speed (it runs for every name).
 * Most names of most sheets are plain: ASCII letters, digits, spaces,
 * periods, hyphens and apostrophes, starting with a letter. A plain name can
 * fail personCellProblem's checks after the placeholders only by holding a
 * joining word of SEVERAL_PEOPLE, a label's "by", source material ("based
 * on"), "Dir.", a web address ("www.", ".org") or a date's year ("March
 * 2018"). This matches a name that is not plain or holds one of those
 * (which alone mean nothing wrong): such names take the full checks.
 */
const NOT_PLAIN_OR_SUSPECT =
  /[^A-Za-z0-9 .'-]|^(?:[^A-Za-z]|based|adapted|inspired|from|dir\.|www\.)|\s(?:and|with|und|et|by|based|adapted|inspired|from)\b|\.[a-z]{2}|\d{4}/i;
/** LF, CR alone (Mac sheets), CRLF, and the Unicode line and paragraph separators. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const LINE_BREAKS = /\r\n?|[\n\u2028\u2029]/g;

/**
 * A cell that holds a name's place without naming anyone: TBA and its
 * kin, "N/A", "none", "unknown", "uncredited", "various", or no letter or
 * digit at all ("-", "?", "—"). A wide sheet credits nobody for it; a long
 * or people sheet refuses it (see personCellProblem).
 */
export function isPlaceholderName(name: string): boolean {
  // Every placeholder starts with t, n, u, v, a character that is no letter, or "et al." or "others" (six characters at most),
  // or else ends in TBA, TBD or TBC ("Director TBA"): character tests put most names out at once.
  const c = name.charCodeAt(0) | 0x20;
  const letter = c >= 0x61 && c <= 0x7a;
  const mayBe = !letter || c === 0x74 || c === 0x6e || c === 0x75 || c === 0x76 || ((c === 0x65 || c === 0x6f) && name.length <= 6);
  return (mayBe && PLACEHOLDER.test(name)) || (endsInTbx(name) && ROLE_TBX.test(name));
}
/**
 * Also in brackets ("(uncredited)", "[TBA]"); "n/k" and "n.k." (not known,
 * in British sheets); "et al." and "others" (people a cell does not name).
 */
const PLACEHOLDER =
  /^(?:[([]\s*)?(?:tba|tbd|tbc|to be (?:announced|determined|confirmed)|n\s?\/\s?a|n\.\s?a\.?|n\s?\/\s?k|n\.\s?k\.?|none|nobody|unknown|unknown \w+|not known|uncredited|not credited|various|various \w+|others|et al\.?)(?:\s*[)\]])?$|^[^\p{L}\p{N}]*$/iu;
/** A role word and TBA, TBD or TBC: "Director TBA", "Writers TBD". "Ann Lee TBC" names someone, if not for sure. */
const ROLE_TBX =
  /^(?:directors?|writers?|editors?|cinematographers?|dop|dp|producers?|executive producers?|creators?|showrunners?|crew|names?|credits?|person|people)\s*[:-]?\s*(?:tba|tbd|tbc)$/i;

/** Whether a name ends in "tba", "tbd" or "tbc", any case (a character test: this runs for nearly every name). */
function endsInTbx(name: string): boolean {
  const n = name.length;
  if (n < 4 || (name.charCodeAt(n - 3) | 0x20) !== 0x74 || (name.charCodeAt(n - 2) | 0x20) !== 0x62) return false;
  const last = name.charCodeAt(n - 1) | 0x20;
  return last === 0x61 || last === 0x64 || last === 0x63;
}
