/** Human-readable text for import results, shared by the CLI and the upload page's API. */
import { delimiterName } from './delimiter.js';
import type { FileFacts, ImportIssue, ImportSummary, RemovedCredit } from './types.js';

/** FILE:LINE:COLUMN: message, the form editors and terminals link to. */
export function formatIssue(issue: ImportIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What reading one file found: rows, encoding (and why), delimiter, ignored columns. Credit and people sheets alike. */
export function formatFileLine(
  f: Pick<FileFacts, 'file' | 'rowsRead' | 'encoding' | 'encodingNote' | 'delimiter' | 'ignoredColumns' | 'placeholders' | 'preamble'> & {
    format?: FileFacts['format'];
  },
): string {
  return (
    `${f.file}: ${f.format === 'wide' ? 'wide sheet (one row per episode), ' : ''}${plural(f.rowsRead, 'row')} read, decoded as ${f.encoding || 'utf-8'}${f.encodingNote ? ` (${f.encodingNote})` : ''}, ${delimiterName(f.delimiter)}-separated` +
    (f.preamble?.length ? `; ${preambleNote(f.preamble)}` : '') +
    (f.ignoredColumns.length > 0 ? `; ignored columns: ${f.ignoredColumns.join(', ')}` : '') +
    (f.placeholders ? `; ${plural(f.placeholders, 'placeholder')} (TBA, N/A, unknown, a dash) credited to nobody` : '')
  );
}

/** "skipped line 1 above the header", "skipped lines 1, 3 above the header". */
export function preambleNote(lines: readonly number[]): string {
  return `skipped ${lines.length === 1 ? 'line' : 'lines'} ${lines.join(', ')} above the header (a title or note)`;
}

/** Name pairs listed one a line; the rest counted. */
const MAX_VARIANT_LINES = 20;
/** Removed credits listed one a line; the rest counted. */
const MAX_REMOVED_LINES = 50;

/** `"Lucifer" S4E2 director "Ann Lee" (not in fix.csv)`; a film without season and episode. */
export function formatRemoved(c: RemovedCredit): string {
  const where = c.kind === 'film' ? `"${c.production}" (film)` : `"${c.production}" S${c.season}E${c.episode}`;
  return `${where} ${c.role} "${c.person}" (not in ${c.file})`;
}

export function formatSummary(s: ImportSummary): string {
  const lines = s.files.map(formatFileLine);
  lines.push(
    `credits: ${s.creditsNew} new, ${s.creditsUnchanged} unchanged, ${s.creditsUpdated} updated` +
      (s.replace ? `, ${s.creditsRemoved} removed (not in the sheets that replace them)` : '') +
      (s.duplicateRows > 0 ? `, ${plural(s.duplicateRows, 'repeated row')} counted once` : ''),
  );
  lines.push(
    `added: ${plural(s.productionsAdded, 'production')}, ${plural(s.seasonsAdded, 'season')}, ` +
      `${plural(s.episodesAdded, 'episode')}, ${plural(s.peopleAdded, 'person').replace('persons', 'people')}; ` +
      `updated: ${s.seasonsUpdated > 0 ? `${plural(s.seasonsUpdated, 'season')} (platform), ` : ''}` +
      `${plural(s.episodesUpdated, 'episode')}, ${plural(s.peopleUpdated, 'person').replace('persons', 'people')}`,
  );
  for (const [added, other] of s.nameVariants.slice(0, MAX_VARIANT_LINES)) {
    lines.push(`check: "${added}" and "${other}" may be one person written two ways; they are counted as two (write one spelling)`);
  }
  if (s.nameVariants.length > MAX_VARIANT_LINES) lines.push(`check: ${s.nameVariants.length - MAX_VARIANT_LINES} more such pairs`);
  for (const [given, title] of s.titleVariants.slice(0, MAX_VARIANT_LINES)) {
    lines.push(`check: "${given}" is taken as the production "${title}" (titles that differ only in accents or punctuation are one production); if they are two, tell them apart in the title`);
  }
  if (s.titleVariants.length > MAX_VARIANT_LINES) lines.push(`check: ${s.titleVariants.length - MAX_VARIANT_LINES} more such titles`);
  for (const c of s.removedCredits.slice(0, MAX_REMOVED_LINES)) lines.push(`removed: ${formatRemoved(c)}`);
  if (s.creditsRemoved > MAX_REMOVED_LINES) lines.push(`removed: ${plural(s.creditsRemoved - MAX_REMOVED_LINES, 'more credit')}`);
  if (s.issues.length > 0) lines.push(`not imported: ${plural(s.issues.length, 'error')}; nothing was written`);
  else if (s.dryRun) lines.push('dry run: nothing was written');
  else lines.push('committed');
  return lines.join('\n');
}
