/**
 * The one stats service: stored credits → season-level representation rows
 * with intervals and the matching baseline. The CLI, the API, the dashboard
 * and the exports all call computeStats.
 */
import type { Knex } from 'knex';
import { listBaselines } from '../db/baseline-store.js';
import * as q from '../db/stats-queries.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Gender } from '../domain/genders.js';
import { platformKind } from '../domain/platforms.js';
import { isRole, ROLES } from '../domain/roles.js';
import { isUnit, UNITS, type Unit } from '../domain/units.js';
import { baselineLabel, baselineSource, matchBaseline } from './baseline-match.js';
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
    return String(v).trim();
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
const round = (x: number, places = 6): number => Math.round(x * 10 ** places) / 10 ** places;

export async function computeStats(db: Knex, query: StatsQuery = {}): Promise<StatsRow[]> {
  let productionId: number | undefined;
  if (query.production !== undefined) {
    const found = await q.findProduction(db, query.production);
    if (!found) throw new NotFoundError(`no production "${query.production}" (give its slug or title)`);
    productionId = found.id;
  }
  const seasons = await q.seasonsMatching(db, {
    ...(productionId !== undefined ? { productionId } : {}),
    ...(query.season !== undefined ? { season: query.season } : {}),
  });
  const ids = seasons.map((s) => s.seasonId);
  const [creditTallies, personTallies, coverage, baselines] = await Promise.all([
    q.creditTallies(db, ids),
    q.personTallies(db, ids),
    q.coverageTallies(db, ids),
    listBaselines(db),
  ]);

  // counts[seasonId][role][unit] → gender counts
  const counts = new Map<number, Map<string, Record<Unit, Counts>>>();
  const slot = (seasonId: number, role: string): Record<Unit, Counts> => {
    let byRole = counts.get(seasonId);
    if (!byRole) counts.set(seasonId, (byRole = new Map()));
    let units = byRole.get(role);
    if (!units) byRole.set(role, (units = { credit: zero(), person: zero(), episode: zero() }));
    return units;
  };
  // Sum the episode unit's fractions in a fixed order (by divisor) so the float result never depends on row order.
  creditTallies.sort((a, b) => a.sharing - b.sharing);
  for (const t of creditTallies) {
    const s = slot(t.seasonId, t.role);
    s.credit[t.gender] += t.credits;
    s.episode[t.gender] += t.credits / t.sharing;
  }
  for (const t of personTallies) slot(t.seasonId, t.role).person[t.gender] += t.people;
  const covered = new Map(coverage.map((c) => [`${c.seasonId}:${c.role ?? 'all'}`, c.episodes]));

  const rows: StatsRow[] = [];
  for (const season of seasons) {
    const byRole = counts.get(season.seasonId);
    if (!byRole) continue;
    const roles = [...ROLES.filter((r) => byRole.has(r)), 'all'];
    for (const role of roles) {
      if (query.role !== undefined && query.role !== role) continue;
      for (const unit of UNITS) {
        if (query.unit !== undefined && query.unit !== unit) continue;
        const c =
          role === 'all'
            ? [...byRole.values()].reduce((acc, u) => addCounts(acc, u[unit]), zero())
            : byRole.get(role)![unit];
        rows.push(buildRow(season, role, unit, c, covered.get(`${season.seasonId}:${role}`) ?? 0, baselines));
      }
    }
  }
  return rows;
}

function addCounts(a: Counts, b: Counts): Counts {
  return { woman: a.woman + b.woman, man: a.man + b.man, 'non-binary': a['non-binary'] + b['non-binary'], unknown: a.unknown + b.unknown };
}

function buildRow(
  season: q.SeasonInfo,
  role: string,
  unit: Unit,
  c: Counts,
  coveredEpisodes: number,
  baselines: Awaited<ReturnType<typeof listBaselines>>,
): StatsRow {
  const known = c.woman + c.man + c['non-binary'];
  const share = shareOfKnownGender(c.woman, known);
  const ci = wilsonInterval(c.woman, known);
  const match = matchBaseline(baselines, {
    medium: season.kind,
    role,
    unit,
    referenceDate: season.firstAirDate,
    platform: platformKind(season.platform),
  });
  const baselineShare = match ? match.baseline.share_pct / 100 : null;
  return {
    production: season.slug,
    title: season.title,
    kind: season.kind,
    season: season.season,
    season_year: season.firstAirDate ? Number(season.firstAirDate.slice(0, 4)) : null,
    role,
    unit,
    women: round(c.woman),
    men: round(c.man),
    non_binary: round(c['non-binary']),
    unknown: round(c.unknown),
    total: round(known + c.unknown),
    known: round(known),
    share_women: share === null ? null : round(share),
    ci95_low: ci ? round(ci.low) : null,
    ci95_high: ci ? round(ci.high) : null,
    small_sample: known < SMALL_SAMPLE,
    coverage: season.episodes > 0 ? round(coveredEpisodes / season.episodes) : null,
    baseline_share: baselineShare,
    baseline_label: match ? baselineLabel(match.baseline) : null,
    baseline_source: match ? baselineSource(match.baseline) : null,
    baseline_exact_period: match ? match.exactPeriod : null,
    gap_pp: share !== null && baselineShare !== null ? round((share - baselineShare) * 100, 4) : null,
  };
}
