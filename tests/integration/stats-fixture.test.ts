/**
 * Every figure of a small hand-built sheet, worked out by hand here and
 * compared with computeStats.
 *
 * tests/fixtures/stats/season-small.csv (TV, no platform column, so the
 * platform is unknown):
 *
 *   S1E1 2016-10-01  director Alice (w)          writer Alice (w), Carl (m)
 *   S1E2 2016-10-08  director Alice (w), Carl (m) writer Nico (nb)
 *   S1E3 2016-10-15  director Uma (blank)         writer Bea (w)
 *   S1E4 2016-10-22  — no director —              writer Dan (m), Nico (nb)
 *   S2E1 (no date)   director Uma ("unknown")
 *
 * Alice is in two roles, Alice/Carl co-direct E2, Alice and Nico repeat
 * across episodes, Carl is both writer and director, Uma's gender is unknown
 * (blank once, "unknown" once), E4 has no director (incomplete season), and
 * season 2 has no known gender at all and no air date.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBaselines } from '../../seeds/index.js';
import { importFiles } from '../../src/import/service.js';
import type { StatsRow } from '../../src/stats/fields.js';
import { computeStats } from '../../src/stats/service.js';
import { freshDb } from '../helpers/db.js';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'stats', 'season-small.csv');

/** Textbook Wilson score interval, written out independently of src/stats/wilson.ts. */
function wilson(k: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const d = 1 + (z * z) / n;
  return [Math.max(0, (centre - spread) / d), Math.min(1, (centre + spread) / d)];
}

interface Expected {
  women: number;
  men: number;
  non_binary: number;
  unknown: number;
  coverage: number;
}

let db: Knex;
let rows: StatsRow[];

beforeEach(async () => {
  db = await freshDb();
  await ensureBaselines(db);
  const summary = await importFiles(db, [{ path: FIXTURE }]);
  expect(summary.issues).toEqual([]);
  rows = await computeStats(db);
});
afterEach(async () => {
  await db.destroy();
});

function row(season: number, role: string, unit: string): StatsRow {
  const found = rows.filter((r) => r.production === 'fixture-show' && r.season === season && r.role === role && r.unit === unit);
  expect(found, `${season}/${role}/${unit}`).toHaveLength(1);
  return found[0]!;
}

/** Check the counts, then everything derived from them, with the derivation written out once here. */
function check(season: number, role: string, unit: string, e: Expected): StatsRow {
  const r = row(season, role, unit);
  const known = e.women + e.men + e.non_binary;
  expect({ women: r.women, men: r.men, non_binary: r.non_binary, unknown: r.unknown }).toEqual({
    women: e.women,
    men: e.men,
    non_binary: e.non_binary,
    unknown: e.unknown,
  });
  expect(r.known).toBeCloseTo(known, 9);
  expect(r.total).toBeCloseTo(known + e.unknown, 9);
  expect(r.small_sample).toBe(known < 10);
  expect(r.coverage).toBeCloseTo(e.coverage, 6);
  if (known === 0) {
    expect(r.share_women).toBeNull();
    expect(r.ci95_low).toBeNull();
    expect(r.ci95_high).toBeNull();
  } else {
    const [lo, hi] = wilson(e.women, known);
    expect(r.share_women).toBeCloseTo(e.women / known, 6);
    expect(r.ci95_low).toBeCloseTo(lo, 6);
    expect(r.ci95_high).toBeCloseTo(hi, 6);
  }
  return r;
}

