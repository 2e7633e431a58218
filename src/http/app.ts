/**
 * createApp(deps) builds the Express app; only `crewcount serve` listens.
 * The route table below is the whole HTTP surface; handlers parse input,
 * call one service and respond.
 */
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import type { Knex } from 'knex';
import { listBaselines } from '../db/baseline-store.js';
import { listProductions } from '../db/catalog-queries.js';
import { entriesOfProduction, listEntries, type LedgerEntry } from '../db/ledger.js';
import { NotFoundError } from '../domain/errors.js';
import { requireProduction } from '../db/stats-queries.js';
import { EXPORT_KINDS, parseExportRequest, prepareExport } from '../export/service.js';
import { statsCache } from '../stats/cache.js';
import { parseStatsQuery } from '../stats/service.js';
import { SETTINGS } from '../config.js';
import { requireToken } from './auth.js';
import { importUpload } from './imports.js';
import { errorHandler } from './errors.js';
import { onlyItsParameters, type GetEndpoint } from './parameters.js';
import { mountDashboard, securityHeaders } from './static.js';
import { wholeDatabaseStatsLimit } from './stats-limit.js';

export interface AppDeps {
  db: Knex;
  /** Bearer token the write endpoints require (CREWCOUNT_TOKEN); unset: uploads are refused with 403. */
  token?: string | undefined;
  /** Largest accepted upload in bytes (default: CREWCOUNT_MAX_UPLOAD_MB's default). */
  maxUploadBytes?: number;
}

export function createApp(deps: AppDeps): Express {
  const { db } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple'); // no nested objects from ?a[b]=c
  app.use(securityHeaders); // helmet, with the dashboard's Content-Security-Policy

  // Every GET route refuses parameters it does not take (src/http/parameters.ts) before anything else runs.
  const get = (path: GetEndpoint, ...handlers: RequestHandler[]) => app.get(path, onlyItsParameters(path), ...handlers);
  const statsLimit = wholeDatabaseStatsLimit(); // 503 + Retry-After instead of timeouts under load; one for the stats and their exports
  // `uploads`: whether POST /api/imports is on (a token is set), so the upload page can say so before a sheet is chosen.
  get('/api/health', handle(async () => ({ status: 'ok', uploads: Boolean(deps.token) })));
  get('/api/productions', handle(async () => ({ productions: await listProductions(db) })));
  const stats = statsCache(db); // computeStats, kept until the database changes
  get('/api/stats', statsLimit, handle(async (req) => ({ rows: await stats(parseStatsQuery(req.query)) })));
  get('/api/baselines', handle(async () => ({ baselines: await listBaselines(db) })));
  get('/api/imports', handle(async (req) => ({ imports: (await importsOf(db, req.query.production as string | undefined)).map(importedFile) })));
  app.post('/api/imports', requireToken(deps.token), importUpload(db, deps.maxUploadBytes ?? SETTINGS.maxUploadMb.default * MB));
  for (const kind of EXPORT_KINDS) {
    const limits = kind === 'stats' ? [statsLimit] : [];
    for (const format of ['csv', 'json'] as const) get(`/api/${kind}.${format}`, ...limits, exportHandler(db, kind, format));
  }

  app.use('/api', (req, _res, next) => next(new NotFoundError(`no endpoint ${req.method} ${pathOf(req.originalUrl)}`)));
  mountDashboard(app);
  app.use(errorHandler);
  return app;
}

const MB = 1 << 20;

/** The path as the client sent it, mount prefix (/api) included, without the query. */
const pathOf = (url: string): string => url.split('?')[0]!;

/** Stream an export as a download whose file name says what it holds. */
function exportHandler(db: Knex, kind: string, format: 'csv' | 'json'): RequestHandler {
  return (req, res, next) => {
    (async () => {
      const { fileName, write } = await prepareExport(db, parseExportRequest(kind, format, req.query));
      res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`); // ASCII always: slugs and codes
      await write(res);
      res.end();
    })().catch(next);
  };
}

/** Every ledger entry, or with `production` (slug or title) those whose credits are in it; an unknown production is a 404. */
async function importsOf(db: Knex, production: string | undefined): Promise<LedgerEntry[]> {
  if (production === undefined || production === '') return listEntries(db);
  return entriesOfProduction(db, (await requireProduction(db, production)).id);
}

/** A ledger entry as the dashboard's source line needs it: the file's own name (never a server path) and how it ended. */
function importedFile(e: LedgerEntry) {
  return { file: path.basename(e.file_name.replace(/\\/g, '/')), outcome: e.outcome, finished_at: e.finished_at, credits_added: e.credits_added };
}

/** Wrap a service call as a JSON handler; errors go to the error middleware. */
function handle(fn: (req: express.Request) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    fn(req).then((body) => res.json(body), next);
  };
}
