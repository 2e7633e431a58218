/**
 * computeStats results kept while the database is unchanged: the dashboard
 * and API clients ask for the same production-season again and again, and
 * the answer only changes when credits or baselines do. Every call first
 * asks the database for its change token (dataVersion: a few microseconds on
 * SQLite, one indexed row on PostgreSQL); a new token empties the cache.
 * Where a database gives no token, nothing is kept and every call computes.
 */
import type { Knex } from 'knex';
import { dataVersion } from '../db/stats-queries.js';
import type { StatsRow } from './fields.js';
import { computeStats, type StatsQuery } from './service.js';

export interface StatsCacheOptions {
  /** Distinct queries kept (least recently used dropped first). */
  maxEntries?: number;
  /** Rows kept across all entries; a larger result is returned but not kept. */
  maxRows?: number;
}

/** computeStats(db, query), remembered per query until the database changes. The rows returned are shared: read them, never change them. */
export type CachedStats = (query: StatsQuery) => Promise<StatsRow[]>;

export function statsCache(db: Knex, options: StatsCacheOptions = {}): CachedStats {
  const maxEntries = options.maxEntries ?? 500;
  // Enough for the whole 1M-credit benchmark database's answer (238,080 rows, about 200 MB of objects):
  // computing it again per request is what made concurrent whole-database requests time out.
  const maxRows = options.maxRows ?? 250_000;
  let version: string | null = null;
  const entries = new Map<string, StatsRow[]>();
  let rows = 0;
  // Computations under way, by change token and query: identical requests arriving together (a
  // hundred clients asking for the whole database, say) share one instead of each starting its own.
  // Keyed by the token, so a request made after a commit never gets an answer computed before it.
  const inFlight = new Map<string, Promise<StatsRow[]>>();

  return async (query) => {
    const now = await dataVersion(db);
    if (now === null) return computeStats(db, query);
    if (now !== version) {
      entries.clear();
      rows = 0;
      version = now;
    }
    const key = JSON.stringify([query.production ?? null, query.season ?? null, query.role ?? null, query.unit ?? null, query.minEvidence ?? null]);
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key); // most recently used last
      entries.set(key, hit);
      return hit;
    }
    const flightKey = `${now}|${key}`;
    let flight = inFlight.get(flightKey);
    if (!flight) {
      flight = computeStats(db, query).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
    }
    const result = await flight;
    // Keep it only if nothing changed meanwhile (another call may have moved the version on).
    if (version === now && result.length <= maxRows && !entries.has(key)) {
      entries.set(key, result);
      rows += result.length;
      for (const [k, v] of entries) {
        if (entries.size <= maxEntries && rows <= maxRows) break;
        entries.delete(k);
        rows -= v.length;
      }
    }
    return result;
  };
}
