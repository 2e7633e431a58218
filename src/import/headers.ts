/**
 * Map a sheet's header row to CrewCount's canonical fields. Headers are
 * compared with looseKey (case, spaces, underscores and punctuation ignored)
 * against the alias table below, which the README documents.
 */
import { looseKey } from '../domain/text.js';
import type { ImportIssue } from './types.js';

export const FIELDS = [
  'series',
  'season',
  'episode',
  'episode_title',
  'air_date',
  'role',
  'person',
  'gender',
  'kind',
  'credit_note',
  'source',
  'platform',
] as const;
export type Field = (typeof FIELDS)[number];

export const REQUIRED_FIELDS: readonly Field[] = ['series', 'season', 'episode', 'role', 'person'];

export const HEADER_ALIASES: Readonly<Record<Field, readonly string[]>> = {
  series: ['series', 'show', 'production', 'programme', 'program', 'series title', 'show title', 'production title'],
  season: ['season', 'season number', 'season no', 'season #', 'series number'],
  episode: ['episode', 'ep', 'episode number', 'episode no', 'ep no', 'no in season', 'episode #', 'ep #'],
  episode_title: ['episode title', 'episode name'],
  air_date: ['air date', 'original air date', 'release date', 'aired', 'original release date', 'first aired', 'airdate'],
  role: ['role', 'job', 'credit', 'position', 'crew role'],
  person: ['person', 'name', 'crew member', 'credited as', 'person name', 'full name'],
  gender: ['gender', 'gender identity', 'sex'],
  kind: ['kind', 'medium', 'type'],
  credit_note: ['credit note', 'note', 'notes', 'comment', 'comments'],
  source: ['source', 'source url', 'citation', 'reference'],
  platform: ['platform', 'network', 'channel', 'streamer', 'broadcaster'],
};

const aliasIndex = new Map<string, Field>();
for (const field of FIELDS) {
  for (const alias of HEADER_ALIASES[field]) aliasIndex.set(looseKey(alias), field);
}

export interface HeaderMap {
  /** Column index (0-based) of each field present. */
  index: Partial<Record<Field, number>>;
  columnCount: number;
  ignored: string[];
}

export interface HeaderResult {
  map: HeaderMap | null;
  issues: ImportIssue[];
}

/** Resolve a header row. "Title" means the episode title when a series column exists, else the series. */
export function mapHeaders(file: string, cells: readonly string[]): HeaderResult {
  const issues: ImportIssue[] = [];
  const index: Partial<Record<Field, number>> = {};
  const ignored: string[] = [];
  const titleColumns: number[] = [];
  cells.forEach((cell, i) => {
    const key = looseKey(cell);
    if (key === 'title') {
      titleColumns.push(i);
      return;
    }
    const field = aliasIndex.get(key);
    if (!field) {
      if (cell.trim() !== '') ignored.push(cell.trim());
      return;
    }
    const earlier = index[field];
    if (earlier !== undefined) {
      issues.push({
        file,
        line: 1,
        column: i + 1,
        value: cell,
        message: `header "${cell}" means ${field}, which column ${earlier + 1} ("${cells[earlier]}") already gives`,
      });
      return;
    }
    index[field] = i;
  });
  for (const i of titleColumns) {
    const field: Field = index.series === undefined ? 'series' : 'episode_title';
    if (index[field] === undefined) index[field] = i;
    else ignored.push(cells[i] ?? '');
  }
  const missing = REQUIRED_FIELDS.filter((f) => index[f] === undefined);
  if (missing.length > 0) {
    issues.push({
      file,
      line: 1,
      column: 0,
      value: cells.join(','),
      message:
        `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ` +
        `the header has ${cells.map((c) => `"${c}"`).join(', ')} (see the alias table in the README)`,
    });
  }
  return { map: issues.length > 0 ? null : { index, columnCount: cells.length, ignored }, issues };
}
