/**
 * What every command does before its work: open the database, bring the
 * schema up to date and make sure the published baselines are there.
 */
import type { Knex } from 'knex';
import { openMigrated } from './db/connect.js';
import { ensureBaselines, runSeeds } from '../seeds/index.js';

export async function openReady(url: string): Promise<Knex> {
  const db = await openMigrated(url);
  try {
    await ensureBaselines(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/** Load the sample credits when the database holds no production yet (npm start's first run). */
export async function seedSampleIfEmpty(db: Knex): Promise<boolean> {
  const [row] = await db('productions').count<{ n: number | string }[]>({ n: '*' });
  if (Number(row?.n ?? 0) > 0) return false;
  await runSeeds(db, ['02-sample-credits', '03-sample-people']);
  return true;
}
