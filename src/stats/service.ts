/**
 * The one stats service: stored credits → season-level representation rows
 * with intervals and the matching baseline. The CLI, the API, the dashboard
 * and the exports all call computeStats.
 */
import type { Knex } from 'knex';
import { listBaselines, type StoredBaseline } from '../db/baseline-store.js';
import { readSnapshot } from '../db/dialect.js';
import * as q from '../db/stats-queries.js';
import { ValidationError } from '../domain/errors.js';
import {
  addClassCounts,
  addToClass,
  CLASS_COUNT,
  CLASS_GENDER_INDEX,
  CLASS_SOURCE_INDEX,
  genderOfClass,
  sourceOfClass,
  zeroClassCounts,
  type ClassCounts,
} from '../domain/gender-classes.js';
import { GENDER_SOURCES, meetsEvidence, parseGenderSource, type EvidenceLevel, type GenderSource } from '../domain/gender-sources.js';
import { GENDERS, type Gender } from '../domain/genders.js';
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
  /**
   * The weakest evidence a gender may rest on and still count as known; a
   * gender resting on weaker evidence counts as unknown. Absent: every
   * recorded gender counts (the same as 'unknown', the weakest level).
   */
  minEvidence?: EvidenceLevel;
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
  const minEvidence = text('min_evidence');
  if (minEvidence !== undefined) {
    const level = parseGenderSource(minEvidence);
    if (level === undefined) {
      throw new ValidationError(`min_evidence must be one of ${GENDER_SOURCES.join(', ')} (strongest first), got "${minEvidence}"`, {
        parameter: 'min_evidence',
      });
    }
    // 'unknown' is the weakest level: every recorded gender meets it, as with no minimum at all.
    if (level !== 'unknown') query.minEvidence = level;
  }
  return query;
}

type Counts = Record<Gender, number>;

/** Round away binary noise (0.1 + 0.2) so the same credits print the same figures on every database. */
const round = (x: number, places = 6): number => {
  const scale = places === 6 ? 1e6 : 10 ** places;
  return Math.round(x * scale) / scale;
};

export async function computeStats(db: Knex, query: StatsQuery = {}): Promise<StatsRow[]> {
  // One snapshot for every read: an import committed between two of them would otherwise show in part.
  return readSnapshot(db, (snapshot) => statsOf(snapshot, query, db));
}

/** computeStats on one snapshot; `owner` is the handle the baseline matcher is kept for. */
async function statsOf(db: Knex, query: StatsQuery, owner: Knex): Promise<StatsRow[]> {
  let productionId: number | undefined;
  if (query.production !== undefined) productionId = (await q.requireProduction(db, query.production)).id;
  const filter: q.SeasonFilter = {
    ...(productionId !== undefined ? { productionId } : {}),
    ...(query.season !== undefined ? { season: query.season } : {}),
  };
  const seasons = await q.seasonsMatching(db, filter);
  if (seasons.length === 0) return [];
  // One after the other: `db` is the snapshot's one connection, which runs one query at a time.
  const tallies = await q.seasonTallies(db, filter);
  const match = await matcherFor(db, owner);
  const rows: StatsRow[] = [];
  const countsAsKnown = knownClasses(query.minEvidence);
  for (const season of seasons) {
    const tally = tallies.get(season.seasonId);
    if (!tally) continue;
    const present = ROLES.filter((r) => tally.roles.has(r));
    const baselineFor = match(season.kind, referenceDate(season), season.platform);
    for (const role of [...present, 'all']) {
      if (query.role !== undefined && query.role !== role) continue;
      // role all: the sum of the role rows of the same unit
      const parts = role === 'all' ? present.map((r) => tally.roles.get(r)!) : [tally.roles.get(role)!];
      const covered = role === 'all' ? tally.episodes : parts[0]!.episodes;
      for (const unit of UNITS) {
        if (query.unit !== undefined && query.unit !== unit) continue;
        const classes: ClassTally =
          unit === 'episode'
            ? episodeTally(parts.map((p) => p.byShare))
            : { n: parts.length === 1 ? parts[0]![unit] : parts.reduce((acc, p) => addClassCounts(acc, p[unit]), zeroClassCounts()), denominator: 1 };
        rows.push(buildRow(season, role, unit, withEvidence(classes, countsAsKnown), covered, baselineFor(role, unit), query.minEvidence ?? null));
      }
    }
  }
  return rows;
}

/** Class counts (gender × evidence) as numerators over one denominator: 1 for credits and people, the divisors' lcm for episodes. */
interface ClassTally {
  n: ClassCounts;
  denominator: number;
}

/** Gender counts, and the known ones by the evidence they rest on, as numerators over one denominator. */
interface Tally {
  n: Counts;
  evidence: Record<GenderSource, number>;
  denominator: number;
}

/**
 * Which classes count as a known gender under a minimum evidence level: a
 * known gender resting on weaker evidence counts as unknown. Decided once per
 * query, so each row's collapse below is a table lookup per class.
 */
function knownClasses(minEvidence: GenderSource | undefined): readonly boolean[] {
  return Array.from({ length: CLASS_COUNT }, (_, c) => {
    if (genderOfClass(c) === 'unknown') return false;
    return minEvidence === undefined || meetsEvidence(sourceOfClass(c), minEvidence);
  });
}

