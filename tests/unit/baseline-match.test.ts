/**
 * matchBaseline on hand-made baseline tables, then on the seeded
 * data/baselines.csv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { ensureBaselines } from '../../seeds/index.js';
import { listBaselines, type StoredBaseline } from '../../src/db/baseline-store.js';
import { daysOutside, parsePeriod } from '../../src/domain/periods.js';
import { baselineLabel, baselineSource, labelledPlatforms, matchBaseline, type BaselineQuery } from '../../src/stats/baseline-match.js';
import { freshDb } from '../helpers/db.js';

let nextId = 1;
/** A stored baseline; `period` decides period_start/period_end as the importer would. */
function b(fields: Partial<StoredBaseline> & { period: string }): StoredBaseline {
  const period = parsePeriod(fields.period);
  if (!period) throw new Error(`bad period ${fields.period}`);
  return {
    id: nextId++,
    source: 'Publisher',
    report: 'Report',
    period_start: period.start,
    period_end: period.end,
    medium: 'tv',
    population: 'everyone',
    platform: '',
    role: 'director',
    unit: 'person',
    share_pct: 10,
    cited_via: 'somewhere',
    note: '',
    origin: 'test',
    ...fields,
  };
}

const tv = (q: Partial<BaselineQuery> = {}): BaselineQuery => ({
  medium: 'tv',
  role: 'director',
  unit: 'person',
  referenceDate: '2016-10-01',
  platform: undefined,
  ...q,
});

const share = (rows: StoredBaseline[], q: BaselineQuery): number | undefined => matchBaseline(rows, q)?.baseline.share_pct;

describe('parsePeriod', () => {
  it('TV seasons run 1 September to 31 August; film periods are calendar years', () => {
    expect(parsePeriod('2016-17')).toEqual({ start: '2016-09-01', end: '2017-08-31' });
    expect(parsePeriod('2016–2017')).toEqual({ start: '2016-09-01', end: '2017-08-31' });
    expect(parsePeriod('2017')).toEqual({ start: '2017-01-01', end: '2017-12-31' });
  });
  it('a season across a century ("1999-00") ends in 2000', () => {
    expect(parsePeriod('1999-00')).toEqual({ start: '1999-09-01', end: '2000-08-31' });
    expect(parsePeriod('1999-2000')).toEqual({ start: '1999-09-01', end: '2000-08-31' });
  });
  it('rejects periods that are not one season long', () => {
    expect(parsePeriod('2016-18')).toBeUndefined();
    expect(parsePeriod('1999-01')).toBeUndefined();
    expect(parsePeriod('2016-16')).toBeUndefined();
    expect(parsePeriod('sometime')).toBeUndefined();
  });
  it('daysOutside is 0 inside, else the distance to the nearer end', () => {
    const p = parsePeriod('2016-17')!;
    expect(daysOutside('2016-09-01', p)).toBe(0);
    expect(daysOutside('2017-08-31', p)).toBe(0);
    expect(daysOutside('2016-08-31', p)).toBe(1);
    expect(daysOutside('2017-09-02', p)).toBe(2);
  });
});

