/**
 * Which published baseline belongs beside a statistic. In order of priority:
 * same medium and role (the `all` row matches `key_roles`); the unit's
 * preferred baseline unit (episode for the episode unit, person otherwise);
 * the period containing the season's reference date, else the nearest one
 * (the earlier on a tie); then platform: rows covering the production's
 * platform kind, narrowest first, or when that is unknown, the rows covering
 * the most platforms.
 */
import type { StoredBaseline } from '../db/baseline-store.js';
import { coveredKinds, PLATFORM_KINDS, type PlatformKind } from '../domain/platforms.js';
import { daysOutside } from '../domain/periods.js';
import type { Unit } from '../domain/units.js';

export interface BaselineQuery {
  medium: 'tv' | 'film';
  role: string; // a role code or 'all'
  unit: Unit;
  /** The season's earliest air date (film: release date); null when no date is recorded. */
  referenceDate: string | null;
  platform: PlatformKind | undefined;
}

export interface BaselineMatch {
  baseline: StoredBaseline;
  exactPeriod: boolean;
}

function platformRank(baseline: StoredBaseline, platform: PlatformKind | undefined): number {
  const kinds = coveredKinds(baseline.platform);
  if (platform === undefined) return PLATFORM_KINDS.length - kinds.size; // widest first
  return kinds.has(platform) ? kinds.size : PLATFORM_KINDS.length + 1; // narrowest covering first
}

export function matchBaseline(baselines: readonly StoredBaseline[], q: BaselineQuery): BaselineMatch | null {
  if (q.referenceDate === null) return null; // no date, no period to compare: say so rather than guess
  const role = q.role === 'all' ? 'key_roles' : q.role;
  const preferredUnit = q.unit === 'episode' ? 'episode' : 'person';
  let best: { b: StoredBaseline; key: number[] } | null = null;
  for (const b of baselines) {
    if (b.medium !== q.medium || b.role !== role) continue;
    const key = [
      b.unit === preferredUnit ? 0 : 1,
      daysOutside(q.referenceDate, { start: b.period_start, end: b.period_end }),
      Date.parse(b.period_start), // the earlier period on a tie
      platformRank(b, q.platform),
      b.id, // stable: the first listed wins among equals
    ];
    if (!best || compare(key, best.key) < 0) best = { b, key };
  }
  return best ? { baseline: best.b, exactPeriod: best.key[1] === 0 } : null;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const ROLE_NOUNS: Record<string, string> = {
  key_roles: 'key roles',
  director: 'directors',
  writer: 'writers',
  cinematographer: 'cinematographers',
  editor: 'editors',
  creator: 'creators',
  producer: 'producers',
  executive_producer: 'executive producers',
};

/** "Boxed In 2017-18: directors, TV, % of people" (the platform in brackets when the row covers only some). */
export function baselineLabel(b: StoredBaseline): string {
  const medium = b.medium === 'tv' ? 'TV' : 'film';
  const partial = b.platform !== '' && coveredKinds(b.platform).size < PLATFORM_KINDS.length;
  return `${b.report} ${b.period}: ${ROLE_NOUNS[b.role] ?? b.role}, ${medium}${partial ? ` (${b.platform})` : ''}, % of ${b.unit === 'episode' ? 'episodes' : 'people'}`;
}

/** Report, publisher, population and where the figure was read. */
export function baselineSource(b: StoredBaseline): string {
  return `${b.report} (${b.source}); ${b.population}; read in ${b.cited_via}`;
}
