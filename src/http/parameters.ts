/**
 * The query parameters each endpoint takes: the one list requests are
 * checked against. A parameter an endpoint does not take is refused, never
 * ignored: a typo (`seasons=1`) or an array (`production[]=…`) would
 * otherwise answer with the whole database, which looks like a filtered answer.
 */
import type { RequestHandler } from 'express';
import { ValidationError } from '../domain/errors.js';
import { EXPORT_FILTERS } from '../export/service.js';

const STATS_FILTERS = EXPORT_FILTERS.stats;
const CREDIT_FILTERS = EXPORT_FILTERS.credits;
/** A byte-order mark is a CSV matter (for Excel); JSON has none. */
const CSV_ONLY = ['bom'];

/** Every GET endpoint under /api with the parameters it takes; createApp mounts the check on each route. */
export const GET_PARAMETERS = {
  '/api/health': [],
  '/api/productions': [],
  '/api/stats': STATS_FILTERS,
  '/api/baselines': [],
  '/api/imports': ['production'],
  '/api/stats.csv': [...STATS_FILTERS, ...CSV_ONLY],
  '/api/stats.json': STATS_FILTERS,
  '/api/credits.csv': [...CREDIT_FILTERS, ...CSV_ONLY],
  '/api/credits.json': CREDIT_FILTERS,
  '/api/baselines.csv': CSV_ONLY,
  '/api/baselines.json': [],
} satisfies Record<string, readonly string[]>;

export type GetEndpoint = keyof typeof GET_PARAMETERS;

/** POST /api/imports, in the query string or as multipart fields (see src/http/imports.ts). */
export const UPLOAD_PARAMETERS = ['sheet', 'dry_run', 'replace', 'format', 'season', 'production', 'kind', 'date_order', 'delimiter', 'encoding', 'name'];

/** The name an array-style parameter stands for: `production[]` and `production[0]` are `production`. */
const arrayStyle = (name: string): string | undefined => /^([^[\]]+)\[[^\]]*\]/.exec(name)?.[1];

/**
 * Every parameter known to the endpoint and given once, as text. The app's
 * simple query parser turns a repeat into an array and leaves brackets in
 * the name; both are refused, as is any name the endpoint does not take.
 */
export function checkedParameters(endpoint: string, accepted: readonly string[], raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const base = arrayStyle(name) ?? name;
    if (!accepted.includes(base)) throw unknownParameter(endpoint, accepted, name);
    if (base !== name || typeof value !== 'string') throw new ValidationError(`${base} must be given once, as text (${base}=…)`, { parameter: base });
    out[name] = value;
  }
  return out;
}

function unknownParameter(endpoint: string, accepted: readonly string[], name: string): ValidationError {
  const takes = accepted.length > 0 ? `it takes ${accepted.join(', ')}` : 'it takes none';
  return new ValidationError(`${name} is not a parameter of ${endpoint} (${takes})`, { parameter: name, accepted });
}

/** The check as a route's first handler, so a refused request never waits in a queue or reaches a service. */
export function onlyItsParameters(path: GetEndpoint): RequestHandler {
  const accepted = GET_PARAMETERS[path];
  return (req, _res, next) => {
    checkedParameters(`GET ${path}`, accepted, req.query as Record<string, unknown>);
    next();
  };
}