describe('matchBaseline', () => {
  it('takes the period that contains the reference date', () => {
    const rows = [b({ period: '2015-16', share_pct: 15 }), b({ period: '2016-17', share_pct: 17 }), b({ period: '2017-18', share_pct: 18 })];
    const m = matchBaseline(rows, tv({ referenceDate: '2016-10-01' }))!;
    expect(m.baseline.share_pct).toBe(17);
    expect(m.exactPeriod).toBe(true);
    // the boundaries: 31 August still belongs to the earlier season, 1 September to the next
    expect(share(rows, tv({ referenceDate: '2017-08-31' }))).toBe(17);
    expect(share(rows, tv({ referenceDate: '2017-09-01' }))).toBe(18);
  });

  it('else the nearest period, flagged as not exact', () => {
    // 2019-01-15 is 502 days after 2016-17 ends and 595 days before 2020-21 starts
    const rows = [b({ period: '2020-21', share_pct: 21 }), b({ period: '2016-17', share_pct: 17 })];
    const m = matchBaseline(rows, tv({ referenceDate: '2019-01-15' }))!;
    expect(m.baseline.share_pct).toBe(17);
    expect(m.exactPeriod).toBe(false);
    // 2020-03-01 is closer to 2020-21 (184 days) than to 2016-17's end (913 days)
    expect(share(rows, tv({ referenceDate: '2020-03-01' }))).toBe(21);
    // before every period and after every period
    expect(share(rows, tv({ referenceDate: '1990-01-01' }))).toBe(17);
    expect(share(rows, tv({ referenceDate: '2030-01-01' }))).toBe(21);
  });

  it('takes the earlier period when two are equally near, whatever the listing order', () => {
    // film years 2014 and 2016; 2015-07-02 is 183 days after 2014-12-31 and 183 days before 2016-01-01
    expect(daysOutside('2015-07-02', parsePeriod('2014')!)).toBe(183);
    expect(daysOutside('2015-07-02', parsePeriod('2016')!)).toBe(183);
    const q = tv({ medium: 'film', referenceDate: '2015-07-02' });
    const later = b({ medium: 'film', period: '2016', share_pct: 16 });
    const earlier = b({ medium: 'film', period: '2014', share_pct: 14 });
    expect(share([later, earlier], q)).toBe(14);
    expect(share([earlier, later], q)).toBe(14);
    // a day later the 2016 period is nearer
    expect(share([later, earlier], { ...q, referenceDate: '2015-07-03' })).toBe(16);
  });

  it('matches medium and role; role all matches key_roles and nothing else', () => {
    const rows = [
      b({ period: '2016-17', medium: 'film', role: 'key_roles', share_pct: 1 }),
      b({ period: '2016-17', role: 'director', share_pct: 2 }),
      b({ period: '2016-17', role: 'key_roles', share_pct: 3 }),
      b({ period: '2016-17', role: 'writer', share_pct: 4 }),
    ];
    expect(share(rows, tv({ role: 'all' }))).toBe(3);
    expect(share(rows, tv({ role: 'director' }))).toBe(2);
    expect(share(rows, tv({ role: 'writer' }))).toBe(4);
    expect(share(rows, tv({ role: 'all', medium: 'film' }))).toBe(1);
    // no baseline for the role (key_roles does not stand in for one role)
    expect(matchBaseline(rows, tv({ role: 'editor' }))).toBeNull();
    expect(matchBaseline(rows, tv({ role: 'director', medium: 'film' }))).toBeNull();
  });

  it('the episode unit prefers episode-unit baselines, the others person-unit ones', () => {
    const rows = [b({ period: '2016-17', unit: 'episode', share_pct: 21 }), b({ period: '2016-17', unit: 'person', share_pct: 17 })];
    expect(share(rows, tv({ unit: 'episode' }))).toBe(21);
    expect(share(rows, tv({ unit: 'person' }))).toBe(17);
    expect(share(rows, tv({ unit: 'credit' }))).toBe(17);
    // either kind stands in when the preferred one is missing
    expect(share(rows.slice(1), tv({ unit: 'episode' }))).toBe(17);
    expect(share(rows.slice(0, 1), tv({ unit: 'person' }))).toBe(21);
    // the unit outranks the period: an episode-unit figure from a nearby season beats a person-unit one for the exact season
    const mixed = [b({ period: '2015-16', unit: 'episode', share_pct: 16 }), b({ period: '2016-17', unit: 'person', share_pct: 17 })];
    const m = matchBaseline(mixed, tv({ unit: 'episode' }))!;
    expect(m.baseline.share_pct).toBe(16);
    expect(m.exactPeriod).toBe(false);
  });

  it('prefers rows covering every platform when the production’s platform is unknown', () => {
    const rows = [
      b({ period: '2016-17', platform: 'broadcast', share_pct: 27 }),
      b({ period: '2016-17', platform: 'broadcast, streaming', share_pct: 25 }),
      b({ period: '2016-17', platform: 'broadcast, cable, streaming', share_pct: 28 }),
    ];
    expect(share(rows, tv())).toBe(28);
    // "" means the report does not split by platform: all of them
    expect(share([rows[0]!, b({ period: '2016-17', platform: '', share_pct: 30 })], tv())).toBe(30);
    // with no all-platform row, the widest one
    expect(share(rows.slice(0, 2), tv())).toBe(25);
  });

  it('prefers the narrowest row covering the production’s platform when it is known', () => {
    const rows = [
      b({ period: '2016-17', platform: 'broadcast, cable, streaming', share_pct: 28 }),
      b({ period: '2016-17', platform: 'broadcast, streaming', share_pct: 25 }),
      b({ period: '2016-17', platform: 'broadcast', share_pct: 27 }),
    ];
    expect(share(rows, tv({ platform: 'broadcast' }))).toBe(27);
    expect(share(rows, tv({ platform: 'streaming' }))).toBe(25);
    expect(share(rows, tv({ platform: 'cable' }))).toBe(28);
    // a row for another platform only is the last resort
    expect(share([b({ period: '2016-17', platform: 'streaming', share_pct: 35 }), b({ period: '2016-17', platform: '', share_pct: 26 })], tv({ platform: 'cable' }))).toBe(26);
    // a row naming one service is narrower than one naming its kind
    const netflix = b({ period: '2016-17', platform: 'Netflix', share_pct: 40 });
    expect(share([rows[0]!, b({ period: '2016-17', platform: 'streaming', share_pct: 35 }), netflix], tv({ platform: 'Netflix' }))).toBe(40);
  });

  it('a row naming a service covers that service, not its whole kind', () => {
    const all = b({ period: '2016-17', platform: 'broadcast, cable, streaming', share_pct: 28 });
    const netflix = b({ period: '2016-17', platform: 'Netflix', share_pct: 40 });
    expect(share([all, netflix], tv({ platform: 'Netflix' }))).toBe(40);
    expect(share([all, netflix], tv({ platform: 'netflix' }))).toBe(40);
    // another streamer, or a streamer not named: the row for every platform covers it, the Netflix one does not
    expect(share([all, netflix], tv({ platform: 'Hulu' }))).toBe(28);
    expect(share([all, netflix], tv({ platform: 'streaming' }))).toBe(28);
    // a service is the same under its other names
    expect(share([all, b({ period: '2016-17', platform: 'Amazon', share_pct: 41 })], tv({ platform: 'Prime Video' }))).toBe(41);
  });

  it('a row naming kinds and a service is an exact match only for those kinds and that service', () => {
    // Boxed In 2014-15 measured broadcast, cable and, of the streamers, Netflix alone
    const boxedIn = b({ period: '2014-15', platform: 'broadcast, cable, Netflix', role: 'key_roles', share_pct: 25 });
    const broadcast = b({ period: '2014-15', platform: 'broadcast', role: 'key_roles', share_pct: 27 });
    const q = (platform: string | undefined) => matchBaseline([broadcast, boxedIn], tv({ role: 'all', referenceDate: '2014-10-01', platform }));
    expect(q('Netflix')).toMatchObject({ baseline: { share_pct: 25 }, exactPlatform: true });
    expect(q('HBO')).toMatchObject({ baseline: { share_pct: 25 }, exactPlatform: true });
    expect(q('CBS')).toMatchObject({ baseline: { share_pct: 27 }, exactPlatform: true });
    // still the widest row of the period, but it does not measure these productions' platform
    expect(q('Hulu')).toMatchObject({ baseline: { share_pct: 25 }, exactPlatform: false });
    expect(q('Amazon')).toMatchObject({ baseline: { share_pct: 25 }, exactPlatform: false });
    expect(q('streaming')).toMatchObject({ baseline: { share_pct: 25 }, exactPlatform: false });
    expect(q(undefined)).toMatchObject({ baseline: { share_pct: 25 }, exactPlatform: false });
  });

  it('a kind named whole is wider than the same kind named by a service', () => {
    const some = b({ period: '2016-17', platform: 'broadcast, cable, Netflix', share_pct: 25 });
    const every = b({ period: '2016-17', platform: 'broadcast, cable, streaming', share_pct: 28 });
    // a cable show: the narrower covering row; a Hulu show: covered by neither the first, so the row for every platform
    expect(share([every, some], tv({ platform: 'cable' }))).toBe(25);
    expect(share([some, every], tv({ platform: 'Hulu' }))).toBe(28);
    expect(share([some, every], tv())).toBe(28);
    // naming the kind and one of its services is naming the kind
    expect(matchBaseline([b({ period: '2016-17', platform: 'streaming, Netflix, broadcast, cable' })], tv({ platform: 'Hulu' }))!.exactPlatform).toBe(true);
  });

  it('the period outranks the platform', () => {
    const rows = [b({ period: '2015-16', platform: 'broadcast', share_pct: 15 }), b({ period: '2016-17', platform: '', share_pct: 17 })];
    expect(share(rows, tv({ platform: 'broadcast' }))).toBe(17);
  });

  it('says whether the figure measures the production’s platform: its kind when known, every kind when not', () => {
    const all = b({ period: '2016-17', platform: 'broadcast, cable, streaming', share_pct: 28 });
    const streaming = b({ period: '2016-17', platform: 'streaming', share_pct: 35 });
    const exact = (rows: StoredBaseline[], q: BaselineQuery) => matchBaseline(rows, q)!.exactPlatform;
    expect(exact([all, streaming], tv({ platform: 'streaming' }))).toBe(true); // the streaming row
    expect(exact([all, streaming], tv({ platform: 'cable' }))).toBe(true); // the all-platform row covers cable
    expect(exact([streaming], tv({ platform: 'cable' }))).toBe(false);
    expect(exact([all, streaming], tv())).toBe(true);
    expect(exact([streaming], tv())).toBe(false); // one platform cannot stand for an unknown one
    // another period's row for the production's platform does not win over this period's, and the flag says so
    const older = b({ period: '2015-16', platform: 'cable', share_pct: 15 });
    expect(matchBaseline([older, streaming], tv({ platform: 'cable' }))).toMatchObject({ baseline: { share_pct: 35 }, exactPeriod: true, exactPlatform: false });
  });

  it('with no row of the period covering the production’s platform, the widest row, then the first listed', () => {
    const streaming = b({ period: '2016-17', platform: 'streaming', share_pct: 35 });
    const broadcast = b({ period: '2016-17', platform: 'broadcast', share_pct: 27 });
    const both = b({ period: '2016-17', platform: 'broadcast, streaming', share_pct: 25 });
    expect(share([streaming, both, broadcast], tv({ platform: 'cable' }))).toBe(25);
    expect(share([streaming, both, broadcast], tv())).toBe(25);
    // equally wide: no principled choice, so the first listed (stored first: the lower id), whatever order they come in
    expect(share([streaming, broadcast], tv({ platform: 'cable' }))).toBe(35);
    expect(share([broadcast, streaming], tv({ platform: 'cable' }))).toBe(35);
  });

  it('no reference date: no baseline, rather than a guess', () => {
    expect(matchBaseline([b({ period: '2016-17' })], tv({ referenceDate: null }))).toBeNull();
  });

  it('nothing to match: null', () => {
    expect(matchBaseline([], tv())).toBeNull();
  });
});

