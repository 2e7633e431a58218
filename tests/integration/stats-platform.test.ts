/**
 * baseline_exact_platform: whether the matched baseline measures the
 * production's platform. Boxed In 2020-21 published streaming and broadcast
 * figures only, so a cable show of that season (or one whose platform is not
 * recorded) gets a figure for another platform, and says so in the stats
 * rows, the API, the CSV export and the CLI table.
 */
import type { Express } from 'express';
import type { Knex } from 'knex';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ensureBaselines } from '../../seeds/index.js';
import { createApp } from '../../src/http/app.js';
import { importFiles } from '../../src/import/service.js';
import { STATS_FIELDS } from '../../src/stats/fields.js';
import { computeStats } from '../../src/stats/service.js';
import { formatStatsTable } from '../../src/stats/table.js';
import { freshDb, tempFile } from '../helpers/db.js';

const SHEET = [
  'series,season,episode,air_date,role,person,gender,platform',
  'Cable Show,1,1,2021-01-10,director,Uma U,woman,HBO',
  'Stream Show,1,1,2021-01-10,director,Vic V,man,Netflix',
  'Nowhere Show,1,1,2021-01-10,director,Wen W,woman,',
  'Undated Show,1,1,,director,Xia X,woman,HBO',
  'Hulu Show,1,1,2014-10-01,director,Yan Y,woman,Hulu',
  'Netflix Show,1,1,2014-10-01,director,Zoe Z,woman,Netflix',
].join('\n');

const STREAMING_DIRECTORS = 'Boxed In 2020-21: directors, TV (streaming), % of people';

let db: Knex;
let app: Express;

beforeAll(async () => {
  db = await freshDb();
  await ensureBaselines(db);
  const summary = await importFiles(db, [{ path: tempFile('platforms.csv', SHEET) }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
  app = createApp({ db });
});
afterAll(async () => {
  await db.destroy();
});

const directors = async (production: string, unit: 'person' | 'episode' = 'person') => (await computeStats(db, { production, role: 'director', unit }))[0]!;

describe('baseline_exact_platform', () => {
  it('a cable show of 2020-21 gets the same-period streaming figure, flagged as not measuring its platform', async () => {
    expect(await directors('cable-show')).toMatchObject({
      baseline_label: STREAMING_DIRECTORS,
      baseline_share: 0.31,
      baseline_exact_period: true,
      baseline_exact_platform: false,
    });
    // the DGA's episode figure covers broadcast, cable and streaming
    expect(await directors('cable-show', 'episode')).toMatchObject({ baseline_exact_period: true, baseline_exact_platform: true });
  });

  it('a streaming show’s figure is its own; a show with no platform recorded gets a one-platform figure, flagged', async () => {
    expect(await directors('stream-show')).toMatchObject({ baseline_label: STREAMING_DIRECTORS, baseline_exact_platform: true });
    expect(await directors('nowhere-show')).toMatchObject({ baseline_label: STREAMING_DIRECTORS, baseline_exact_platform: false });
  });

  it('a Hulu show of 2014-15 gets Boxed In’s figure for broadcast, cable and Netflix, flagged and labelled as such', async () => {
    const keyRoles = async (production: string) => (await computeStats(db, { production, role: 'all', unit: 'person' }))[0]!;
    const label = 'Boxed In 2014-15: key roles, TV (broadcast, cable, Netflix), % of people';
    expect(await keyRoles('hulu-show')).toMatchObject({ baseline_share: 0.25, baseline_label: label, baseline_exact_period: true, baseline_exact_platform: false });
    expect(await keyRoles('netflix-show')).toMatchObject({ baseline_share: 0.25, baseline_label: label, baseline_exact_platform: true });
    const table = formatStatsTable(await computeStats(db, { production: 'hulu-show', role: 'all', unit: 'person' }));
    expect(table).toMatch(/^hulu-show .* 25\.0%† /m);
    expect(table).toContain(`  ${label} (†measures broadcast, cable, Netflix only: not the production's platform, or that is not recorded): Boxed In (`);
  });

  it('is null without a baseline, as baseline_exact_period is', async () => {
    for (const r of await computeStats(db, { production: 'undated-show' })) {
      expect(r).toMatchObject({ baseline_share: null, baseline_exact_period: null, baseline_exact_platform: null });
    }
  });

  it('comes right after baseline_exact_period in the API and the CSV export', async () => {
    const json = await request(app).get('/api/stats?production=cable-show&role=director&unit=person');
    expect(json.status).toBe(200);
    const keys = Object.keys(json.body.rows[0]);
    expect(keys.indexOf('baseline_exact_platform')).toBe(keys.indexOf('baseline_exact_period') + 1);
    expect(json.body.rows[0].baseline_exact_platform).toBe(false);

    const csv = await request(app).get('/api/stats.csv?production=cable-show&role=director&unit=person');
    expect(csv.status).toBe(200);
    const [header, row] = parse(csv.text) as string[][];
    expect(header).toEqual([...STATS_FIELDS]);
    expect(header!.slice(header!.indexOf('baseline_exact_period'), header!.indexOf('baseline_exact_period') + 2)).toEqual(['baseline_exact_period', 'baseline_exact_platform']);
    expect(row![header!.indexOf('baseline_exact_platform')]).toBe('false');
  });

  it('the CLI table marks the figure with † and its footnote says which platform it measures', async () => {
    const table = formatStatsTable(await computeStats(db, { production: 'cable-show', role: 'director', unit: 'person' }));
    expect(table).toMatch(/^cable-show .* 31\.0%† /m);
    expect(table).toContain(`  ${STREAMING_DIRECTORS} (†measures streaming only: not the production's platform, or that is not recorded): Boxed In (`);
    const own = formatStatsTable(await computeStats(db, { production: 'stream-show', role: 'director', unit: 'person' }));
    expect(own).not.toContain('†');
  });
});
