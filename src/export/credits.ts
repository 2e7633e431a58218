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
import { BOM, csvCell, csvHeader, OutputBuffer, writeRows, type WriteOptions } from './write.js';

interface Role {
  code: unknown;
  /** The role's CSV cell and a comma, encoded when first needed. */
  csv?: Buffer;
}

interface Person {
  name: unknown;
  gender: unknown;
  /** "name,gender," as CSV, encoded when first needed. */
  csv?: Buffer;
}

/** The roles and people the episodes' credits refer to, as they arrive ahead of the episodes. */
class Names {
  readonly roles = new Map<number, Role>();
  /** By rank (identity-key order), which is the order they arrive in. */
  readonly people: Person[] = [];

  add(chunk: Exclude<CreditChunk, EpisodeChunk>): void {
    if (chunk.type === 'roles') for (const [id, code] of chunk.rows) this.roles.set(id as number, { code });
    else for (const [, name, gender] of chunk.rows) this.people.push({ name, gender });
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

/**
 * Go through an episodes chunk in order: `episode` gets each episode's
 * [series, season, episode, episode_title, air_date, kind, platform, year], then
 * `credit` each of its credits, or `uncredited` is called for an episode with none.
 */
function eachCredit(
  chunk: EpisodeChunk,
  names: Names,
  episode: (fields: unknown[]) => void,
  credit: (role: Role, person: Person, note: unknown, source: unknown) => void,
  uncredited: () => void,
): void {
  const { credits, notes } = chunk;
  let at = 0; // in `credits`
  let position = 0; // among the chunk's credits
  let next = 0; // in `notes`
  for (const json of chunk.episodes) {
    episode(fromJson(json) as unknown[]);
    if (credits[at] === 0) uncredited();
    for (let left = credits[at++]!; left > 0; left--, position++) {
      const role = names.role(credits[at++]!);
      const person = names.person(credits[at++]!);
      if (notes[next] === position) {
        credit(role, person, notes[next + 1], notes[next + 2]);
        next += 3;
      } else {
        credit(role, person, null, null);
      }
    }
  }
}

async function writeCreditsCsv(out: Writable, chunks: AsyncIterable<CreditChunk>, bom: boolean): Promise<void> {
  const names = new Names();
  const buffer = new OutputBuffer(out);
  buffer.addText((bom ? BOM : '') + csvHeader(CREDIT_EXPORT_COLUMNS));
  // A line is the episode's head, the role, the person, then the production's cells and the credit's note and source.
  let head = Buffer.alloc(0);
  let production = '';
  let noNote = Buffer.alloc(0);
  const episode = ([series, season, number, title, airDate, kind, platform, year]: unknown[]): void => {
    head = Buffer.from(`${csvCell(series)},${csvCell(season)},${csvCell(number)},${csvCell(title)},${csvCell(airDate)},`);
    production = `${csvCell(kind)},${csvCell(platform)},${csvCell(year)},`;
    noNote = Buffer.from(`${production},\n`);
  };
  const credit = (role: Role, person: Person, note: unknown, source: unknown): void => {
    buffer.add(head);
    buffer.add((role.csv ??= Buffer.from(`${csvCell(role.code)},`)));
    buffer.add((person.csv ??= Buffer.from(`${csvCell(person.name)},${csvCell(person.gender)},`)));
    if (note == null && source == null) buffer.add(noNote);
    else buffer.addText(`${production}${csvCell(note)},${csvCell(source)}\n`);
  };
  // An episode without credits: its row has no role, person or gender (the import reads it back as an episode alone).
  const uncredited = (): void => {
    buffer.add(head);
    buffer.addText(',,,');
    buffer.add(noNote);
  };
  for await (const chunk of chunks) {
    if (chunk.type !== 'episodes') {
      names.add(chunk);
      continue;
    }
    eachCredit(chunk, names, episode, credit, uncredited);
    await buffer.drained();
  }
  await buffer.end();
}

/** Rows in CREDIT_EXPORT_COLUMNS order, a chunk of episodes at a time (for the JSON export). */
async function* creditRows(chunks: AsyncIterable<CreditChunk>): AsyncGenerator<unknown[][]> {
  const names = new Names();
  for await (const chunk of chunks) {
    if (chunk.type !== 'episodes') {
      names.add(chunk);
      continue;
    }
    const rows: unknown[][] = [];
    let e: unknown[] = [];
    eachCredit(
      chunk,
      names,
      (fields) => (e = fields),
      (role, person, note, source) => rows.push([e[0], e[1], e[2], e[3], e[4], role.code, person.name, person.gender, e[5], e[6], e[7], note, source]),
      () => rows.push([e[0], e[1], e[2], e[3], e[4], null, null, null, e[5], e[6], e[7], null, null]),
    );
    yield rows;
  }
}

/** Stream the credits `filter` keeps as CSV or JSON into `out` (which it does not end). */
export async function writeCredits(db: Knex, filter: CreditFilter, out: Writable, options: WriteOptions): Promise<void> {
  const chunks = readCredits(db, filter);
  if (options.format === 'csv') await writeCreditsCsv(out, chunks, options.bom ?? false);
  else await writeRows(out, CREDIT_EXPORT_COLUMNS, creditRows(chunks), options);
}
