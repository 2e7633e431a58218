/**
 * POST /api/imports: a researcher's sheet, uploaded, through the same import
 * service as `crewcount import` (one transaction; any error and nothing is
 * written). `?sheet=` names the kind of sheet: credits (the default) or
 * people (a people sheet with gender provenance, as `crewcount import-people`).
 */
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { ValidationError } from '../domain/errors.js';
import { INVISIBLE_MARKS } from '../domain/text.js';
import { parseFlag } from '../domain/flags.js';
import { formatSummary } from '../import/report.js';
import { importFiles, type ImportOptions } from '../import/service.js';
import { DATE_ORDERS, type DateOrder } from '../import/values.js';
import type { ImportIssue } from '../import/types.js';
import { formatPeopleSummary } from '../people/report.js';
import { importPeople } from '../people/service.js';
import { checkedParameters, UPLOAD_PARAMETERS } from './parameters.js';
import { withUpload } from './upload-body.js';

type Params = Record<string, string>;

interface SheetResult {
  summary: { issues: ImportIssue[] };
  report: string;
}
type SheetImport = (db: Knex, file: { path: string; name: string }, options: ImportOptions) => Promise<SheetResult>;

/** Each kind of sheet: the import service that loads it, and its report. */
const SHEETS = {
  credits: async (db, file, options) => {
    const summary = await importFiles(db, [file], options);
    return { summary, report: formatSummary(summary) };
  },
  people: async (db, file, options) => {
    const { dryRun, delimiter, encoding } = options;
    const summary = await importPeople(db, [file], {
      ...(dryRun !== undefined ? { dryRun } : {}),
      ...(delimiter !== undefined ? { delimiter } : {}),
      ...(encoding !== undefined ? { encoding } : {}),
    });
    return { summary, report: formatPeopleSummary(summary) };
  },
} satisfies Record<string, SheetImport>;

/** Parameters that only credit sheets have. */
const CREDIT_LAYOUT = ['format', 'season', 'production', 'kind', 'date_order'];

type Sheet = keyof typeof SHEETS;

const DEFAULT_NAME = 'upload.csv';
const ENDPOINT = 'POST /api/imports';

export function importUpload(db: Knex, maxBytes: number): RequestHandler {
  return (req, res, next) => {
    (async () => {
      // The query is checked before the body is read: a typo such as ?dryrun=1 must not become a real import.
      const query = checkedParameters(ENDPOINT, UPLOAD_PARAMETERS, req.query as Record<string, unknown>);
      uploadRequest(query);
      // Answered only once the temporary file is gone, so a client that sees the answer never races the clean-up.
      const { summary, report } = await withUpload<SheetResult>(req, res, maxBytes, (upload) => {
        const { sheet, options, name } = uploadRequest(merged(query, upload.fields));
        return SHEETS[sheet](db, { path: upload.path, name: upload.clientName !== undefined ? safeFileName(upload.clientName) : name }, options);
      });
      res.status(summary.issues.length > 0 ? 422 : 200).json({ summary, report });
    })().catch(next);
  };
}

/** Query parameters and multipart fields together; the same option given both ways must agree. */
function merged(query: Params, fields: Params): Params {
  const out = { ...query };
  for (const [name, value] of Object.entries(fields)) {
    if (name in out && out[name] !== value) throw new ValidationError(`${name} is given twice, as "${out[name]}" in the URL and "${value}" in the form`, { parameter: name });
    out[name] = value;
  }
  return out;
}

export interface UploadRequest {
  sheet: Sheet;
  options: ImportOptions;
  /** The ledger's file name for a raw body. */
  name: string;
}