describe('baselineLabel and baselineSource', () => {
  it('name report, period, role, medium and unit', () => {
    expect(baselineLabel(b({ report: 'Boxed In', period: '2017-18', platform: 'broadcast, cable, streaming' }))).toBe(
      'Boxed In 2017-18: directors, TV, % of people',
    );
    expect(baselineLabel(b({ report: 'Boxed In', period: '2016-17', platform: 'broadcast', role: 'key_roles' }))).toBe(
      'Boxed In 2016-17: key roles, TV (broadcast), % of people',
    );
    expect(baselineLabel(b({ report: 'The Celluloid Ceiling', period: '2017', medium: 'film', role: 'key_roles' }))).toBe(
      'The Celluloid Ceiling 2017: key roles, film, % of people',
    );
    expect(baselineLabel(b({ report: 'DGA', period: '2016-17', unit: 'episode' }))).toBe('DGA 2016-17: directors, TV, % of episodes');
    // a kind named only by a service is measured in part: the label names the platforms
    expect(baselineLabel(b({ report: 'Boxed In', period: '2014-15', platform: 'broadcast, cable, Netflix', role: 'key_roles' }))).toBe(
      'Boxed In 2014-15: key roles, TV (broadcast, cable, Netflix), % of people',
    );
    expect(baselineSource(b({ period: '2017', report: 'R', source: 'S', population: 'P', cited_via: 'C' }))).toBe('R (S); P; read in C');
  });

  it('labelledPlatforms reads back the platforms a partial figure’s label names', () => {
    expect(labelledPlatforms(baselineLabel(b({ report: 'Boxed In', period: '2020-21', platform: 'streaming' })))).toBe('streaming');
    expect(labelledPlatforms(baselineLabel(b({ report: 'Boxed In (web)', period: '2016-17', platform: 'broadcast, cable', unit: 'episode' })))).toBe('broadcast, cable');
    expect(labelledPlatforms(baselineLabel(b({ report: 'Boxed In', period: '2017-18', platform: 'broadcast, cable, streaming' })))).toBeNull();
    expect(labelledPlatforms(baselineLabel(b({ report: 'Boxed In', period: '2017-18', platform: '' })))).toBeNull();
  });
});

