/**
 * The one stats service: stored credits → season-level representation rows
 * with intervals and the matching baseline. The CLI, the API, the dashboard
 * and the exports all call computeStats.
 */
import type { Knex } from 'knex';
import { listBaselines, type StoredBaseline } from '../db/baseline-store.js';
import * as q from '../db/stats-queries.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Gender } from '../domain/genders.js';
import { platformKind } from '../domain/platforms.js';
import { isRole, ROLES } from '../domain/roles.js';
import { isUnit, UNITS, type Unit } from '../domain/units.js';
import { baselineLabel, baselineSource, baselineMatcher, type BaselineQuery } from './baseline-match.js';
import { SMALL_SAMPLE, type StatsRow } from './fields.js';
import { shareOfKnownGender, wilsonInterval } from './wilson.js';

export interface StatsQuery {
  production?: string; // slug or title
  season?: number;
  role?: string; // role code or 'all'
  unit?: Unit;
}

/** Validate raw parameters (query string or CLI flags) into a StatsQuery. */
export function parseStatsQuery(raw: Record<string, unknown>): StatsQuery {
  const text = (name: string): string | undefined => {
    const v = raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw new ValidationError(`${name} must be given once`, { parameter: name });
    const t = String(v).trim();
    return t === '' ? undefined : t; // blank is absent, as an empty form field is
  };
  const query: StatsQuery = {};
  const production = text('production');
  if (production !== undefined) query.production = production;
  const season = text('season');
  if (season !== undefined) {
    if (!/^\d{1,6}$/.test(season)) throw new ValidationError(`season must be a whole number, got "${season}"`, { parameter: 'season' });
    query.season = Number(season);
  }
  const role = text('role');
  if (role !== undefined) {
    if (role !== 'all' && !isRole(role)) {
      throw new ValidationError(`role must be all or one of ${ROLES.join(', ')}, got "${role}"`, { parameter: 'role' });
    }
    query.role = role;
  }
  const unit = text('unit');
  if (unit !== undefined) {
    if (!isUnit(unit)) throw new ValidationError(`unit must be one of ${UNITS.join(', ')}, got "${unit}"`, { parameter: 'unit' });
    query.unit = unit;
  }
  return query;
}

type Counts = Record<Gender, number>;
const zero = (): Counts => ({ woman: 0, man: 0, 'non-binary': 0, unknown: 0 });

/** Round away binary noise (0.1 + 0.2) so the same credits print the same figures on every database. */
const round = (x: number, places = 6): number => {
  const scale = places === 6 ? 1e6 : 10 ** places;
  return Math.round(x * scale) / scale;
};

export async function computeStats(db: Knex, query: StatsQuery = {}): Promise<StatsRow[]> {
  let productionId: number | undefined;
  if (query.production !== undefined) {
    const found = await q.findProduction(db, query.production);
    if (!found) throw new NotFoundError(`no production "${query.production}" (give its slug or title)`);
    productionId = found.id;
  }
  const filter: q.SeasonFilter = {
    ...(productionId !== undefined ? { productionId } : {}),
    ...(query.season !== undefined ? { season: query.season } : {}),
  };
  const seasons = await q.seasonsMatching(db, filter);
  if (seasons.length === 0) return [];
  const [tallies, match] = await Promise.all([q.seasonTallies(db, filter), matcherFor(db)]);
  const rows: StatsRow[] = [];
  for (const season of seasons) {
    const tally = tallies.get(season.seasonId);
    if (!tally) continue;
    const present = ROLES.filter((r) => tally.roles.has(r));
    const baselineFor = match(season.kind, season.firstAirDate, platformKind(season.platform));
    for (const role of [...present, 'all']) {
      if (query.role !== undefined && query.role !== role) continue;
      // role all: the sum of the role rows of the same unit
      const parts = role === 'all' ? present.map((r) => tally.roles.get(r)!) : [tally.roles.get(role)!];
      const covered = role === 'all' ? tally.episodes : parts[0]!.episodes;
      for (const unit of UNITS) {
        if (query.unit !== undefined && query.unit !== unit) continue;
        const counts: Tally =
          unit === 'episode'
            ? episodeTally(parts.map((p) => p.byShare))
            : { n: parts.length === 1 ? parts[0]![unit] : parts.reduce((acc, p) => addCounts(acc, p[unit]), zero()), denominator: 1 };
        rows.push(buildRow(season, role, unit, counts, covered, baselineFor(role, unit)));
      }
    }
  }
  return rows;
}

/** Gender counts as numerators over one denominator: 1 for credits and people, the divisors' lcm for episodes. */
interface Tally {
  n: Counts;
  denominator: number;
}

