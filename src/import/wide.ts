/**
 * Wide sheets: one row per episode (or film), a column per role, several
 * people per cell — the episode tables of reference pages. Each row becomes
 * the credits its cells name, every one with gender unknown (a wide sheet
 * carries no gender: people sheets give it). A row that names nobody still
 * records its episode, so coverage counts it.
 */
import type { Gender } from '../domain/genders.js';
import type { Role } from '../domain/roles.js';
import { CONTROL, decodeHtmlEntities, identityKey } from '../domain/text.js';
import type { HeaderMap, LayoutOptions, RoleColumn } from './headers.js';
import { notANameKind, sourceMaterialIn } from './name-checks.js';
import { tidyName, withLineBreakTags, withoutNameFootnotes } from './name-marks.js';
import { isPlaceholderName, isRoleMark, joinParts, nameProblem, nameTooLong, sourceMaterialProblem, splitNames, splitWriterParts, type NameProblem } from './names.js';
import { describeControl, normaliseEpisodeFacts, raggedRow, type EpisodeFacts } from './normalise.js';
import type { CreditRecord, ImportIssue } from './types.js';
import { cleanName, parseOrdinal } from './values.js';

/** A wide sheet carries no gender. */
const UNKNOWN: Gender = 'unknown';

export interface WideRowResult {
  records: CreditRecord[];
  issues: ImportIssue[];
  /** Set when the sheet numbers episodes only overall: the records wait for OverallNumbering. */
  overall?: number;
  /** Names that were placeholders (TBA, a dash), credited to nobody. */
  placeholders?: number;
}

export function normaliseWideRow(file: string, line: number, cells: readonly string[], map: HeaderMap, layout: LayoutOptions): WideRowResult {
  const issues: ImportIssue[] = [];
  if (cells.length !== map.columnCount) return { records: [], issues: [raggedRow(file, line, cells, map.columnCount)] };
  cells.forEach((value, i) => {
    if (CONTROL.test(value)) issues.push({ file, line, column: i + 1, ...describeControl(value, `column ${i + 1}`) });
  });
  if (issues.length > 0) return { records: [], issues };

  const facts = normaliseEpisodeFacts(cells, map, layout, (field, value, message) =>
    issues.push({ file, line, column: (map.index[field] ?? -1) + 1, value, message }),
  );
  let overall: number | undefined;
  if (facts && facts.kind === 'tv' && map.index.episode === undefined) {
    const i = map.index.episode_overall!;
    const parsed = parseOrdinal(cells[i] ?? '', 'episode');
    if (parsed.ok) overall = parsed.value;
    else issues.push({ file, line, column: i + 1, value: cells[i] ?? '', message: parsed.message.replace('episode number', 'overall episode number') });
  }
  if (!facts || issues.length > 0) return { records: [], issues };
  const { records, placeholders, problems } = creditsOfRow(line, cells, map, facts);
  for (const p of problems) issues.push({ file, line, ...p });
  if (issues.length > 0) return { records: [], issues };
  return { records, issues, ...(overall !== undefined ? { overall } : {}), ...(placeholders > 0 ? { placeholders } : {}) };
}

/** What a role cell holds in place of names, located by column. */
type CellProblem = Pick<ImportIssue, 'column' | 'value' | 'message'>;

/**
 * The credits a row's role cells name; one per person and role, the notes of
 * their parts joined. Cells that hold something other than names are problems.
 */
