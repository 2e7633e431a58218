import type { Command } from 'commander';
import { formatIssue } from '../import/report.js';
import { formatPeopleSummary } from '../people/report.js';
import { importPeople } from '../people/service.js';
import { withDatabase, withDbOption, writeIssuesCsv, type DbOption } from './shared.js';

interface ImportPeopleFlags extends DbOption {
  dryRun?: boolean;
  errorsOut?: string;
  delimiter?: string;
  encoding?: string;
}

export function registerImportPeople(program: Command): void {
  withDbOption(
    program
      .command('import-people')
      .description('import people sheets (person,gender,gender_source,source_url,note): each gender with its evidence; all files in one transaction')
      .argument('<files...>', 'CSV files')
      .option('--dry-run', 'validate and report what would change, write nothing')
      .option('--errors-out <file>', 'write every problem found as CSV (file,line,column,value,message)')
      .option('--delimiter <char>', 'field delimiter (default: an Excel sep= first line, else detected from the header line)')
      .option('--encoding <name>', 'text encoding, e.g. utf-8, utf-16le, windows-1252 (default: a BOM says, else UTF-8, else windows-1252 when plausible)'),
  ).action(async (files: string[], flags: ImportPeopleFlags) => {
    const summary = await withDatabase(flags, (db) =>
      importPeople(
        db,
        files.map((path) => ({ path })),
        {
          dryRun: flags.dryRun ?? false,
          ...(flags.delimiter ? { delimiter: flags.delimiter === '\\t' || flags.delimiter === 'tab' ? '\t' : flags.delimiter } : {}),
          ...(flags.encoding ? { encoding: flags.encoding } : {}),
        },
      ),
    );
    for (const issue of summary.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    if (flags.errorsOut) await writeIssuesCsv(flags.errorsOut, summary.issues);
    process.stdout.write(`${formatPeopleSummary(summary)}\n`);
    if (summary.issues.length > 0) process.exitCode = 1;
  });
}
