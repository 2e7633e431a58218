/**
 * Exports: stats, credits and baselines, as CSV or JSON. The stats come from
 * the same computeStats that the API and the dashboard use; credits stream
 * from the database so a million of them keep memory flat.
 */
import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { listBaselines } from '../db/baseline-store.js';
import { requireProduction } from '../db/stats-queries.js';
import { ValidationError } from '../domain/errors.js';
import { parseFlag } from '../domain/flags.js';
import { STATS_FIELDS, type StatsRow } from '../stats/fields.js';
import { computeStats, parseStatsQuery, type StatsQuery } from '../stats/service.js';
import { writeCredits } from './credits.js';
import { writeRows, type ExportFormat, type WriteOptions } from './write.js';

export const EXPORT_KINDS = ['stats', 'credits', 'baselines'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const BASELINE_EXPORT_COLUMNS = [
  'source',
  'report',
  'period',
  'period_start',
  'period_end',
  'medium',
  'population',
  'platform',
  'role',
  'unit',
  'share_pct',
  'cited_via',
  'note',
  'origin',
] as const;

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  query: StatsQuery;
  bom?: boolean;
}

const FILTERS = ['production', 'season', 'role', 'unit', 'min_evidence'] as const;
/**
 * The filters each export applies: the stats all; the credits those that
 * select credits (they are listed, not counted, so a unit or an evidence
 * minimum would change nothing); the baselines none. The HTTP API takes the
 * same (src/http/parameters.ts).
 */
export const EXPORT_FILTERS: Readonly<Record<ExportKind, readonly string[]>> = {
  stats: FILTERS,
  credits: ['production', 'season', 'role'],
  baselines: [],
};

/** Validate raw parameters (query string or CLI flags) for an export. */
export function parseExportRequest(kind: string, format: string, raw: Record<string, unknown>): ExportRequest {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
    throw new ValidationError(`export must be one of ${EXPORT_KINDS.join(', ')}, got "${kind}"`, { parameter: 'kind' });
  }
  if (format !== 'csv' && format !== 'json') throw new ValidationError(`format must be csv or json, got "${format}"`, { parameter: 'format' });
  // A filter the export cannot apply would leave the file holding more than asked for: refused, never ignored.
  const unusable = FILTERS.filter((f) => raw[f] !== undefined && !EXPORT_FILTERS[kind as ExportKind].includes(f));
  if (unusable.length > 0) {
    throw new ValidationError(`the ${kind} export takes no ${unusable.join(' or ')} filter (it takes ${EXPORT_FILTERS[kind as ExportKind].join(', ') || 'none'})`, {
      parameter: unusable[0],
    });
  }
  return {
    kind: kind as ExportKind,
    format,
    query: parseStatsQuery(raw),
    bom: parseFlag('bom', raw.bom),
  };
}

/**
 * A file name that says what the export holds: crewcount-stats-queen-sugar-s2-director-episode.csv.
 * prepareExport names the production by its stored slug (always ASCII), however the request gave it.
 */
export function exportFileName(req: ExportRequest): string {
  const parts = ['crewcount', req.kind];
  if (req.kind !== 'baselines') {
    if (req.query.production) parts.push(req.query.production);
    if (req.query.season !== undefined) parts.push(`s${req.query.season}`);
    if (req.query.role) parts.push(req.query.role);
    if (req.kind === 'stats' && req.query.unit) parts.push(req.query.unit);
    if (req.kind === 'stats' && req.query.minEvidence) parts.push(`min-${req.query.minEvidence}`);
  }
  const name = parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-');
  return `${name}.${req.format}`;
}

/** An export ready to stream: the file name that says what it holds, and the function that writes it. */
export interface PreparedExport {
  fileName: string;
  write: (out: Writable) => Promise<void>;
}

/**
 * Validate what can fail before the first byte is written (so HTTP can still
 * answer 400/404), then return the export's file name and the function that
 * streams it. The production, given by slug or title (in any case), is looked
 * up once and named by its stored slug: the file name must say which
 * production the file holds, and a title need not spell as a file name.
 */
export async function prepareExport(db: Knex, given: ExportRequest): Promise<PreparedExport> {
  const production = given.kind !== 'baselines' && given.query.production !== undefined ? await requireProduction(db, given.query.production) : undefined;
  const req = production ? { ...given, query: { ...given.query, production: production.slug } } : given;
  return { fileName: exportFileName(req), write: await exportWriter(db, req, production?.id) };
}

/** Stats rows as CSV (spreadsheet-safe) or JSON, in the data dictionary's column order: the export's and `crewcount stats --format csv`'s. */
export function writeStatsRows(out: Writable, rows: readonly StatsRow[], options: WriteOptions): Promise<void> {
  return writeRows(out, STATS_FIELDS, [rows.map((r) => STATS_FIELDS.map((f) => r[f]))], options);
}

async function exportWriter(db: Knex, req: ExportRequest, productionId: number | undefined): Promise<PreparedExport['write']> {
  const options = { format: req.format, bom: req.bom ?? false };
  if (req.kind === 'stats') {
    const rows = await computeStats(db, req.query);
    return (out) => writeStatsRows(out, rows, options);
  }
  if (req.kind === 'baselines') {
    const rows = await listBaselines(db);
    return (out) => writeRows(out, BASELINE_EXPORT_COLUMNS, [rows.map((r) => BASELINE_EXPORT_COLUMNS.map((c) => r[c]))], options);
  }
  const filter = {
    ...(productionId !== undefined ? { productionId } : {}),
    ...(req.query.season !== undefined ? { season: req.query.season } : {}),
    ...(req.query.role !== undefined && req.query.role !== 'all' ? { role: req.query.role } : {}),
  };
  return (out) => writeCredits(db, filter, out, options);
}
