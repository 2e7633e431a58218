/**
 * Which published baseline belongs beside a statistic. In order of priority:
 * same medium and role (the `all` row matches `key_roles`); the unit's
 * preferred baseline unit (episode for the episode unit, person otherwise);
 * the period containing the season's reference date, else the nearest one
 * (the earlier on a tie); then platform: rows covering the production's
 * platform (its kind, or its service where a row names services of a kind),
 * narrowest first; when that is unknown, or no row of the period covers it,
 * the widest row; among equally wide ones, the first listed.
 * The period outranks the platform, so the match says whether its platform is
 * the production's (exactPlatform) as it says whether its period is.
 */
import type { StoredBaseline } from '../db/baseline-store.js';
import { coversEveryPlatform, coversPlatform, knownPlatform, platformCoverage, PLATFORM_KINDS, type KnownPlatform, type PlatformCoverage } from '../domain/platforms.js';
import type { Unit } from '../domain/units.js';
import { isRole, roleNoun } from '../domain/roles.js';

export interface BaselineQuery {
  medium: 'tv' | 'film';
  role: string; // a role code or 'all'
  unit: Unit;
  /** The season's earliest air date (film: release date); null when no date is recorded. */
  referenceDate: string | null;
  /** The production's network or service as recorded ("Hulu"), or a kind ("cable"); undefined or null when not recorded. */
  platform: string | null | undefined;
}

export interface BaselineMatch {
  baseline: StoredBaseline;
  exactPeriod: boolean;
  /** The row measures the production's platform (its kind, or its service), or every platform when the production's is unknown. */
  exactPlatform: boolean;
}

/** A baseline with what matching needs worked out once: day numbers and the platforms it covers. */
interface Candidate {
  b: StoredBaseline;
  start: number;
  end: number;
  coverage: PlatformCoverage;
  width: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** The width of a row covering every platform. */
const FULL_WIDTH = 2 * PLATFORM_KINDS.length;

/**
 * How much of the industry a row measures: 2 per kind measured whole, 1 per
 * kind measured only through some of its services (Netflix measures less
 * than streaming); how many services is not weighed.
 */
const platformWidth = (c: PlatformCoverage): number => 2 * c.kinds.size + c.partKinds.size;

/**
 * Rows covering the production's platform, narrowest first (the closest
 * population); after them every other row, widest first: a figure over more
 * of the industry stands in better than one over a single other platform.
 * An unknown platform ranks every row by that second rule.
 */
function platformRank(c: Candidate, platform: KnownPlatform | undefined): number {
  if (platform !== undefined && coversPlatform(c.coverage, platform)) return c.width; // 1 … full
  return 2 * FULL_WIDTH + 1 - c.width; // full + 1 (every platform) … 2 full + 1 (none read)
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
    const coverage = platformCoverage(b.platform);
    list.push({ b, start: dayNumber(b.period_start), end: dayNumber(b.period_end), coverage, width: platformWidth(coverage) });
  }
  return (q) => {
    if (q.referenceDate === null) return null; // no date, no period to compare: say so rather than guess
    const candidates = byMediumRole.get(`${q.medium}|${q.role === 'all' ? 'key_roles' : q.role}`);
    if (!candidates) return null;
    const preferredUnit = q.unit === 'episode' ? 'episode' : 'person';
    const day = dayNumber(q.referenceDate);
    const platform = knownPlatform(q.platform);
    let best: Candidate | undefined;
    let bestKey: number[] = [];
    for (const c of candidates) {
      const key = [
        c.b.unit === preferredUnit ? 0 : 1,
        day < c.start ? c.start - day : day > c.end ? day - c.end : 0, // days outside the period
        c.start, // the earlier period on a tie
        platformRank(c, platform),
        c.b.id, // no principled choice among equals: the first listed (the baselines file's order) wins
      ];
      if (!best || compare(key, bestKey) < 0) {
        best = c;
        bestKey = key;
      }
    }
    return best ? { baseline: best.b, exactPeriod: bestKey[1] === 0, exactPlatform: coversPlatform(best.coverage, platform) } : null;
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

/**
 * "Boxed In 2017-18: directors, TV, % of people"; the platforms in brackets
 * when the row covers only some, a kind named only by a service among them
 * ("TV (broadcast, cable, Netflix)").
 */
export function baselineLabel(b: StoredBaseline): string {
  const medium = b.medium === 'tv' ? 'TV' : 'film';
  const partial = !coversEveryPlatform(platformCoverage(b.platform));
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