function creditsOfRow(
  line: number,
  cells: readonly string[],
  map: HeaderMap,
  facts: EpisodeFacts,
): { records: CreditRecord[]; placeholders: number; problems: CellProblem[] } {
  let placeholders = 0;
  const problems: CellProblem[] = [];
  const byCredit = new Map<string, { role: Role; person: string; personKey: string; note: string | null }>();
  // A column of two roles ("Written and directed by") is two role columns on one cell: read for each
  // role, its placeholders and problems are counted once, at the cell's first.
  const readCells = new Set<number>();
  for (const column of map.roleColumns) {
    const value = cells[column.index] ?? '';
    const firstRead = !readCells.has(column.index);
    readCells.add(column.index);
    const report = (p: CellProblem): void => {
      if (firstRead) problems.push(p);
    };
    const problem = (person: string, p: NameProblem): void => report({ column: column.index + 1, value, message: `"${person}" ${p.what}; ${p.advice}` });
    // Entities before "&amp;" is cut at its & and ;, <br> before the cell is cut at its lines.
    const cell = withLineBreakTags(decodeHtmlEntities(value));
    // "Screenplay by A, based on a story by B": before the cell is cut at its "story by".
    const source = sourceMaterialIn(cell);
    if (source !== null) {
      problem(cleanName(cell), sourceMaterialProblem(source));
      continue;
    }
    const parts = column.role === 'writer' ? splitWriterParts(cell, column.note) : [{ note: column.note, text: cell }];
    for (const part of parts) {
      // The whole part first: "N/A" would otherwise be cut into "N" and "A". A blank cell holds no place: it is not counted.
      const whole = tidyName(cleanName(withoutNameFootnotes(part.text)));
      if (whole === '') continue;
      // Before placeholders, which ✔ and ✗ (no letter) would also be.
      if (isRoleMark(whole)) {
        report(markProblem(column, value, whole));
        continue;
      }
      if (isPlaceholderName(whole)) {
        if (firstRead) placeholders++;
        continue;
      }
      // A web address or a date whole: cut at its "/" or its comma, it would give pieces that look like names.
      const notAName = notANameKind(whole);
      if (notAName !== null) {
        problem(whole, { what: `is not a name but ${notAName}`, advice: "give the people's names (is a column shifted?)" });
        continue;
      }
      for (const raw of splitNames(part.text)) {
        const person = cleanName(raw);
        if (isPlaceholderName(person)) {
          if (firstRead) placeholders++;
          continue;
        }
        const tooLong = nameTooLong('person', person);
        if (tooLong) {
          report({ column: column.index + 1, value: person.slice(0, 80), message: tooLong });
          continue;
        }
        const wrong = nameProblem(person, true);
        if (wrong) {
          problem(person, wrong);
          continue;
        }
        const personKey = identityKey(person);
        const key = `${column.role}\u0000${personKey}`;
        const credit = byCredit.get(key);
        // A writer credited for story and teleplay: one credit, both parts in the note. A plain "Written by" part has none.
        if (!credit) byCredit.set(key, { role: column.role, person, personKey, note: part.note });
        else credit.note = joinParts(credit.note, part.note);
      }
    }
  }
  const episodeOnly: CreditRecord = { line, ...facts, role: null, person: '', personKey: '', gender: UNKNOWN, creditNote: null };
  if (byCredit.size === 0) return { records: [episodeOnly], placeholders, problems };
  const records = [...byCredit.values()].map((c) => ({
    ...episodeOnly,
    role: c.role,
    person: c.person,
    personKey: c.personKey,
    creditNote: c.note,
  }));
  return { records, placeholders, problems };
}

/**
 * A filmography's "Yes" / ✔ under a role: it says whether the page's one
 * person had the role, and names no one, so it cannot become a credit.
 */
function markProblem(column: RoleColumn, cell: string, mark: string): CellProblem {
  return {
    column: column.index + 1,
    value: cell,
    message:
      `column "${column.header}" marks whether someone had the role ("${mark}") instead of naming them; ` +
      "the sheet needs the people's names in its role columns (a filmography of one person cannot be imported as credits)",
  };
}

/**
 * Episodes numbered only overall ("No. overall" without "No. in season"):
 * the number within the season is the overall number less the episodes of
 * the earlier seasons. That is only known when the sheet lists the series
 * from its first episode without gaps, so the records are held to the end
 * of the sheet and checked; otherwise the sheet is refused with a request
 * for a No. in season column, never numbered by guess.
 */
export class OverallNumbering {
  private readonly held: Array<{ record: CreditRecord; overall: number }> = [];

  hold(records: readonly CreditRecord[], overall: number): void {
    for (const record of records) this.held.push({ record, overall });
  }

  get size(): number {
    return this.held.length;
  }

  finish(file: string, column: number): { records: CreditRecord[]; issues: ImportIssue[] } {
    const issues: ImportIssue[] = [];
    const bySlug = new Map<string, Array<{ record: CreditRecord; overall: number }>>();
    for (const h of this.held) {
      let list = bySlug.get(h.record.slug);
      if (!list) bySlug.set(h.record.slug, (list = []));
      list.push(h);
    }
    for (const list of bySlug.values()) {
      // overall number → its season, as first given
      const seasonOf = new Map<number, { season: number; line: number }>();
      for (const { record, overall } of list) {
        const seen = seasonOf.get(overall);
        if (!seen) seasonOf.set(overall, { season: record.season, line: record.line });
        else if (seen.season !== record.season) {
          issues.push({
            file,
            line: record.line,
            column,
            value: String(overall),
            message: `overall episode ${overall} is in season ${record.season} here but in season ${seen.season} at line ${seen.line}`,
          });
        }
      }
      const numbers = [...seasonOf.keys()].sort((a, b) => a - b);
      const contiguous = numbers.every((n, i) => n === i + 1);
      const ordered = numbers.every((n, i) => i === 0 || seasonOf.get(n)!.season >= seasonOf.get(numbers[i - 1]!)!.season);
      if (!contiguous || !ordered) {
        const first = list[0]!.record;
        issues.push({
          file,
          line: first.line,
          column,
          value: String(list[0]!.overall),
          message:
            `the sheet numbers "${first.series}" episodes only overall and ${contiguous ? 'its seasons are out of order' : `does not list every episode from 1 to ${numbers.at(-1)}`}, ` +
            'so the number within each season cannot be worked out; add a No. in season column',
        });
        continue;
      }
      // Episodes in the seasons before each season.
      const before = new Map<number, number>();
      for (const n of numbers) {
        const season = seasonOf.get(n)!.season;
        if (!before.has(season)) before.set(season, n - 1);
      }
      for (const { record, overall } of list) record.episode = overall - before.get(record.season)!;
    }
    return { records: issues.length > 0 ? [] : this.held.map((h) => h.record), issues };
  }
}
