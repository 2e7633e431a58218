/** Human-readable text for a people import's result (the CLI's, and an upload's). */
import { delimiterName } from '../import/delimiter.js';
import type { PeopleImportSummary } from './types.js';

export function peopleCounts(s: Pick<PeopleImportSummary, 'peopleNew' | 'peopleUpdated' | 'peopleUnchanged' | 'gendersChanged'>): string {
  return `${s.peopleNew} new, ${s.peopleUpdated} updated (${s.gendersChanged} with a different gender), ${s.peopleUnchanged} unchanged`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatPeopleSummary(s: PeopleImportSummary): string {
  const lines = s.files.map(
    (f) =>
      `${f.file}: ${plural(f.rowsRead, 'row')} read, decoded as ${f.encoding || 'utf-8'}, ${delimiterName(f.delimiter)}-separated` +
      (f.ignoredColumns.length > 0 ? `; ignored columns: ${f.ignoredColumns.join(', ')}` : ''),
  );
  lines.push(`people: ${peopleCounts(s)}` + (s.repeatedRows > 0 ? `, ${plural(s.repeatedRows, 'repeated row')} counted once` : ''));
  if (s.issues.length > 0) lines.push(`not imported: ${plural(s.issues.length, 'error')}; nothing was written`);
  else if (s.dryRun) lines.push('dry run: nothing was written');
  else lines.push('committed');
  return lines.join('\n');
}
