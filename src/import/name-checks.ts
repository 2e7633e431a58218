/**
 * Text in a person cell that cannot be one person's name, and would be
 * stored and counted as a crew member if let through: a credit label run
 * together with the name ("Directed by Ann Lee", "Story: Bo Kim"), the
 * source a script is based on, text in square brackets that is no footnote
 * mark, a number, a date, a web address or an e-mail address.
 *
 * Each check gives the reason (to follow `"<name>" is not a name: ` or
 * similar in the caller's message) or null. Long, people and wide sheets
 * share them.
 */

/**
 * A "by:" anywhere ("Directed by: Ana Ruiz", a "Story by :" a wide cell
 * does not cut). The oldest check, with its own message.
 */
export function hasByColonLabel(name: string): boolean {
  return name.includes(':') && /\bby\s*:/i.test(name);
}

/** Role words a credit label starts with, before "by" ("Directed by", "Story by"). */
const BY_LABELS =
  'directed|written|writing|story|teleplay|screenplay|script|created|developed|produced|executive produced|co-produced|photographed|' +
  'cinematography|photography|shot|edited|film editing|editing|cut|music|adapted|narrated|hosted|presented';
/** Role words a credit label is, before a colon ("Director:", "Teleplay:"). */
const COLON_LABELS =
  'directors?|dir|direction|writers?|written|writing|story|teleplay|screenplay|script|scriptwriter|created|creators?|developed|' +
  'cinematography|cinematographers?|photography|director of photography|dop|dp|d\\.o\\.p|camera|edited|editing|editors?|film editing|film editors?|' +
  'picture editors?|producers?|executive producers?|produced|music|composer|showrunner|credits?|crew';
const LABEL_AT_START = new RegExp(`^(?:(?:series\\s+)?(?:${BY_LABELS})\\s+by\\b|(?:${COLON_LABELS})\\.?\\s*:|dir\\.\\s)`, 'i');
/** First letters of the labels above: a name starting with any other letter holds none. */
const LABEL_FIRST_LETTERS = new Set([...'wstcdpefmanhg']);

/**
 * The credit label a name starts with ("Directed by", "Story:", "Dir."),
 * or null. A role label names no one: "Directed by Ann Lee" stored would
 * be a person apart from Ann Lee.
 */
export function creditLabelOf(name: string): string | null {
  if (!LABEL_FIRST_LETTERS.has(name.charAt(0).toLowerCase())) return null;
  const m = LABEL_AT_START.exec(name);
  return m ? m[0].trim() : null;
}

/**
 * "Based on the novel by Ivy Ng", "adapted from …": the source of the
 * script, whose author is not credited for the episode as its writer is.
 */
const SOURCE_MATERIAL = /\b(?:based\s+(?:up)?on|adapted\s+from|inspired\s+by|from\s+(?:the|a)\s+(?:novel|book|play|short\s+story|story|comic|memoir|article|series)\b)/i;

export function sourceMaterialIn(text: string): string | null {
  const m = SOURCE_MATERIAL.exec(text);
  return m ? m[0] : null;
}

/**
 * Text in square brackets left after footnote marks are dropped and wiki
 * links unwrapped: "[Ann Lee]", "Bo Kim [Ann Lee]", "Ann Lee [[Bo Kim]]".
 * It may be a name, an aside or an editor's insertion; dropped, a name
 * would be lost, kept, a person named "Bo Kim [Ann Lee]" would be made up.
 */
export function squareBracketsIn(name: string): string | null {
  if (!name.includes('[')) return null;
  return /\[\[[^\]]*\]\]|\[[^\]]*\]?/.exec(name)![0];
}

/**
 * What a cell holds instead of a name when it is no name at all: a number
 * or a date (a shifted column, a spreadsheet's date serial), a web address
 * or an e-mail address (a source column read as names). Null for anything
 * with letters that is none of these. A name may hold digits ("50 Cent").
 */
export function notANameKind(name: string): string | null {
  if (!LETTER.test(name)) return DIGIT.test(name) ? 'a number or a date' : null;
  if (WEB_ADDRESS.test(name)) return 'a web address';
  if (name.includes('@') && EMAIL.test(name)) return 'an e-mail address';
  if (DATE_WITH_MONTH.test(name)) return 'a date';
  return null;
}
const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
const WEB_ADDRESS = /^(?:[a-z][a-z\d+.-]*:\/\/|www\.)|^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io|tv|info|co\.uk|org\.uk)(?:[/?#]|$)/i;
const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.\p{L}{2,}/u;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DATE_WITH_MONTH = new RegExp(`^(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}|${MONTH}\\s+\\d{4})$`, 'i');