const WOMAN = GENDERS.indexOf('woman');
const MAN = GENDERS.indexOf('man');
const NON_BINARY = GENDERS.indexOf('non-binary');
const UNKNOWN = GENDERS.indexOf('unknown');
const SELF = GENDER_SOURCES.indexOf('self-identified');
const PUBLIC = GENDER_SOURCES.indexOf('public-statement');
const PRESS = GENDER_SOURCES.indexOf('press-pronouns');
const INFERRED = GENDER_SOURCES.indexOf('name-inferred');
const UNRECORDED = GENDER_SOURCES.indexOf('unknown');

/** Class counts → effective gender counts, and the known ones by the evidence they rest on (the provenance mix). */
function withEvidence(t: ClassTally, countsAsKnown: readonly boolean[]): Tally {
  const g = [0, 0, 0, 0];
  const e = [0, 0, 0, 0, 0];
  for (let c = 0; c < t.n.length; c++) {
    const count = t.n[c] ?? 0;
    if (count === 0) continue;
    if (countsAsKnown[c]) {
      g[CLASS_GENDER_INDEX[c]!]! += count;
      e[CLASS_SOURCE_INDEX[c]!]! += count;
    } else {
      g[UNKNOWN]! += count;
    }
  }
  return {
    n: { woman: g[WOMAN]!, man: g[MAN]!, 'non-binary': g[NON_BINARY]!, unknown: g[UNKNOWN]! },
    evidence: { 'self-identified': e[SELF]!, 'public-statement': e[PUBLIC]!, 'press-pronouns': e[PRESS]!, 'name-inferred': e[INFERRED]!, unknown: e[UNRECORDED]! },
    denominator: t.denominator,
  };
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
function episodeTally(partsList: ReadonlyArray<Map<number, ClassCounts>>): ClassTally {
  let merged: ReadonlyMap<number, ClassCounts>;
  if (partsList.length === 1) {
    merged = partsList[0]!; // one role: nothing to merge (and nothing below changes it)
  } else {
    const sums = new Map<number, ClassCounts>();
    for (const parts of partsList) for (const [n, c] of parts) sums.set(n, addClassCounts(sums.get(n) ?? zeroClassCounts(), c));
    merged = sums;
  }
  const divisors = [...merged.keys()].sort((a, b) => a - b);
  let lcm = 1;
  for (const n of divisors) lcm = lcm > LCM_LIMIT ? lcm : (lcm / gcd(lcm, n)) * n;
  if (lcm <= LCM_LIMIT) {
    const num = zeroClassCounts();
    let total = 0;
    for (const n of divisors) {
      const c = merged.get(n)!;
      const f = lcm / n;
      for (let k = 0; k < c.length; k++) {
        const count = c[k] ?? 0;
        if (count === 0) continue;
        addToClass(num, k, count * f);
        total += count * f;
      }
    }
    if (Number.isSafeInteger(total)) return { n: num, denominator: lcm };
  }
  const sum = zeroClassCounts();
  for (const n of divisors) {
    const c = merged.get(n)!;
    for (let k = 0; k < c.length; k++) addToClass(sum, k, (c[k] ?? 0) / n);
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
  minEvidence: EvidenceLevel | null = null,
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
    platform: season.platform,
    season: season.kind === 'film' ? null : season.season,
    season_year: season.kind === 'film' ? season.releaseYear : season.firstAirDate ? Number(season.firstAirDate.slice(0, 4)) : null,
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
    baseline_exact_platform: match ? match.exactPlatform : null,
    // in percentage points straight from the published percentage: 0.26 has no exact binary form, 26 has
    gap_pp: share !== null && match ? round(share * 100 - match.pct, 4) : null,
    min_evidence: minEvidence,
    evidence_self_identified: round(t.evidence['self-identified'] / d),
    evidence_public_statement: round(t.evidence['public-statement'] / d),
    evidence_press_pronouns: round(t.evidence['press-pronouns'] / d),
    evidence_name_inferred: round(t.evidence['name-inferred'] / d),
    evidence_unrecorded: round(t.evidence.unknown / d),
  };
}

interface ResolvedBaseline {
  share: number;
  pct: number;
  label: string;
  source: string;
  exactPeriod: boolean;
  exactPlatform: boolean;
}
/**
 * The date a season's baseline period must contain: its first air date; for
 * a film its release date, or mid-year of its release year when only the
 * year is known (film baselines run by calendar year).
 */
function referenceDate(season: q.SeasonInfo): string | null {
  if (season.kind === 'film' && season.releaseYear !== null && !season.firstAirDate?.startsWith(String(season.releaseYear))) {
    return `${season.releaseYear}-07-01`;
  }
  return season.firstAirDate;
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
            ? {
                share: round(m.baseline.share_pct / 100), // 33.3 / 100 is 0.33299999999999996
                pct: m.baseline.share_pct,
                label: baselineLabel(m.baseline),
                source: baselineSource(m.baseline),
                exactPeriod: m.exactPeriod,
                exactPlatform: m.exactPlatform,
              }
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

async function matcherFor(db: Knex, owner: Knex): Promise<BaselineMatcher> {
  const version = await q.dataVersion(db);
  const kept = matchers.get(owner);
  if (version !== null && kept?.version === version) return kept.matcher;
  const matcher = resolvedMatcher(await listBaselines(db));
  if (version !== null) matchers.set(owner, { version, matcher });
  return matcher;
}
