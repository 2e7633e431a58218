/** Published industry baselines, with their citations, from data/baselines.csv. */
import path from 'node:path';
import type { Knex } from 'knex';
import { importBaselines } from '../src/baselines/import.js';
import { PROJECT_ROOT } from '../src/config.js';
import { countBaselines } from '../src/db/baseline-store.js';
import { formatIssue } from '../src/import/report.js';

export const BASELINES_FILE = path.join(PROJECT_ROOT, 'data', 'baselines.csv');

export async function seed(knex: Knex): Promise<void> {
  if ((await countBaselines(knex)) > 0) return;
  const result = await importBaselines(knex, BASELINES_FILE, 'seed', 'data/baselines.csv');
  if (result.issues.length > 0) throw new Error(result.issues.map(formatIssue).join('\n'));
}
