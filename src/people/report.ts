/** Human-readable text for a people import's result (the CLI's, and an upload's). */
import { formatFileLine, plural } from '../import/report.js';
import type { PeopleImportSummary } from './types.js';

export function peopleCounts(s: Pick<PeopleImportSummary, 'peopleNew' | 'peopleUpdated' | 'peopleUnchanged' | 'gendersChanged'>): string {
  return `${s.peopleNew} new, ${s.peopleUpdated} updated (${s.gendersChanged} with a different gender), ${s.peopleUnchanged} unchanged`;
}

export function formatPeopleSummary(s: PeopleImportSummary): string {
  const lines = s.files.map(formatFileLine);
  lines.push(`people: ${peopleCounts(s)}` + (s.repeatedRows > 0 ? `, ${plural(s.repeatedRows, 'repeated row')} counted once` : ''));
  if (s.issues.length > 0) lines.push(`not imported: ${plural(s.issues.length, 'error')}; nothing was written`);
  else if (s.dryRun) lines.push('dry run: nothing was written');
  else lines.push('committed');
  return lines.join('\n');
}