describe('hand-built season: every unit, every role, role all', () => {
  it('produces exactly the expected rows, in role then unit order', () => {
    const keys = rows.filter((r) => r.production === 'fixture-show').map((r) => `${r.season}/${r.role}/${r.unit}`);
    expect(keys).toEqual([
      '1/director/credit',
      '1/director/person',
      '1/director/episode',
      '1/writer/credit',
      '1/writer/person',
      '1/writer/episode',
      '1/all/credit',
      '1/all/person',
      '1/all/episode',
      '2/director/credit',
      '2/director/person',
      '2/director/episode',
      '2/all/credit',
      '2/all/person',
      '2/all/episode',
    ]);
  });

  it('directors: credits, people and split episodes; coverage 3 of 4 episodes', () => {
    const coverage = 3 / 4; // E1, E2, E3 have a director; E4 has none
    // credit: Alice E1 + Alice E2 = 2 women; Carl E2 = 1 man; Uma E3 = 1 unknown
    const credit = check(1, 'director', 'credit', { women: 1 + 1, men: 1, non_binary: 0, unknown: 1, coverage });
    expect(credit.share_women).toBeCloseTo(2 / 3, 6);
    // person: Alice, Carl, Uma once each
    check(1, 'director', 'person', { women: 1, men: 1, non_binary: 0, unknown: 1, coverage });
    // episode: E1 Alice 1; E2 co-directed: Alice 0.5, Carl 0.5; E3 Uma 1
    const episode = check(1, 'director', 'episode', { women: 1 + 0.5, men: 0.5, non_binary: 0, unknown: 1, coverage });
    expect(episode.known).toBe(2); // 1.5 + 0.5
    expect(episode.total).toBe(3); // three directed episodes
    expect(episode.share_women).toBe(0.75);
  });

  it('writers: non-binary counted as known, never merged into another gender', () => {
    const coverage = 4 / 4;
    // credit: Alice E1, Bea E3 = 2 women; Carl E1, Dan E4 = 2 men; Nico E2, Nico E4 = 2 nb
    const credit = check(1, 'writer', 'credit', { women: 2, men: 2, non_binary: 1 + 1, unknown: 0, coverage });
    expect(credit.share_women).toBeCloseTo(2 / 6, 6);
    // person: Alice, Bea / Carl, Dan / Nico
    const person = check(1, 'writer', 'person', { women: 2, men: 2, non_binary: 1, unknown: 0, coverage });
    expect(person.share_women).toBe(0.4);
    // episode: E1 Alice 0.5 Carl 0.5; E2 Nico 1; E3 Bea 1; E4 Dan 0.5 Nico 0.5
    const episode = check(1, 'writer', 'episode', { women: 0.5 + 1, men: 0.5 + 0.5, non_binary: 1 + 0.5, unknown: 0, coverage });
    expect(episode.total).toBe(4); // every written episode counts 1
    expect(episode.share_women).toBe(0.375);
  });

  it('role all sums the role rows of the same unit; coverage is any role', () => {
    const coverage = 4 / 4; // every stored episode has some credit
    // credit: directors (2, 1, 0, 1) + writers (2, 2, 2, 0)
    check(1, 'all', 'credit', { women: 2 + 2, men: 1 + 2, non_binary: 0 + 2, unknown: 1 + 0, coverage });
    // person: directors (1, 1, 0, 1) + writers (2, 2, 1, 0): Alice and Carl count once per role
    const person = check(1, 'all', 'person', { women: 1 + 2, men: 1 + 2, non_binary: 0 + 1, unknown: 1 + 0, coverage });
    expect(person.share_women).toBeCloseTo(3 / 7, 6);
    // episode: directors (1.5, 0.5, 0, 1) + writers (1.5, 1, 1.5, 0)
    const episode = check(1, 'all', 'episode', { women: 1.5 + 1.5, men: 0.5 + 1, non_binary: 0 + 1.5, unknown: 1 + 0, coverage });
    expect(episode.share_women).toBe(0.5); // 3 / 6
    expect(episode.total).toBe(7); // 3 directed + 4 written episodes
  });

  it('a season whose only person has unknown gender: share and interval null, unknown still counted', () => {
    for (const role of ['director', 'all']) {
      for (const unit of ['credit', 'person', 'episode']) {
        const r = check(2, role, unit, { women: 0, men: 0, non_binary: 0, unknown: 1, coverage: 1 / 1 });
        expect(r.known).toBe(0);
        expect(r.total).toBe(1);
        expect(r.small_sample).toBe(true);
        // no air date: no period, so no baseline, and no year
        expect(r.season_year).toBeNull();
        expect(r.baseline_share).toBeNull();
        expect(r.baseline_label).toBeNull();
        expect(r.baseline_source).toBeNull();
        expect(r.baseline_exact_period).toBeNull();
        expect(r.baseline_exact_platform).toBeNull();
        expect(r.gap_pp).toBeNull();
      }
    }
  });

  it('production facts on every row', () => {
    for (const r of rows) {
      expect(r.production).toBe('fixture-show');
      expect(r.title).toBe('Fixture Show');
      expect(r.kind).toBe('tv');
    }
    expect(row(1, 'director', 'credit').season_year).toBe(2016);
  });

  it('season 1 (first aired 2016-10-01) sits beside the 2016-17 baselines, unit by unit', () => {
    const boxedIn = (role: string, share: number) => ({
      baseline_share: share,
      baseline_label: `Boxed In 2016-17: ${role}, TV, % of people`,
      baseline_exact_period: true,
    });
    const pick = (r: StatsRow) => ({ baseline_share: r.baseline_share, baseline_label: r.baseline_label, baseline_exact_period: r.baseline_exact_period });
    // credit and person units take person-unit baselines
    expect(pick(row(1, 'director', 'credit'))).toEqual(boxedIn('directors', 0.17));
    expect(pick(row(1, 'director', 'person'))).toEqual(boxedIn('directors', 0.17));
    // the episode unit takes the DGA's share of episodes
    expect(pick(row(1, 'director', 'episode'))).toEqual({
      baseline_share: 0.21,
      baseline_label: 'Episodic Television Director Inclusion Report 2016-17: directors, TV, % of episodes',
      baseline_exact_period: true,
    });
    // writers have no episode-unit baseline: the person-unit one stands in
    for (const unit of ['credit', 'person', 'episode']) expect(pick(row(1, 'writer', unit))).toEqual(boxedIn('writers', 0.33));
    // all → key_roles, the all-platform 28% rather than broadcast's 27% (platform unknown)
    for (const unit of ['credit', 'person', 'episode']) expect(pick(row(1, 'all', unit))).toEqual(boxedIn('key roles', 0.28));

    // gap in percentage points = (share − baseline) × 100
    expect(row(1, 'director', 'credit').gap_pp).toBeCloseTo((2 / 3 - 0.17) * 100, 4);
    expect(row(1, 'director', 'person').gap_pp).toBeCloseTo((0.5 - 0.17) * 100, 4);
    expect(row(1, 'director', 'episode').gap_pp).toBeCloseTo((0.75 - 0.21) * 100, 4);
    expect(row(1, 'writer', 'person').gap_pp).toBeCloseTo((0.4 - 0.33) * 100, 4);
    expect(row(1, 'all', 'episode').gap_pp).toBeCloseTo((0.5 - 0.28) * 100, 4);
    expect(row(1, 'all', 'person').baseline_source).toContain('Boxed In (Center for the Study of Women in Television and Film');
  });

  it('filters by production (slug or title), season, role and unit', async () => {
    const bySlug = await computeStats(db, { production: 'fixture-show', season: 1, role: 'director', unit: 'episode' });
    expect(bySlug).toEqual([row(1, 'director', 'episode')]);
    const byTitle = await computeStats(db, { production: 'fixture show', season: 1, role: 'all' });
    expect(byTitle).toEqual([row(1, 'all', 'credit'), row(1, 'all', 'person'), row(1, 'all', 'episode')]);
    expect(await computeStats(db, { production: 'fixture-show', season: 9 })).toEqual([]);
    expect(await computeStats(db, { production: 'fixture-show', role: 'editor' })).toEqual([]);
    await expect(computeStats(db, { production: 'no-such-show' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
