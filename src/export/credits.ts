/**
 * The credits export: one row per credit in the canonical import format,
 * streamed episode by episode so a million credits keep memory flat.
 *
 * The credits come from readCredits: each episode once with its credits in
 * export order, and each role and person once. The CSV is built here rather
 * than by writeRows so that an episode's cells (series, title, date …) are
 * formatted once, not once per credit, and a person's once for the whole
 * export; both format cells with the same csvCell.
 */
import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { CREDIT_EXPORT_COLUMNS, type CreditFilter } from '../db/export-queries.js';
import { fromJson, readCredits, type CreditChunk, type EpisodeChunk } from './credit-reader.js';
import { csvCell, csvHeader, TextBuffer, writeRows, type WriteOptions } from './write.js';

interface Role {
  code: unknown;
  /** The role's CSV cell and a comma, made when first needed. */
  csv?: string;
}

interface Person {
  name: unknown;
  gender: unknown;
  /** "name,gender," as CSV, made when first needed. */
  csv?: string;
}

/** The roles and people the episodes' credits refer to, as they arrive ahead of the episodes. */
class Names {
  readonly roles = new Map<number, Role>();
  /** By rank (identity-key order), which is the order they arrive in. */
  readonly people: Person[] = [];

  /** Take in a roles or people chunk; true for an episodes chunk, which is left to the caller. */
  isEpisodes(chunk: CreditChunk): chunk is EpisodeChunk {
    if (chunk.type === 'roles') for (const [id, code] of chunk.rows) this.roles.set(id as number, { code });
    else if (chunk.type === 'people') for (const [, name, gender] of chunk.rows) this.people.push({ name, gender });
    return chunk.type === 'episodes';
  }

  role(id: number): Role {
    const role = this.roles.get(id);
    if (!role) throw new Error(`a credit names role ${id}, which is not in the roles read`);
    return role;
  }

  person(rank: number): Person {
    const person = this.people[rank];
    if (!person) throw new Error(`a credit names person number ${rank}, who is not in the people read`);
    return person;
  }
}

async function writeCreditsCsv(out: Writable, chunks: AsyncIterable<CreditChunk>, bom: boolean): Promise<void> {
  const names = new Names();
  const buffer = new TextBuffer(out);
  buffer.add((bom ? '\uFEFF' : '') + csvHeader(CREDIT_EXPORT_COLUMNS));
  for await (const chunk of chunks) {
    if (!names.isEpisodes(chunk)) continue;
    const { credits, notes } = chunk;
    let at = 0; // in `credits`
    let position = 0; // among the chunk's credits
    let note = 0; // in `notes`
    for (const json of chunk.episodes) {
      const [series, season, episode, title, airDate, kind, platform] = fromJson(json) as unknown[];
      // A line is head, then role,person,gender, then production, then note,source.
      const head = `${csvCell(series)},${csvCell(season)},${csvCell(episode)},${csvCell(title)},${csvCell(airDate)},`;
      const production = `${csvCell(kind)},${csvCell(platform)},`;
      const noNote = `${production},\n`;
      for (let left = credits[at++]!; left > 0; left--, position++) {
        const role = names.role(credits[at++]!);
        const person = names.person(credits[at++]!);
        role.csv ??= `${csvCell(role.code)},`;
        person.csv ??= `${csvCell(person.name)},${csvCell(person.gender)},`;
        let end = noNote;
        if (notes[note] === position) {
          end = `${production}${csvCell(notes[note + 1])},${csvCell(notes[note + 2])}\n`;
          note += 3;
        }
        buffer.add(head + role.csv + person.csv + end);
      }
    }
    await buffer.flushIfFull();
  }
  await buffer.flush();
}

/** Rows in CREDIT_EXPORT_COLUMNS order, a chunk of episodes at a time (for the JSON export). */
async function* creditRows(chunks: AsyncIterable<CreditChunk>): AsyncGenerator<unknown[][]> {
  const names = new Names();
  for await (const chunk of chunks) {
    if (!names.isEpisodes(chunk)) continue;
    const { credits, notes } = chunk;
    const rows: unknown[][] = [];
    let at = 0;
    let position = 0;
    let note = 0;
    for (const json of chunk.episodes) {
      const [series, season, episode, title, airDate, kind, platform] = fromJson(json) as unknown[];
      for (let left = credits[at++]!; left > 0; left--, position++) {
        const role = names.role(credits[at++]!);
        const person = names.person(credits[at++]!);
        let creditNote: unknown = null;
        let source: unknown = null;
        if (notes[note] === position) {
          [creditNote, source] = [notes[note + 1], notes[note + 2]];
          note += 3;
        }
        rows.push([series, season, episode, title, airDate, role.code, person.name, person.gender, kind, platform, creditNote, source]);
      }
    }
    yield rows;
  }
}

/** Stream the credits `filter` keeps as CSV or JSON into `out` (which it does not end). */
export async function writeCredits(db: Knex, filter: CreditFilter, out: Writable, options: WriteOptions): Promise<void> {
  const chunks = readCredits(db, filter);
  if (options.format === 'csv') await writeCreditsCsv(out, chunks, options.bom ?? false);
  else await writeRows(out, CREDIT_EXPORT_COLUMNS, creditRows(chunks), options);
}
