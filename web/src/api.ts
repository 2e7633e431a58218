/**
 * The JSON API, as the dashboard uses it. A response is shared only within
 * one render of a view (main.ts starts each with a fresh cache, see
 * clearApiCache): the figures may change under an open page (an import from
 * another tab or the command line), and a view must agree with its own
 * "Download data (CSV)", which is always fetched fresh. Every request asks
 * the server to revalidate (cache: 'no-cache'): the browser sends the ETag
 * it holds, and an unchanged answer costs a 304 with no body.
 */

// The server's own types (type-only imports: erased from the bundle), so the page and the API cannot drift apart.
import { FILM_SEASON } from '../../src/domain/kinds.js';
import type { Unit } from '../../src/domain/units.js';
import type { StatsRow as ServerStatsRow } from '../../src/stats/fields.js';
import type { ProductionListing } from '../../src/db/catalog-queries.js';
export type { Unit };

/**
 * A stats row as the dashboard keys it. A film's row has no season (null);
 * here it takes its internal season number (FILM_SEASON, 0) as a key, as its
 * catalog entry does, so films and series go through the same views. The key
 * is never shown, linked or sent: labels ask the row's kind (see seasonLabel),
 * links and API queries leave a film's season out (see linkedSeason).
 */
export type StatsRow = Omit<ServerStatsRow, 'season'> & { season: number };

type ServerSeason = ProductionListing['seasons'][number];

/** One production of GET /api/productions, its film's season keyed as in StatsRow. */
export type Production = Omit<ProductionListing, 'seasons'> & { seasons: Array<Omit<ServerSeason, 'season'> & { season: number }> };

/** One row of GET /api/credits.json (a film's have no season or episode). */
export interface Credit {
  series: string;
  season: number | null;
  episode: number | null;
  episode_title: string | null;
  air_date: string | null;
  role: string;
  person: string;
  gender: string;
}

export interface ImportFile {
  file: string;
  outcome: string;
}

export interface StatsFilter {
  production?: string;
  season?: number;
  role?: string;
  unit?: Unit;
  /** Genders resting on weaker evidence count as unknown (src/domain/gender-sources.ts). */
  minEvidence?: string;
}

export class ApiError extends Error {
  /** `title`: what went wrong in a few words, for the page's title (the message may run to sentences). */
  constructor(
    message: string,
    readonly title?: string,
  ) {
    super(message);
  }
}

/** The responses of the render under way, by URL: its parts that ask for the same URL (the production menu and the view) share one request. */
let cache = new Map<string, Promise<unknown>>();

/**
 * Forget every response: at the start of each render (a view change, Back or
 * Forward), and after an upload is imported. A render still under way keeps
 * the requests it made.
 */
export function clearApiCache(): void {
  cache = new Map();
}

/** Relative URLs, so the dashboard works under any path prefix. */
export function apiUrl(path: string, params: Record<string, string | number | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const qs = query.toString();
  return `api/${path}${qs ? `?${qs}` : ''}`;
}

async function getJson<T>(url: string): Promise<T> {
  let pending = cache.get(url);
  if (!pending) {
    const mine = cache;
    pending = fetch(url, { cache: 'no-cache', headers: { Accept: 'application/json' } }).then(async (res) => {
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const message = (body as { error?: { message?: string } } | null)?.error?.message;
        throw new ApiError(message ?? `${url} answered ${res.status}`);
      }
      return body;
    });
    pending.catch(() => mine.delete(url)); // a failure may be retried
    mine.set(url, pending);
  }
  return pending as Promise<T>;
}

const statsParams = (f: StatsFilter) => ({ production: f.production, season: f.season, role: f.role, unit: f.unit, min_evidence: f.minEvidence });

/** GET /api/health: `uploads` says whether POST /api/imports is on (the server has a CREWCOUNT_TOKEN). */
export interface Health {
  status: string;
  uploads: boolean;
}

export const api = {
  health: () => getJson<Health>(apiUrl('health')),
  productions: async (): Promise<Production[]> =>
    (await getJson<{ productions: ProductionListing[] }>(apiUrl('productions'))).productions.map((p) => ({
      ...p,
      seasons: p.seasons.map((s) => ({ ...s, season: s.season ?? FILM_SEASON })),
    })),
  stats: async (f: StatsFilter): Promise<StatsRow[]> =>
    (await getJson<{ rows: ServerStatsRow[] }>(apiUrl('stats', statsParams(f)))).rows.map((r) => ({ ...r, season: r.season ?? FILM_SEASON })),
  /** `season` undefined: every credit of the production (a film's, which has no season). */
  credits: (production: string, season: number | undefined) => getJson<Credit[]>(apiUrl('credits.json', { production, season })),
  /** The ledger: every file, or with `production` (slug or title) the files whose credits are in it. */
  imports: async (production?: string) => (await getJson<{ imports: ImportFile[] }>(apiUrl('imports', { production }))).imports,
};

/** The CSV download of exactly the rows a chart shows. */
export const statsCsvUrl = (f: StatsFilter): string => apiUrl('stats.csv', statsParams(f));