describe('the seeded baselines', () => {
  let db: Knex;
  let seeded: StoredBaseline[];
  beforeAll(async () => {
    db = await freshDb();
    await ensureBaselines(db);
    seeded = await listBaselines(db);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('a 2017 film’s all row: The Celluloid Ceiling 2017, key roles, 18%', () => {
    for (const unit of ['credit', 'person', 'episode'] as const) {
      const m = matchBaseline(seeded, { medium: 'film', role: 'all', unit, referenceDate: '2017-06-15', platform: undefined })!;
      expect(m.baseline).toMatchObject({ report: 'The Celluloid Ceiling', period: '2017', role: 'key_roles', unit: 'person', share_pct: 18 });
      expect(m.exactPeriod).toBe(true);
    }
  });

  it('a TV season first aired 2016-10-01: Boxed In 2016-17 key roles 28% for all/person', () => {
    const m = matchBaseline(seeded, tv({ role: 'all', unit: 'person', referenceDate: '2016-10-01' }))!;
    expect(m.baseline).toMatchObject({ report: 'Boxed In', period: '2016-17', role: 'key_roles', unit: 'person', share_pct: 28 });
    expect(m.exactPeriod).toBe(true);
    expect(baselineLabel(m.baseline)).toBe('Boxed In 2016-17: key roles, TV, % of people');
    // a broadcast show gets the broadcast-only figure of the same report
    expect(share(seeded, tv({ role: 'all', referenceDate: '2016-10-01', platform: 'broadcast' }))).toBe(27);
  });

  it('a cable show of 2020-21: Boxed In 2020-21 has only streaming and broadcast rows, so the figure is flagged as not its platform', () => {
    const m = matchBaseline(seeded, tv({ referenceDate: '2021-01-10', platform: 'cable' }))!;
    expect(m.baseline).toMatchObject({ report: 'Boxed In', period: '2020-21', platform: 'streaming', share_pct: 31 });
    expect(m).toMatchObject({ exactPeriod: true, exactPlatform: false });
    expect(matchBaseline(seeded, tv({ referenceDate: '2021-01-10' }))).toMatchObject({ exactPeriod: true, exactPlatform: false });
    expect(matchBaseline(seeded, tv({ referenceDate: '2021-01-10', platform: 'streaming' }))).toMatchObject({ exactPeriod: true, exactPlatform: true });
    // the DGA's figure covers every platform
    expect(matchBaseline(seeded, tv({ unit: 'episode', referenceDate: '2021-01-10', platform: 'cable' }))).toMatchObject({ exactPlatform: true });
  });

  it('a show of 2014-15: Boxed In measured Netflix alone of the streamers, so another streamer’s figure is flagged', () => {
    const keyRoles = (platform: string | undefined) => matchBaseline(seeded, tv({ role: 'all', referenceDate: '2014-10-01', platform }))!;
    expect(keyRoles('Netflix')).toMatchObject({ baseline: { period: '2014-15', platform: 'broadcast, cable, Netflix', share_pct: 25 }, exactPlatform: true });
    for (const platform of ['Hulu', 'Amazon', undefined]) {
      const m = keyRoles(platform);
      expect(m).toMatchObject({ baseline: { platform: 'broadcast, cable, Netflix', share_pct: 25 }, exactPeriod: true, exactPlatform: false });
      expect(baselineLabel(m.baseline)).toBe('Boxed In 2014-15: key roles, TV (broadcast, cable, Netflix), % of people');
    }
  });

  it('directors, episode unit: the DGA’s share of episodes for the season', () => {
    const m = matchBaseline(seeded, tv({ unit: 'episode', referenceDate: '2016-10-01' }))!;
    expect(m.baseline).toMatchObject({ source: 'Directors Guild of America', period: '2016-17', unit: 'episode', share_pct: 21 });
  });

  it('every seeded baseline has a well-formed period', () => {
    for (const row of seeded) {
      expect(parsePeriod(row.period)).toEqual({ start: row.period_start, end: row.period_end });
      expect(row.share_pct).toBeGreaterThanOrEqual(0);
      expect(row.share_pct).toBeLessThanOrEqual(100);
    }
  });
});