/** Validate the upload's parameters: unknown names and bad values are 400s naming the parameter and value. */
export function uploadRequest(params: Params): UploadRequest {
  checkedParameters(ENDPOINT, UPLOAD_PARAMETERS, params); // multipart fields too
  const given = (name: string): string | undefined => {
    const v = params[name]?.trim();
    return v === undefined || v === '' ? undefined : v; // a blank form field is an absent one (a blank flag is on: parseFlag)
  };
  const sheet = given('sheet') ?? 'credits';
  if (!(sheet in SHEETS)) throw bad('sheet', sheet, `must be one of ${Object.keys(SHEETS).join(', ')}`);
  if (sheet === 'people') {
    const layout = CREDIT_LAYOUT.find((name) => given(name) !== undefined);
    if (layout) throw bad(layout, given(layout)!, 'applies to credit sheets only, not to a people sheet');
    // Even given blank (which turns a flag on): a people sheet has no credits to replace.
    if (params.replace !== undefined) throw bad('replace', params.replace, 'applies to credit sheets only, not to a people sheet');
  }
  const options: ImportOptions = { dryRun: parseFlag('dry_run', params.dry_run), replace: parseFlag('replace', params.replace) };
  const format = given('format');
  if (format !== undefined) {
    if (format !== 'auto' && format !== 'long' && format !== 'wide') throw bad('format', format, 'must be auto, long or wide');
    options.format = format;
  }
  const season = given('season');
  if (season !== undefined) {
    if (!/^\d{1,6}$/.test(season)) throw bad('season', season, 'must be a whole number');
    options.season = Number(season);
  }
  const production = given('production');
  if (production !== undefined) {
    if (production.length > 500) throw bad('production', `${production.slice(0, 40)}…`, 'must be at most 500 characters');
    options.production = production;
  }
  const kind = given('kind');
  if (kind !== undefined) {
    if (kind !== 'tv' && kind !== 'film') throw bad('kind', kind, 'must be tv or film');
    options.kind = kind;
  }
  const dateOrder = given('date_order');
  if (dateOrder !== undefined) {
    if (!(DATE_ORDERS as readonly string[]).includes(dateOrder)) throw bad('date_order', dateOrder, `must be ${DATE_ORDERS.join(' or ')}`);
    options.dateOrder = dateOrder as DateOrder;
  }
  const delimiter = params.delimiter;
  if (delimiter !== undefined && delimiter !== '') options.delimiter = delimiterOf(delimiter);
  const encoding = given('encoding');
  if (encoding !== undefined) options.encoding = encodingOf(encoding);
  return { sheet: sheet as Sheet, options, name: safeFileName(given('name') ?? DEFAULT_NAME) };
}

function bad(parameter: string, value: string, problem: string): ValidationError {
  return new ValidationError(`${parameter} ${problem}, got "${value}"`, { parameter, value });
}

/** One character, or `tab` (a tab is awkward to type in a URL); never a quote or a line break, which CSV reserves. */
function delimiterOf(raw: string): string {
  const d = /^(tab|\\t)$/i.test(raw) ? '\t' : raw;
  if ([...d].length !== 1 || d === '"' || d === '\r' || d === '\n') throw bad('delimiter', raw, 'must be one character (not a quote or line break) or "tab"');
  return d;
}

/** An encoding label the platform's TextDecoder knows (utf-8, utf-16le, windows-1252, …). */
function encodingOf(label: string): string {
  try {
    new TextDecoder(label);
  } catch {
    throw bad('encoding', label, 'is not an encoding this server can decode (e.g. utf-8, utf-16le, windows-1252)');
  }
  return label;
}

/**
 * The name the ledger and every message use: the client's last path segment
 * only (a browser may send C:\fakepath\…, a hostile client ../../etc/passwd),
 * without control characters, at most 200 characters.
 */
export function safeFileName(raw: string): string {
  // Control characters, and the bidi controls that would make "report\u202Evsc.exe" show as "reportexe.csv".
  // eslint-disable-next-line no-control-regex
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').replace(INVISIBLE_MARKS, '').trim();
  const name = [...base].slice(0, 200).join('');
  return name === '' || name === '.' || name === '..' ? DEFAULT_NAME : name;
}
