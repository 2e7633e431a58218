/**
 * baseline_share and gap_pp are rounded as the other figures are: a user
 * baseline of 33.3% is 0.333, not the float 33.3 / 100 = 0.33299999999999996.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBaselines } from '../../src/baselines/import.js';
import { importFiles } from '../../src/import/service.js';
import { computeStats } from '../../src/stats/service.js';
import { freshDb, tempFile } from '../helpers/db.js';

const BASELINES = [
  'source,report,period,medium,population,platform,role,unit,share_pct,cited_via',
  'Us,Our Count,2016-17,tv,our shows,,director,person,33.3,our notes',
  'Us,Our Count,2016-17,tv,our shows,,writer,person,57.7,our notes',
].join('\n');

const SHEET = [
  'series,season,episode,air_date,role,person,gender',
  'Third Show,1,1,2016-10-01,director,Ann A,woman',
  'Third Show,1,1,2016-10-01,director,Bob B,man',
  'Third Show,1,1,2016-10-01,director,Cy C,man',
  'Third Show,1,1,2016-10-01,writer,Dee D,woman',
].join('\n');

let db: Knex;

beforeAll(async () => {
  db = await freshDb();
  const baselines = await importBaselines(db, tempFile('ours.csv', BASELINES), 'user');
  if (baselines.issues.length > 0) throw new Error(JSON.stringify(baselines.issues));
  const summary = await importFiles(db, [{ path: tempFile('third.csv', SHEET) }]);
  if (summary.issues.length > 0) throw new Error(JSON.stringify(summary.issues));
});
afterAll(async () => {
  await db.destroy();
});

const person = async (role: string) => (await computeStats(db, { production: 'third-show', role, unit: 'person' }))[0]!;

describe('baseline_share', () => {
  it('is the published percentage over 100, rounded to 6 places', async () => {
    expect(33.3 / 100).not.toBe(0.333); // the float the figure would otherwise carry
    expect((await person('director')).baseline_share).toBe(0.333);
    expect((await person('writer')).baseline_share).toBe(0.577);
  });

  it('gap_pp is taken from the published percentage and rounded to 4 places', async () => {
    expect((await person('director')).gap_pp).toBe(0.0333); // 33.3333… − 33.3
    expect((await person('writer')).gap_pp).toBe(42.3); // 100 − 57.7
  });
});
