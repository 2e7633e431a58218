/**
 * What a column header says about roles: the role (or roles) whose credits
 * its cells hold in a wide sheet, or why a header that looks like a crew
 * role is not one CrewCount can read. The vocabulary (synonyms, the words of
 * crew jobs, other languages' headings) is in src/domain/roles.ts; this file
 * only reads a header with it.
 *
 * A header is read, in this order, as:
 *   - a role's synonym (`Directed by`, `Co-director`, `Writer(s)`);
 *   - a role's synonym numbered (`Director 1`, `Writer #2`, `Directed by
 *     (Part 1)`): one more column of the same role, as reference pages split
 *     a two-part episode's credits or spreadsheets give a second director a
 *     column of their own;
 *   - several roles joined (`Written and directed by`, `Writer/Director`,
 *     `Story & teleplay by`): each name in the cell is credited in each role;
 *   - otherwise, when a word of it names a crew job (`Guest director`,
 *     `Showrunner`, `Additional writing by`, `Written by (uncredited)`) or
 *     is another language's credit heading (`Regie`, `Drehbuch`): a problem,
 *     reported at the header cell, since ignoring the column would drop
 *     credits without a word.
 */
import { FOREIGN_ROLE_WORDS, parseRole, ROLE_HEADERS, ROLE_SYNONYMS, ROLE_WORDS, ROLES, roleNoun, type Role } from '../domain/roles.js';
import { latinBase } from '../domain/text.js';
import { joinParts, withoutFootnotes, writerPartOf } from './names.js';

/** One role a header's column credits, with the credit note its credits carry ("Teleplay by"), or null. */
export interface HeaderRole {
  role: Role;
  note: string | null;
}

export type RoleHeader =
  | { roles: HeaderRole[]; problem?: undefined; nearest?: undefined }
  /** Looks like a crew role but is none CrewCount reads: `problem` says what to do; `nearest` is the counted role nearest to it. */
  | { roles?: undefined; problem: string; nearest: Role };

/** The role reading of a header cell, or undefined for a header that has nothing to do with roles. */
export function readRoleHeader(cell: string): RoleHeader | undefined {
  const text = withoutFootnotes(cell).trim();
  if (text === '') return undefined;
  const roles = rolesOf(text);
  if (roles) return { roles };
  const near = nearestRole(text);
  if (!near) return undefined;
  return { problem: unknownRoleMessage(cell.trim(), near.role, near.foreign), nearest: near.role };
}

/** The roles a header names: one synonym, a numbered one, or several joined. */
function rolesOf(text: string): HeaderRole[] | undefined {
  const single = oneRole(text);
  if (single) return [single];
  const base = NUMBERED.exec(text)?.[1];
  if (base !== undefined) {
    const numbered = oneRole(base) ?? joinedRoles(base);
    if (numbered) return Array.isArray(numbered) ? numbered : [numbered];
  }
  return joinedRoles(text);
}

function oneRole(text: string): HeaderRole | undefined {
  const role = parseRole(text);
  return role ? { role, note: role === 'writer' ? writerPartOf(text) : null } : undefined;
}

/**
 * A number after a role: "Director 2", "Writer #2", "Directed by (Part 1)",
 * "Directed by – Part II", "Director (2)". Group 1 is the role's part.
 */
const NUMBERED = /^(.*?\S)[\s,:;–—-]*(?:\(\s*(?:(?:part|pt\.?)\s*(?:\d{1,2}|[ivx]{1,4}|one|two|three|four)|(?:no\.?|#)?\s*\d{1,2})\s*\)|(?:part|pt\.?)\s*(?:\d{1,2}|[ivx]{1,4})|(?:no\.?|#)?\s*\d{1,2})$/iu;

/** Between the roles of a joined header: &, /, +, a comma, "and"; then, for "Writer-director", also a dash. */
const JOINS = [/\s*(?:&|\/|\+|,|\band\b)\s*/iu, /\s*(?:&|\/|\+|,|\band\b|[-–—])\s*/iu];
const ENDS_BY = /\s+by\s*:?$/iu;

/**
 * "Written and directed by", "Directed & written by", "Writer/Director",
 * "Writer-director", "Story and teleplay by": every part a role (the last
 * part's "by" belongs to each). The same role twice gives one column whose
 * credits carry both parts' notes ("Story by; Teleplay by").
 */
function joinedRoles(text: string): HeaderRole[] | undefined {
  for (const join of JOINS) {
    const parts = text
      .split(join)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (parts.length < 2) continue;
    const by = ENDS_BY.test(parts.at(-1)!);
    const roles: HeaderRole[] = [];
    let all = true;
    for (const part of parts) {
      const read = (by && !ENDS_BY.test(part) ? oneRole(`${part} by`) : undefined) ?? oneRole(part);
      if (!read) {
        all = false;
        break;
      }
      const same = roles.find((r) => r.role === read.role);
      if (same) same.note = joinParts(same.note, read.note);
      else roles.push(read);
    }
    if (all) return roles;
  }
  return undefined;
}

/** Words of a header: lower case, accents removed, split at anything that is not a letter or digit. */
function wordsOf(text: string): string[] {
  return latinBase(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Whether `phrase` (words) occurs in `words`, contiguous. */
function contains(words: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((w, k) => words[i + k] === w)) return true;
  }
  return false;
}

/** Synonyms of more than one word ("director of photography", "written by"), longest first, and the role words (ROLE_WORDS). */
const PHRASES: ReadonlyArray<{ words: string[]; role: Role }> = [
  ...ROLES.flatMap((role) => ROLE_SYNONYMS[role].map((s) => ({ words: wordsOf(s), role }))).filter((p) => p.words.length > 1),
  ...Object.entries(ROLE_WORDS).map(([w, role]) => ({ words: wordsOf(w), role })),
].sort((a, b) => b.words.length - a.words.length);

/**
 * The counted role a header that is none of them comes nearest to: the
 * longest of its synonyms or crew-job words the header holds ("Director of
 * photography (2nd unit)" is nearest cinematographer, "Guest director"
 * director), else another language's heading it holds.
 */
function nearestRole(text: string): { role: Role; foreign: boolean } | undefined {
  const words = wordsOf(text);
  for (const phrase of PHRASES) if (contains(words, phrase.words)) return { role: phrase.role, foreign: false };
  for (const w of words) {
    const role = FOREIGN_ROLE_WORDS[w];
    if (role) return { role, foreign: true };
  }
  return undefined;
}

/** A role in running text, singular: "director", "executive producer". */
function roleName(role: Role): string {
  return role.replace('_', ' ');
}

function unknownRoleMessage(header: string, role: Role, foreign: boolean): string {
  const rename = `rename the column "${ROLE_HEADERS[role]}" if its names are credited as ${roleNoun(role)}, or delete the column`;
  if (foreign) return `header "${header}" looks like a crew credit in another language (${roleName(role)}?), and CrewCount reads role headers in English: ${rename}`;
  return `header "${header}" names a crew job that is not one of the roles CrewCount counts (the nearest is ${roleName(role)}), so its names cannot be read: ${rename}`;
}

/** Whether a header is about gender ("Gender", "Writer gender", "Sex (m/f)"). */
export function isGenderHeader(cell: string): boolean {
  return wordsOf(cell).some((w) => GENDER_WORDS.has(w));
}
const GENDER_WORDS = new Set(['gender', 'genders', 'sex']);
