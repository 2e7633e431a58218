/**
 * The sample people sheet (data/sample/people-sheet.csv): each sample
 * person's gender with the evidence it rests on, imported through the people
 * import after the credits, so the researched provenance sits beside the
 * genders the credit sheet carries. Safe to repeat: a second run finds
 * everyone unchanged.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { PROJECT_ROOT } from '../src/config.js';
import { formatIssue } from '../src/import/report.js';
import { importPeople } from '../src/people/service.js';

export const SAMPLE_PEOPLE_FILE = path.join(PROJECT_ROOT, 'data', 'sample', 'people-sheet.csv');

export async function seed(knex: Knex): Promise<void> {
  const summary = await importPeople(knex, [{ path: SAMPLE_PEOPLE_FILE, name: 'data/sample/people-sheet.csv' }]);
  if (summary.issues.length > 0) throw new Error(summary.issues.map(formatIssue).join('\n'));
}
