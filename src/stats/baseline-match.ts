/**
 * Which published baseline belongs beside a statistic. In order of priority:
 * same medium and role (the `all` row matches `key_roles`); the unit's
 * preferred baseline unit (episode for the episode unit, person otherwise);
 * the period containing the season's reference date, else the nearest one
 * (the earlier on a tie); then platform: rows covering the production's
 * platform kind, narrowest first; when that is unknown, or no row of the
 * period covers it, the widest row; among equally wide ones, the first listed.
 * The period outranks the platform, so the match says whether its platform is
 * the production's (exactPlatform) as it says whether its period is.
 */
import type { StoredBaseline } from '../db/baseline-store.js';
import { coveredKinds, PLATFORM_KINDS, type PlatformKind } from '../domain/platforms.js';
import type { Unit } from '../domain/units.js';
import { isRole, roleNoun } from '../domain/roles.js';

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
  /** The row measures the production's platform kind, or every kind when the production's is unknown. */
  exactPlatform: boolean;
}

/** A baseline with what matching needs worked out once: day numbers and the platform kinds it covers. */
interface Candidate {
  b: StoredBaseline;
  start: number;
  end: number;
  kinds: Set<PlatformKind>;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** Whether a row measures the production's platform: its kind when known; when unknown only a row of every kind can stand for it. */
function coversPlatform(kinds: Set<PlatformKind>, platform: PlatformKind | undefined): boolean {
  return platform === undefined ? kinds.size === PLATFORM_KINDS.length : kinds.has(platform);
}

/**
 * Rows covering the production's platform, narrowest first (the closest
 * population); after them every other row, widest first: a figure over more
 * of the industry stands in better than one over a single other platform.
 * An unknown platform ranks every row by that second rule.
 */
function platformRank(kinds: Set<PlatformKind>, platform: PlatformKind | undefined): number {
  if (platform !== undefined && kinds.has(platform)) return kinds.size; // 1 … n
  return 2 * PLATFORM_KINDS.length + 1 - kinds.size; // n + 1 (every kind) … 2n + 1 (none read)
}

/**
 * matchBaseline for many questions over one list of baselines: the list is
 * indexed by medium and role once, and each question looks only at its own.
 */
export function baselineMatcher(baselines: readonly StoredBaseline[]): (q: BaselineQuery) => BaselineMatch | null {
  const byMediumRole = new Map<string, Candidate[]>();
  for (const b of baselines) {
    const key = `${b.medium}|${b.role}`;
    let list = byMediumRole.get(key);
    if (!list) byMediumRole.set(key, (list = []));
    list.push({ b, start: dayNumber(b.period_start), end: dayNumber(b.period_end), kinds: coveredKinds(b.platform) });
  }
  return (q) => {
    if (q.referenceDate === null) return null; // no date, no period to compare: say so rather than guess
    const candidates = byMediumRole.get(`${q.medium}|${q.role === 'all' ? 'key_roles' : q.role}`);
    if (!candidates) return null;
    const preferredUnit = q.unit === 'episode' ? 'episode' : 'person';
    const day = dayNumber(q.referenceDate);
    let best: Candidate | undefined;
    let bestKey: number[] = [];
    for (const c of candidates) {
      const key = [
        c.b.unit === preferredUnit ? 0 : 1,
        day < c.start ? c.start - day : day > c.end ? day - c.end : 0, // days outside the period
        c.start, // the earlier period on a tie
        platformRank(c.kinds, q.platform),
        c.b.id, // no principled choice among equals: the first listed (the baselines file's order) wins
      ];
      if (!best || compare(key, bestKey) < 0) {
        best = c;
        bestKey = key;
      }
    }
    return best ? { baseline: best.b, exactPeriod: bestKey[1] === 0, exactPlatform: coversPlatform(best.kinds, q.platform) } : null;
  };
}

export function matchBaseline(baselines: readonly StoredBaseline[], q: BaselineQuery): BaselineMatch | null {
  return baselineMatcher(baselines)(q);
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** A baseline's role in running text: key_roles is the baselines' own aggregate. */
const baselineRoleNoun = (role: string): string => (role === 'key_roles' ? 'key roles' : isRole(role) ? roleNoun(role) : role);

/** "Boxed In 2017-18: directors, TV, % of people" (the platform in brackets when the row covers only some). */
export function baselineLabel(b: StoredBaseline): string {
  const medium = b.medium === 'tv' ? 'TV' : 'film';
  const partial = b.platform !== '' && coveredKinds(b.platform).size < PLATFORM_KINDS.length;
  return `${b.report} ${b.period}: ${baselineRoleNoun(b.role)}, ${medium}${partial ? ` (${b.platform})` : ''}, % of ${b.unit === 'episode' ? 'episodes' : 'people'}`;
}

/**
 * The platforms a partial figure measures, as its label names them
 * ("streaming" from "Boxed In 2020-21: directors, TV (streaming), % of
 * people"); null when the figure covers every platform.
 */
export function labelledPlatforms(label: string): string | null {
  return /, (?:TV|film) \((.+)\), % of (?:episodes|people)$/.exec(label)?.[1] ?? null;
}

/** Report, publisher, population and where the figure was read. */
export function baselineSource(b: StoredBaseline): string {
  return `${b.report} (${b.source}); ${b.population}; read in ${b.cited_via}`;
}
