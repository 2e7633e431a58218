/**
 * POST /api/imports from the upload page: the sheet as multipart/form-data,
 * the options in the query string, the token in the Authorization header
 * (never in the URL, where it would end up in history and server logs).
 */
import { apiUrl } from './api';
// The server's own types (type-only: erased from the bundle), so the page reads exactly what the API sends.
import type { ImportIssue, ImportSummary } from '../../src/import/types.js';
import type { PeopleImportSummary } from '../../src/people/types.js';
export type { ImportIssue, ImportSummary, PeopleImportSummary };

/** A credit sheet's summary or a people sheet's. */
export type AnySummary = ImportSummary | PeopleImportSummary;
export const isPeopleSummary = (s: AnySummary): s is PeopleImportSummary => 'peopleNew' in s;

export interface UploadOptions {
  /** credits: a credit sheet; people: a people sheet (person, gender, gender_source, source_url, note). */
  sheet: 'credits' | 'people';
  format: 'auto' | 'long' | 'wide';
  /** '' (from the sheet, TV when it says nothing), 'tv' or 'film'. */
  kind: '' | 'tv' | 'film';
  season: string;
  production: string;
  /** '' (only unambiguous numeric dates), 'mdy' or 'dmy'. */
  dateOrder: '' | 'mdy' | 'dmy';
  delimiter: string;
  encoding: string;
  /** Credit sheets: the sheet replaces the stored credits it covers (see ImportOptions.replace). */
  replace: boolean;
}

/** A refusal the page explains in words: who can fix it and how. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The server's answer to a sheet it read: 200 (clean) or 422 (problems found, nothing written). */
export interface UploadResult {
  summary: AnySummary;
  ok: boolean;
}

/** Said above the form when /api/health reports uploads off, and for a 403 (the server changed since the page loaded). */
export const UPLOADS_OFF =
  'Uploads are switched off on this server: it was started without CREWCOUNT_TOKEN. Ask whoever runs it to set one, or import on the command line with crewcount import FILE.';

function explain(status: number, serverMessage: string | undefined): string {
  const said = serverMessage ? ` (the server said: ${serverMessage})` : '';
  switch (status) {
    case 401:
      return `The token was not accepted${said}. Check it: it is the CREWCOUNT_TOKEN the server was started with.`;
    case 403:
      return UPLOADS_OFF;
    case 413:
      return `The file is larger than this server accepts${said}. Split the sheet into smaller files, or import it on the command line.`;
    default:
      return serverMessage ?? `The server answered ${status}.`;
  }
}

export async function uploadSheet(file: File, options: UploadOptions, token: string, dryRun: boolean): Promise<UploadResult> {
  // The layout options mean nothing for a people sheet (the server refuses them there).
  const credits = options.sheet === 'credits';
  const params: Record<string, string | undefined> = {
    sheet: credits ? undefined : options.sheet,
    dry_run: dryRun ? '1' : undefined,
    format: !credits || options.format === 'auto' ? undefined : options.format,
    kind: (credits && options.kind) || undefined,
    season: (credits && options.season.trim()) || undefined,
    production: (credits && options.production.trim()) || undefined,
    date_order: (credits && options.dateOrder) || undefined,
    replace: credits && options.replace ? '1' : undefined,
    delimiter: options.delimiter || undefined,
    encoding: options.encoding.trim() || undefined,
  };
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(apiUrl('imports', params), { method: 'POST', body: form, headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
  } catch {
    throw new UploadRefused(0, 'Could not reach the server (or it closed the connection). Check that it is running, then try again.');
  }
  const body = (await res.json().catch(() => null)) as { summary?: AnySummary; error?: { message?: string } } | null;
  if ((res.status === 200 || res.status === 422) && body?.summary) return { summary: body.summary, ok: res.status === 200 };
  throw new UploadRefused(res.status, explain(res.status, body?.error?.message));
}
