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
import { STATS_FIELDS } from '../stats/fields.js';
import { computeStats, parseStatsQuery, type StatsQuery } from '../stats/service.js';
import { writeCredits } from './credits.js';
import { writeRows, type ExportFormat } from './write.js';

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

/** Validate raw parameters (query string or CLI flags) for an export. */
export function parseExportRequest(kind: string, format: string, raw: Record<string, unknown>): ExportRequest {
  if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
    throw new ValidationError(`export must be one of ${EXPORT_KINDS.join(', ')}, got "${kind}"`, { parameter: 'kind' });
  }
  if (format !== 'csv' && format !== 'json') throw new ValidationError(`format must be csv or json, got "${format}"`, { parameter: 'format' });
  return {
    kind: kind as ExportKind,
    format,
    query: parseStatsQuery(raw),
    bom: parseFlag('bom', raw.bom),
  };
}

/**
 * The request with its production named by the stored slug, however it was
 * given (slug, title, title in another case): the file name must say which
 * production the file holds, and a title need not spell as a file name.
 */
export async function withStoredProduction(db: Knex, req: ExportRequest): Promise<ExportRequest> {
  if (req.kind === 'baselines' || req.query.production === undefined) return req;
  const { slug } = await requireProduction(db, req.query.production);
  return { ...req, query: { ...req.query, production: slug } };
}

/**
 * A file name that says what the export holds: crewcount-stats-queen-sugar-s2-director-episode.csv.
 * Give it a request through withStoredProduction, so the production is its slug (always ASCII).
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

/**
 * Validate what can fail before the first byte is written (so HTTP can still
 * answer 400/404), then return the function that streams the export.
 */
export async function prepareExport(db: Knex, req: ExportRequest): Promise<(out: Writable) => Promise<void>> {
  const options = { format: req.format, bom: req.bom ?? false };
  if (req.kind === 'stats') {
    const rows = await computeStats(db, req.query);
    return (out) => writeRows(out, STATS_FIELDS, [rows.map((r) => STATS_FIELDS.map((f) => r[f]))], options);
  }
  if (req.kind === 'baselines') {
    const rows = await listBaselines(db);
    return (out) => writeRows(out, BASELINE_EXPORT_COLUMNS, [rows.map((r) => BASELINE_EXPORT_COLUMNS.map((c) => r[c]))], options);
  }
  const productionId = req.query.production !== undefined ? (await requireProduction(db, req.query.production)).id : undefined;
  const filter = {
    ...(productionId !== undefined ? { productionId } : {}),
    ...(req.query.season !== undefined ? { season: req.query.season } : {}),
    ...(req.query.role !== undefined && req.query.role !== 'all' ? { role: req.query.role } : {}),
  };
  return (out) => writeCredits(db, filter, out, options);
}
