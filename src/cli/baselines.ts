import type { Command } from 'commander';
import path from 'node:path';
import { importBaselines } from '../baselines/import.js';
import { listBaselines } from '../db/baseline-store.js';
import { formatIssue } from '../import/report.js';
import { withDatabase, withDbOption, type DbOption } from './shared.js';

export function registerBaselines(program: Command): void {
  const baselines = program.command('baselines').description('published industry baselines');
  withDbOption(
    baselines
      .command('import')
      .description('add baselines from a CSV with the columns of data/baselines.csv')
      .argument('<file>'),
  ).action(async (file: string, flags: DbOption) => {
    const result = await withDatabase(flags, (db) => importBaselines(db, file, path.basename(file), file));
    for (const issue of result.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    if (result.issues.length > 0) {
      process.stdout.write(`not imported: ${result.issues.length} errors; nothing was written\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`${result.rowsRead} rows read, ${result.added} baselines added, ${result.rowsRead - result.added} already present\n`);
    }
  });
  withDbOption(baselines.command('list').description('list baselines as JSON')).action(async (flags: DbOption) => {
    const rows = await withDatabase(flags, (db) => listBaselines(db));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  });
}
