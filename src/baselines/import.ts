/**
 * Baseline sheets (the seed's data/baselines.csv, or a user's own figures in
 * the same columns) → the baselines table. Same guarantees as the credit
 * import: every problem located, all or nothing.
 */
import type { Knex } from 'knex';
import { insertBaselines, type BaselineInsert } from '../db/baseline-store.js';
import { parsePeriod } from '../domain/periods.js';
import { isRole } from '../domain/roles.js';
import { cleanText, looseKey } from '../domain/text.js';
import { readSheet, SheetError, type SheetFacts } from '../import/read-sheet.js';
import type { ImportIssue } from '../import/types.js';

export const BASELINE_COLUMNS = [
  'source',
  'report',
  'period',
  'year',
  'medium',
  'population',
  'platform',
  'role',
  'unit',
  'share_pct',
  'cited_via',
  'note',
] as const;
const REQUIRED = ['source', 'report', 'period', 'medium', 'population', 'role', 'unit', 'share_pct', 'cited_via'] as const;

export interface BaselineImportResult {
  rowsRead: number;
  added: number;
  issues: ImportIssue[];
}

export async function importBaselines(db: Knex, path: string, origin = 'seed', displayName = path): Promise<BaselineImportResult> {
  const issues: ImportIssue[] = [];
  const rows: BaselineInsert[] = [];
  const facts: SheetFacts = { sha256: '', encoding: '', delimiter: ',', bytes: 0, hasSeparatorChars: false };
  let index: Map<string, number> | undefined;
  let rowsRead = 0;
  try {
    for await (const batch of readSheet(path, {}, facts)) {
      for (const { line, cells } of batch) {
        if (cells.every((c) => c.trim() === '')) continue;
        if (!index) {
          index = new Map(cells.map((c, i) => [looseKey(c), i]));
          const missing = REQUIRED.filter((c) => !index!.has(looseKey(c)));
          if (missing.length > 0) {
            issues.push({ file: displayName, line, column: 0, value: cells.join(','), message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
            return { rowsRead, added: 0, issues };
          }
          continue;
        }
        rowsRead++;
        const row = validateRow(displayName, line, cells, index, origin, issues);
        if (row) rows.push(row);
      }
    }
  } catch (err) {
    if (!(err instanceof SheetError)) throw err;
    issues.push({ file: displayName, line: err.line, column: err.column, value: err.value, message: err.message });
  }
  if (!index && issues.length === 0) issues.push({ file: displayName, line: 1, column: 0, value: '', message: 'the file is empty: no header row' });
  if (issues.length > 0) return { rowsRead, added: 0, issues };
  const added = await db.transaction((trx) => insertBaselines(trx, rows));
  return { rowsRead, added, issues };
}

function validateRow(
  file: string,
  line: number,
  cells: string[],
  index: Map<string, number>,
  origin: string,
  issues: ImportIssue[],
): BaselineInsert | undefined {
  const before = issues.length;
  const get = (col: (typeof BASELINE_COLUMNS)[number]): string => cleanText(cells[index.get(looseKey(col)) ?? -1] ?? '');
  const report = (col: (typeof BASELINE_COLUMNS)[number], message: string): void => {
    issues.push({ file, line, column: (index.get(looseKey(col)) ?? -1) + 1, value: get(col), message });
  };
  for (const col of REQUIRED) if (get(col) === '') report(col, `${col} is empty; every baseline needs it`);
  const medium = get('medium');
  if (medium !== '' && medium !== 'tv' && medium !== 'film') report('medium', `medium "${medium}" is not tv or film`);
  const period = parsePeriod(get('period'));
  if (get('period') !== '' && !period) report('period', `period "${get('period')}" is neither a year (2017) nor a TV season (2016-17)`);
  const role = get('role');
  if (role !== '' && role !== 'key_roles' && !isRole(role)) report('role', `role "${role}" is not key_roles or a role code`);
  const unit = get('unit');
  if (unit !== '' && unit !== 'person' && unit !== 'episode') report('unit', `unit "${unit}" is not person or episode`);
  const share = Number(get('share_pct').replace(',', '.'));
  if (get('share_pct') !== '' && !(Number.isFinite(share) && share >= 0 && share <= 100)) {
    report('share_pct', `share_pct "${get('share_pct')}" is not a percentage between 0 and 100`);
  }
  if (issues.length > before || !period) return undefined;
  return {
    source: get('source'),
    report: get('report'),
    period: get('period'),
    period_start: period.start,
    period_end: period.end,
    medium: medium as 'tv' | 'film',
    population: get('population'),
    platform: get('platform'),
    role,
    unit: unit as 'person' | 'episode',
    share_pct: share,
    cited_via: get('cited_via'),
    note: get('note'),
    origin,
  };
}
