/** The researched sample credits (see data/sample/README.md), imported through the normal pipeline. */
import path from 'node:path';
import type { Knex } from 'knex';
import { PROJECT_ROOT } from '../src/config.js';
import { importFiles } from '../src/import/service.js';
import { formatIssue } from '../src/import/report.js';

export const SAMPLE_CREDITS_FILE = path.join(PROJECT_ROOT, 'data', 'sample', 'credits.csv');

export async function seed(knex: Knex): Promise<void> {
  const summary = await importFiles(knex, [{ path: SAMPLE_CREDITS_FILE, name: 'data/sample/credits.csv' }]);
  if (summary.issues.length > 0) throw new Error(summary.issues.map(formatIssue).join('\n'));
}