function addCounts(a: Counts, b: Counts): Counts {
  return { woman: a.woman + b.woman, man: a.man + b.man, 'non-binary': a['non-binary'] + b['non-binary'], unknown: a.unknown + b.unknown };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const LCM_LIMIT = 2 ** 40;

/**
 * The episode unit exactly: a co-credit's 1/n as whole numbers over the lcm
 * of the divisors, so shares are one division of integers. The figures then
 * depend neither on the order credits were stored in nor on how the float
 * additions fall (a share of exactly 0.3359375 rounds the same every time).
 * Past 2^53 it falls back to adding the fractions in divisor order.
 */
function episodeTally(partsList: ReadonlyArray<Map<number, Counts>>): Tally {
  const merged = new Map<number, Counts>();
  for (const parts of partsList) for (const [n, c] of parts) merged.set(n, addCounts(merged.get(n) ?? zero(), c));
  const divisors = [...merged.keys()].sort((a, b) => a - b);
  let lcm = 1;
  for (const n of divisors) lcm = lcm > LCM_LIMIT ? lcm : (lcm / gcd(lcm, n)) * n;
  if (lcm <= LCM_LIMIT) {
    const num = zero();
    for (const n of divisors) {
      const c = merged.get(n)!;
      const f = lcm / n;
      num.woman += c.woman * f;
      num.man += c.man * f;
      num['non-binary'] += c['non-binary'] * f;
      num.unknown += c.unknown * f;
    }
    if (Number.isSafeInteger(num.woman + num.man + num['non-binary'] + num.unknown)) return { n: num, denominator: lcm };
  }
  const sum = zero();
  for (const n of divisors) {
    const c = merged.get(n)!;
    sum.woman += c.woman / n;
    sum.man += c.man / n;
    sum['non-binary'] += c['non-binary'] / n;
    sum.unknown += c.unknown / n;
  }
  return { n: sum, denominator: 1 };
}

function buildRow(
  season: q.SeasonInfo,
  role: string,
  unit: Unit,
  t: Tally,
  coveredEpisodes: number,
  match: ResolvedBaseline | null,
): StatsRow {
  const d = t.denominator;
  const knownNumerator = t.n.woman + t.n.man + t.n['non-binary'];
  const known = knownNumerator / d;
  const women = t.n.woman / d;
  const share = shareOfKnownGender(t.n.woman, knownNumerator);
  const ci = wilsonInterval(women, known);
  const baselineShare = match ? match.share : null;
  return {
    production: season.slug,
    title: season.title,
    kind: season.kind,
    season: season.season,
    season_year: season.firstAirDate ? Number(season.firstAirDate.slice(0, 4)) : null,
    role,
    unit,
    women: round(women),
    men: round(t.n.man / d),
    non_binary: round(t.n['non-binary'] / d),
    unknown: round(t.n.unknown / d),
    total: round((knownNumerator + t.n.unknown) / d),
    known: round(known),
    share_women: share === null ? null : round(share),
    ci95_low: ci ? round(ci.low) : null,
    ci95_high: ci ? round(ci.high) : null,
    small_sample: known < SMALL_SAMPLE,
    coverage: season.episodes > 0 ? round(coveredEpisodes / season.episodes) : null,
    baseline_share: baselineShare,
    baseline_label: match ? match.label : null,
    baseline_source: match ? match.source : null,
    baseline_exact_period: match ? match.exactPeriod : null,
    // in percentage points straight from the published percentage: 0.26 has no exact binary form, 26 has
    gap_pp: share !== null && match ? round(share * 100 - match.pct, 4) : null,
  };
}

interface ResolvedBaseline {
  share: number;
  pct: number;
  label: string;
  source: string;
  exactPeriod: boolean;
}
/** Baselines for one season's rows: (role, unit) → the matched baseline, resolved to what a row prints. */
type SeasonBaselines = (role: string, unit: Unit) => ResolvedBaseline | null;
type BaselineMatcher = (medium: BaselineQuery['medium'], referenceDate: string | null, platform: BaselineQuery['platform']) => SeasonBaselines;

/**
 * matchBaseline, remembered per distinct question: a season's rows ask a
 * few questions (role × preferred unit), and every season sharing its medium,
 * date and platform asks the same ones again.
 */
function resolvedMatcher(baselines: StoredBaseline[]): BaselineMatcher {
  const matchBaseline = baselineMatcher(baselines);
  const bySeason = new Map<string, SeasonBaselines>();
  return (medium, referenceDate, platform) => {
    const seasonKey = `${medium}|${referenceDate}|${platform ?? ''}`;
    let forSeason = bySeason.get(seasonKey);
    if (!forSeason) {
      if (bySeason.size >= 50_000) bySeason.clear(); // bounded in a long-running server
      const memo = new Map<string, ResolvedBaseline | null>();
      forSeason = (role, unit) => {
        const key = unit === 'episode' ? `${role}|episode` : role;
        let found = memo.get(key);
        if (found === undefined) {
          const m = matchBaseline({ medium, role, unit, referenceDate, platform });
          found = m
            ? { share: m.baseline.share_pct / 100, pct: m.baseline.share_pct, label: baselineLabel(m.baseline), source: baselineSource(m.baseline), exactPeriod: m.exactPeriod }
            : null;
          memo.set(key, found);
        }
        return found;
      };
      bySeason.set(seasonKey, forSeason);
    }
    return forSeason;
  };
}

/** The baselines' matcher, reused while the database is unchanged (the baselines table rarely is). */
const matchers = new WeakMap<Knex, { version: string; matcher: BaselineMatcher }>();

async function matcherFor(db: Knex): Promise<BaselineMatcher> {
  const version = await q.dataVersion(db);
  const kept = matchers.get(db);
  if (version !== null && kept?.version === version) return kept.matcher;
  const matcher = resolvedMatcher(await listBaselines(db));
  if (version !== null) matchers.set(db, { version, matcher });
  return matcher;
}
