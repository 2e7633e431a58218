/** The JSON API, as the dashboard uses it. Responses are cached per URL for the life of the page. */

export type Unit = 'credit' | 'person' | 'episode';

/** One row of GET /api/stats (same fields as the CLI and every export). */
export interface StatsRow {
  production: string;
  title: string;
  kind: 'tv' | 'film';
  season: number;
  season_year: number | null;
  role: string;
  unit: Unit;
  women: number;
  men: number;
  non_binary: number;
  unknown: number;
  total: number;
  known: number;
  share_women: number | null;
  ci95_low: number | null;
  ci95_high: number | null;
  small_sample: boolean;
  coverage: number | null;
  baseline_share: number | null;
  baseline_label: string | null;
  baseline_source: string | null;
  baseline_exact_period: boolean | null;
  gap_pp: number | null;
}

export interface Production {
  slug: string;
  title: string;
  kind: 'tv' | 'film';
  platform: string | null;
  seasons: Array<{ season: number; episodes: number; credits: number; first_air_date: string | null }>;
}

/** One row of GET /api/credits.json. */
export interface Credit {
  series: string;
  season: number;
  episode: number;
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
}

export class ApiError extends Error {}

const cache = new Map<string, Promise<unknown>>();

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

const statsParams = (f: StatsFilter) => ({ production: f.production, season: f.season, role: f.role, unit: f.unit });

export const api = {
  productions: async () => (await getJson<{ productions: Production[] }>(apiUrl('productions'))).productions,
  stats: async (f: StatsFilter) => (await getJson<{ rows: StatsRow[] }>(apiUrl('stats', statsParams(f)))).rows,
  credits: (production: string, season: number) => getJson<Credit[]>(apiUrl('credits.json', { production, season })),
  imports: async () => (await getJson<{ imports: ImportFile[] }>(apiUrl('imports'))).imports,
};

/** The CSV download of exactly the rows a chart shows. */
export const statsCsvUrl = (f: StatsFilter): string => apiUrl('stats.csv', statsParams(f));
