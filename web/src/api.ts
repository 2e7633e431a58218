/** The JSON API, as the dashboard uses it. Responses are cached per URL for the life of the page. */

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

const cache = new Map<string, Promise<unknown>>();

/** Forget every cached response: after an upload is imported, every figure may have changed. */
export function clearApiCache(): void {
  cache.clear();
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
    pending = fetch(url, { headers: { Accept: 'application/json' } }).then(async (res) => {
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const message = (body as { error?: { message?: string } } | null)?.error?.message;
        throw new ApiError(message ?? `${url} answered ${res.status}`);
      }
      return body;
    });
    pending.catch(() => cache.delete(url)); // a failure may be retried
    cache.set(url, pending);
  }
  return pending as Promise<T>;
}

const statsParams = (f: StatsFilter) => ({ production: f.production, season: f.season, role: f.role, unit: f.unit, min_evidence: f.minEvidence });

export const api = {
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
